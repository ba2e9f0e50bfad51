//! Alert states and the notification log. A plan is stored in one transaction: the
//! alert states, the notifications and their outbox rows, so a crash either keeps the
//! whole decision (and delivers it later) or none of it (and decides again).

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::StoreError;
use crate::alerts::{AlertKey, AlertState, Notification, Plan};

/// Every stored alert state.
pub fn states(conn: &Connection) -> Result<Vec<AlertState>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT fingerprint, org, kind, entity, summary, labels, starts_ms, first_seen_ms, ends_ms,
                last_notified_ms, reminders, resolved_notified FROM alerts",
    )?;
    let rows = stmt.query_map([], |r| {
        let labels: String = r.get(5)?;
        Ok(AlertState {
            fingerprint: r.get(0)?,
            key: AlertKey {
                org: r.get(1)?,
                kind: r.get(2)?,
                entity: r.get(3)?,
            },
            summary: r.get(4)?,
            labels: serde_json::from_str(&labels).unwrap_or_default(),
            starts_ms: r.get(6)?,
            first_seen_ms: r.get(7)?,
            ends_ms: r.get(8)?,
            last_notified_ms: r.get(9)?,
            reminders: r.get(10)?,
            resolved_notified: r.get(11)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Stores a plan; each notification gets an outbox row per target from `targets`
/// (disabled endpoints are skipped).
pub fn commit_plan(
    conn: &mut Connection,
    plan: &Plan,
    targets: &dyn Fn(&Notification) -> Vec<String>,
) -> Result<(), StoreError> {
    let tx = conn.transaction()?;
    {
        let mut upsert = tx.prepare_cached(
            "INSERT OR REPLACE INTO alerts (fingerprint, org, kind, entity, summary, labels, starts_ms, first_seen_ms,
               ends_ms, last_notified_ms, reminders, resolved_notified)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?;
        for s in &plan.states {
            upsert.execute(params![
                s.fingerprint,
                s.key.org,
                s.key.kind,
                s.key.entity,
                s.summary,
                serde_json::to_string(&s.labels).unwrap_or_default(),
                s.starts_ms,
                s.first_seen_ms,
                s.ends_ms,
                s.last_notified_ms,
                s.reminders,
                s.resolved_notified
            ])?;
        }
    }
    for n in &plan.notifications {
        insert_notification(&tx, n, &targets(n))?;
    }
    tx.commit()?;
    Ok(())
}

/// Logs a notification and queues it for `targets`; a known id is left alone.
pub fn insert_notification(
    conn: &Connection,
    n: &Notification,
    targets: &[String],
) -> Result<bool, StoreError> {
    let created = n.created_at.timestamp_millis();
    let fresh = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO notifications (id, org, reason, created_ms, body) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![n.id, n.org, n.reason.as_str(), created, n.to_json()])?
        == 1;
    if !fresh {
        return Ok(false);
    }
    let mut queue = conn.prepare_cached(
        "INSERT OR IGNORE INTO outbox (notification, target, next_ms)
         SELECT ?1, ?2, ?3 WHERE NOT EXISTS (SELECT 1 FROM disabled_endpoints WHERE name = ?2)",
    )?;
    for target in targets {
        queue.execute(params![n.id, target, created])?;
    }
    Ok(true)
}

/// A notification as logged.
pub fn notification(conn: &Connection, id: &str) -> Result<Option<Notification>, StoreError> {
    let body: Option<String> = conn
        .prepare_cached("SELECT body FROM notifications WHERE id = ?1")?
        .query_row(params![id], |r| r.get(0))
        .optional()?;
    Ok(body.and_then(|b| serde_json::from_str(&b).ok()))
}

/// An alert for `govtrack alerts`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertView {
    /// Identity hash.
    pub fingerprint: String,
    /// Organisation.
    pub org: String,
    /// Kind.
    pub kind: String,
    /// Entity.
    pub entity: String,
    /// `firing` or `resolved`.
    pub status: &'static str,
    /// One line.
    pub summary: String,
    /// Since, ms.
    pub starts_ms: i64,
    /// Resolved at, ms.
    pub ends_ms: Option<i64>,
    /// Last notified, ms.
    pub last_notified_ms: Option<i64>,
    /// Reminders sent.
    pub reminders: u32,
}

/// The alerts of one org (or all), firing first.
pub fn list(conn: &Connection, org: Option<&str>) -> Result<Vec<AlertView>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT fingerprint, org, kind, entity, ends_ms IS NULL, summary, starts_ms, ends_ms, last_notified_ms, reminders
         FROM alerts WHERE ?1 IS NULL OR org = ?1
         ORDER BY ends_ms IS NOT NULL, org, starts_ms, fingerprint",
    )?;
    let rows = stmt.query_map(params![org], |r| {
        Ok(AlertView {
            fingerprint: r.get(0)?,
            org: r.get(1)?,
            kind: r.get(2)?,
            entity: r.get(3)?,
            status: if r.get(4)? { "firing" } else { "resolved" },
            summary: r.get(5)?,
            starts_ms: r.get(6)?,
            ends_ms: r.get(7)?,
            last_notified_ms: r.get(8)?,
            reminders: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// How far GOVTRACK_ALERTS has been merged into the notification log.
pub fn stream_checkpoint(conn: &Connection) -> Result<u64, StoreError> {
    let seq: i64 = conn.query_row(
        "SELECT sequence FROM alerts_stream_checkpoint WHERE id = 1",
        [],
        |r| r.get(0),
    )?;
    Ok(seq as u64)
}

/// A notice read back from GOVTRACK_ALERTS.
#[derive(Debug, Clone, PartialEq)]
pub struct PublishedNotice {
    /// The alert as notified.
    pub notice: crate::alerts::Notice,
    /// When it was notified, ms.
    pub notified_ms: i64,
}

/// Merges notices published to GOVTRACK_ALERTS (by any scheduler) into the alert states,
/// so what was told is never told again; stores the stream checkpoint with them.
pub fn merge_published(
    conn: &mut Connection,
    notices: &[PublishedNotice],
    checkpoint: u64,
) -> Result<(), StoreError> {
    use crate::alerts::NoticeStatus;
    let tx = conn.transaction()?;
    for p in notices {
        let n = &p.notice;
        let since = n.since.timestamp_millis();
        let labels = serde_json::to_string(&n.labels).unwrap_or_default();
        // A new episode (unknown, or a different start) replaces the stored one.
        tx.prepare_cached(
            "INSERT INTO alerts (fingerprint, org, kind, entity, summary, labels, starts_ms, first_seen_ms, last_notified_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)
             ON CONFLICT (fingerprint) DO UPDATE SET org = excluded.org, kind = excluded.kind, entity = excluded.entity,
               summary = excluded.summary, labels = excluded.labels, starts_ms = excluded.starts_ms,
               first_seen_ms = excluded.first_seen_ms, ends_ms = NULL, last_notified_ms = excluded.last_notified_ms,
               reminders = 0, resolved_notified = 0
             WHERE alerts.starts_ms <> excluded.starts_ms",
        )?
        .execute(params![n.fingerprint, n.org, n.kind, n.entity, n.summary, labels, since, p.notified_ms])?;
        match n.status {
            NoticeStatus::Firing => tx.prepare_cached(
                "UPDATE alerts SET last_notified_ms = max(coalesce(last_notified_ms, 0), ?2) WHERE fingerprint = ?1",
            )?
            .execute(params![n.fingerprint, p.notified_ms])?,
            NoticeStatus::Resolved => tx.prepare_cached(
                "UPDATE alerts SET ends_ms = coalesce(ends_ms, ?2), resolved_notified = 1 WHERE fingerprint = ?1",
            )?
            .execute(params![n.fingerprint, n.ends_at.map_or(p.notified_ms, |t| t.timestamp_millis())])?,
        };
    }
    tx.execute(
        "UPDATE alerts_stream_checkpoint SET sequence = ?1 WHERE id = 1",
        params![checkpoint as i64],
    )?;
    tx.commit()?;
    Ok(())
}
