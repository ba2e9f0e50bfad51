//! The delivery outbox, its attempts, and endpoints disabled by a 410.

use rusqlite::{Connection, params};
use serde::Serialize;

use super::StoreError;

/// A delivery that is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// Notification id.
    pub notification: String,
    /// `nats` or a webhook name.
    pub target: String,
    /// Attempts made so far.
    pub attempts: u32,
    /// The notification as logged (JSON).
    pub body: String,
}

/// Up to `limit` pending deliveries due at `now_ms`, oldest first.
pub fn due(conn: &Connection, now_ms: i64, limit: usize) -> Result<Vec<Due>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.notification, o.target, o.attempts, n.body FROM outbox o JOIN notifications n ON n.id = o.notification
         WHERE o.state = 'pending' AND o.next_ms <= ?1 ORDER BY o.next_ms, o.notification LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![now_ms, limit as i64], |r| {
        Ok(Due {
            notification: r.get(0)?,
            target: r.get(1)?,
            attempts: r.get(2)?,
            body: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Deliveries still pending (due now or waiting to retry).
pub fn pending(conn: &Connection) -> Result<u64, StoreError> {
    let n: i64 = conn
        .prepare_cached("SELECT count(*) FROM outbox WHERE state = 'pending'")?
        .query_row([], |r| r.get(0))?;
    Ok(n.max(0) as u64)
}

/// What happens to a delivery after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Done.
    Delivered,
    /// Try again at this instant (ms).
    RetryAt(i64),
    /// Given up (a permanent error, or attempts exhausted).
    Failed,
    /// The endpoint answered 410 Gone: it is disabled, with everything queued for it.
    Disabled,
}

impl Next {
    fn state(self) -> &'static str {
        match self {
            Next::Delivered => "delivered",
            Next::RetryAt(_) => "pending",
            Next::Failed => "failed",
            Next::Disabled => "disabled",
        }
    }
}

/// One attempt and its consequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// Notification id.
    pub notification: String,
    /// Target.
    pub target: String,
    /// 1 for the first attempt.
    pub attempt: u32,
    /// When, ms.
    pub at_ms: i64,
    /// HTTP status, if there was an answer.
    pub status: Option<u16>,
    /// What went wrong.
    pub error: Option<String>,
    /// How long it took.
    pub duration_ms: i64,
    /// What follows.
    pub next: Next,
}

/// Records attempts and their consequences in one transaction.
pub fn record(conn: &mut Connection, attempts: &[Attempt]) -> Result<(), StoreError> {
    let tx = conn.transaction()?;
    for a in attempts {
        tx.prepare_cached(
            "INSERT INTO attempts (notification, target, attempt, at_ms, status, error, outcome, duration_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            a.notification,
            a.target,
            a.attempt,
            a.at_ms,
            a.status,
            a.error,
            a.next.state(),
            a.duration_ms
        ])?;
        let next_ms = match a.next {
            Next::RetryAt(t) => t,
            _ => a.at_ms,
        };
        tx.prepare_cached(
            "UPDATE outbox SET state = ?3, attempts = ?4, next_ms = ?5, last_status = ?6, last_error = ?7
             WHERE notification = ?1 AND target = ?2",
        )?
        .execute(params![a.notification, a.target, a.next.state(), a.attempt, next_ms, a.status, a.error])?;
        if a.next == Next::Disabled {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO disabled_endpoints (name, disabled_ms, reason) VALUES (?1, ?2, '410 Gone')",
            )?
            .execute(params![a.target, a.at_ms])?;
            tx.prepare_cached(
                "UPDATE outbox SET state = 'disabled' WHERE target = ?1 AND state = 'pending'",
            )?
            .execute(params![a.target])?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// Endpoints disabled by a 410: `(name, disabled_ms)`.
pub fn disabled_endpoints(conn: &Connection) -> Result<Vec<(String, i64)>, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT name, disabled_ms FROM disabled_endpoints ORDER BY name")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Turns a disabled endpoint back on (new notifications are queued for it again).
pub fn enable_endpoint(conn: &Connection, name: &str) -> Result<bool, StoreError> {
    Ok(conn.execute(
        "DELETE FROM disabled_endpoints WHERE name = ?1",
        params![name],
    )? == 1)
}

/// A delivery with its attempts, for `govtrack alerts deliveries`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeliveryView {
    /// Notification id.
    pub notification: String,
    /// Organisation.
    pub org: String,
    /// firing, reminder, resolved, digest.
    pub reason: String,
    /// Target.
    pub target: String,
    /// pending, delivered, failed, disabled.
    pub state: String,
    /// Attempts so far.
    pub attempts: u32,
    /// Next attempt, ms (pending only).
    pub next_ms: i64,
    /// Last HTTP status.
    pub last_status: Option<u16>,
    /// Last error.
    pub last_error: Option<String>,
    /// Every attempt: `(attempt, at_ms, status, error, outcome, duration_ms)`.
    pub history: Vec<AttemptView>,
}

/// One attempt as shown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttemptView {
    /// 1 for the first.
    pub attempt: u32,
    /// When, ms.
    pub at_ms: i64,
    /// HTTP status.
    pub status: Option<u16>,
    /// Error.
    pub error: Option<String>,
    /// What followed.
    pub outcome: String,
    /// Duration.
    pub duration_ms: i64,
}

/// Deliveries of one org (or all), newest first, at most `limit`.
pub fn deliveries(
    conn: &Connection,
    org: Option<&str>,
    limit: usize,
) -> Result<Vec<DeliveryView>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.notification, n.org, n.reason, o.target, o.state, o.attempts, o.next_ms, o.last_status, o.last_error
         FROM outbox o JOIN notifications n ON n.id = o.notification
         WHERE ?1 IS NULL OR n.org = ?1 ORDER BY n.created_ms DESC, o.notification, o.target LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![org, limit as i64], |r| {
        Ok(DeliveryView {
            notification: r.get(0)?,
            org: r.get(1)?,
            reason: r.get(2)?,
            target: r.get(3)?,
            state: r.get(4)?,
            attempts: r.get(5)?,
            next_ms: r.get(6)?,
            last_status: r.get(7)?,
            last_error: r.get(8)?,
            history: Vec::new(),
        })
    })?;
    let mut out: Vec<DeliveryView> = rows.collect::<Result<_, _>>()?;
    let mut hist = conn.prepare_cached(
        "SELECT attempt, at_ms, status, error, outcome, duration_ms FROM attempts
         WHERE notification = ?1 AND target = ?2 ORDER BY attempt, id",
    )?;
    for d in &mut out {
        let rows = hist.query_map(params![d.notification, d.target], |r| {
            Ok(AttemptView {
                attempt: r.get(0)?,
                at_ms: r.get(1)?,
                status: r.get(2)?,
                error: r.get(3)?,
                outcome: r.get(4)?,
                duration_ms: r.get(5)?,
            })
        })?;
        d.history = rows.collect::<Result<_, _>>()?;
    }
    Ok(out)
}
