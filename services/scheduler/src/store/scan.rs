//! What the rules and the alert lifecycle read from the projection.

use rusqlite::types::Type;
use rusqlite::{Connection, Row, params};
use serde::Serialize;

use super::StoreError;
use crate::rules::overdue::KeyResultView;
use crate::rules::stall::{InitiativeView, parse_state};

const INITIATIVE_COLUMNS: &str =
    "org, initiative, state, checkin_days, last_activity_ms, stalled_activity_ms, horizon";

/// A text column, borrowed.
fn text<'r>(row: &'r Row<'_>, i: usize) -> Result<&'r str, rusqlite::Error> {
    row.get_ref(i)?
        .as_str()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, Type::Text, Box::new(e)))
}

/// Calls `f` for every projected initiative, streaming (nothing is collected).
pub fn for_each_initiative(
    conn: &Connection,
    mut f: impl FnMut(&InitiativeView<'_>),
) -> Result<(), StoreError> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {INITIATIVE_COLUMNS} FROM initiatives"))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let view = InitiativeView {
            org: text(row, 0)?,
            initiative: text(row, 1)?,
            state: parse_state(text(row, 2)?),
            checkin_days: row.get(3)?,
            last_activity_ms: row.get(4)?,
            stalled_activity_ms: row.get(5)?,
            horizon: row.get_ref(6)?.as_str_or_null().ok().flatten(),
        };
        f(&view);
    }
    Ok(())
}

/// The baseline for the benchmark: the same columns of the same table read in full,
/// with no rule applied. Returns the rows seen.
pub fn plain_full_scan(conn: &Connection) -> Result<u64, StoreError> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {INITIATIVE_COLUMNS} FROM initiatives"))?;
    let mut rows = stmt.query([])?;
    let mut seen = 0u64;
    while let Some(row) = rows.next()? {
        let org = text(row, 0)?;
        let initiative = text(row, 1)?;
        let _state = text(row, 2)?;
        let _cadence: Option<u32> = row.get(3)?;
        let last: i64 = row.get(4)?;
        let _stalled: Option<i64> = row.get(5)?;
        seen += (org.len() + initiative.len() > 0 && last != i64::MIN) as u64;
    }
    Ok(seen)
}

/// Every projected key result with a target (of one org, or all); a blank target is
/// never overdue.
pub fn key_results(conn: &Connection, org: Option<&str>) -> Result<Vec<KeyResultView>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT org, key_result, objective, title, baseline, target, direction, due, defined_ms, current,
                overdue_reported_ms IS NOT NULL
         FROM key_results WHERE (?1 IS NULL OR org = ?1) AND target IS NOT NULL
         ORDER BY org, key_result",
    )?;
    let rows = stmt.query_map(params![org], |r| {
        let due: String = r.get(7)?;
        Ok(KeyResultView {
            org: r.get(0)?,
            key_result: r.get(1)?,
            objective: r.get(2)?,
            title: r.get(3)?,
            baseline: r.get(4)?,
            target: r.get(5)?,
            direction: r.get(6)?,
            due: due.parse().unwrap_or_default(),
            defined_ms: r.get(8)?,
            current: r.get(9)?,
            overdue_reported: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// An initiative whose stall finding is open.
#[derive(Debug, Clone, PartialEq)]
pub struct StalledInitiative {
    /// Organisation.
    pub org: String,
    /// Initiative id.
    pub initiative: String,
    /// Title, once `initiative.started` was seen.
    pub title: Option<String>,
    /// Owner.
    pub owner: Option<String>,
    /// Last activity before the stall, ms.
    pub last_activity_ms: i64,
    /// When it stalled, ms.
    pub since_ms: i64,
}

/// Open, stalled initiatives: the source of `initiative_stalled` alerts.
pub fn stalled_initiatives(conn: &Connection) -> Result<Vec<StalledInitiative>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT org, initiative, title, owner, stalled_activity_ms, stalled_since_ms FROM initiatives
         WHERE stalled_since_ms IS NOT NULL AND state IN ('active', 'blocked')",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(StalledInitiative {
            org: r.get(0)?,
            initiative: r.get(1)?,
            title: r.get(2)?,
            owner: r.get(3)?,
            last_activity_ms: r.get(4)?,
            since_ms: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A silence as projected.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SilenceRow {
    /// Organisation that recorded it.
    pub org: String,
    /// Silence id.
    pub silence: String,
    /// Matched organisation.
    pub match_org: String,
    /// Matched alert kind (any when `None`).
    pub match_kind: Option<String>,
    /// Matched entity (any when `None`).
    pub match_entity: Option<String>,
    /// Who.
    pub owner: String,
    /// Why.
    pub reason: String,
    /// Created, ms.
    pub created_ms: i64,
    /// Expires, ms.
    pub expires_ms: i64,
    /// Lifted early, ms.
    pub expired_ms: Option<i64>,
}

impl SilenceRow {
    /// Whether it mutes at `now_ms`.
    pub fn is_active(&self, now_ms: i64) -> bool {
        self.expired_ms.is_none_or(|e| e > now_ms)
            && self.expires_ms > now_ms
            && self.created_ms <= now_ms
    }
}

/// Every silence (of one org, or all).
pub fn silences(conn: &Connection, org: Option<&str>) -> Result<Vec<SilenceRow>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT org, silence, match_org, match_kind, match_entity, owner, reason, created_ms, expires_ms, expired_ms
         FROM silences WHERE ?1 IS NULL OR org = ?1 ORDER BY org, created_ms, silence",
    )?;
    let rows = stmt.query_map(params![org], |r| {
        Ok(SilenceRow {
            org: r.get(0)?,
            silence: r.get(1)?,
            match_org: r.get(2)?,
            match_kind: r.get(3)?,
            match_entity: r.get(4)?,
            owner: r.get(5)?,
            reason: r.get(6)?,
            created_ms: r.get(7)?,
            expires_ms: r.get(8)?,
            expired_ms: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Initiatives per org and state, for the digest: `(org, state, count, stalled)`.
pub fn initiative_counts(conn: &Connection) -> Result<Vec<(String, String, u64, u64)>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT org, state, count(*), count(stalled_since_ms) FROM initiatives GROUP BY org, state ORDER BY org, state",
    )?;
    let rows = stmt.query_map([], |r| {
        let (count, stalled): (i64, i64) = (r.get(2)?, r.get(3)?);
        Ok((r.get(0)?, r.get(1)?, count as u64, stalled as u64))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Open objectives: `(org, objective, title)`.
pub fn open_objectives(conn: &Connection) -> Result<Vec<(String, String, String)>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT org, objective, title FROM objectives WHERE closed = 0 ORDER BY org, objective",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
