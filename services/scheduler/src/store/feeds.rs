//! Feed tables: the writes of [`crate::projection::feeds`] and what the source watch,
//! its alerts and the inventory collector read back.

use std::collections::BTreeMap;

use rusqlite::{Connection, Transaction, params};

use super::{StoreError, ms};
use crate::projection::feeds::FeedChange;

/// Applies one feed change of an event of `org` that happened at `at_ms`, inside the
/// projection's batch.
pub fn apply(
    tx: &Transaction<'_>,
    org: &str,
    at_ms: i64,
    change: &FeedChange,
) -> Result<(), StoreError> {
    let exec = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> Result<(), StoreError> {
        tx.prepare_cached(sql)?.execute(p)?;
        Ok(())
    };
    match change {
        FeedChange::Seen { source, at } => exec(
            "INSERT INTO sources (org, source, last_seen_ms) VALUES (?1, ?2, ?3)
             ON CONFLICT (org, source) DO UPDATE SET last_seen_ms = max(coalesce(last_seen_ms, 0), excluded.last_seen_ms)",
            &[&org, source, &ms(*at)],
        ),
        FeedChange::Expected { source, every_hours } => exec(
            "INSERT INTO sources (org, source, every_hours, expected_ms) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (org, source) DO UPDATE SET every_hours = excluded.every_hours, expected_ms = excluded.expected_ms",
            &[&org, source, every_hours, &at_ms],
        ),
        FeedChange::Silent { source, last_seen_at, since } => exec(
            "INSERT INTO sources (org, source, silent_seen_ms, silent_since_ms) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (org, source) DO UPDATE SET silent_seen_ms = excluded.silent_seen_ms,
               silent_since_ms = excluded.silent_since_ms",
            &[&org, source, &last_seen_at.map_or(0, ms), &ms(*since)],
        ),
        FeedChange::Failed { source, error } => exec(
            "INSERT INTO sources (org, source, failed_ms, failed_error) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (org, source) DO UPDATE SET failed_ms = excluded.failed_ms, failed_error = excluded.failed_error",
            &[&org, source, &at_ms, error],
        ),
        FeedChange::Recovered { source } => exec(
            "UPDATE sources SET failed_ms = NULL, failed_error = NULL WHERE org = ?1 AND source = ?2",
            &[&org, source],
        ),
        FeedChange::Environment { environment, kind, managed } => exec(
            "INSERT INTO environments (org, environment, kind, managed, deleted, changes) VALUES (?1, ?2, ?3, ?4, 0, 1)
             ON CONFLICT (org, environment) DO UPDATE SET kind = excluded.kind, managed = excluded.managed,
               deleted = 0, changes = changes + 1",
            &[&org, environment, kind, managed],
        ),
        FeedChange::EnvironmentDeleted { environment } => exec(
            "INSERT INTO environments (org, environment, deleted, changes) VALUES (?1, ?2, 1, 1)
             ON CONFLICT (org, environment) DO UPDATE SET deleted = 1, changes = changes + 1",
            &[&org, environment],
        ),
        FeedChange::Counted { resource_type, environment_kind, managed, count } => exec(
            "INSERT INTO inventory_counts (org, resource_type, environment_kind, managed, count, changes)
             VALUES (?1, ?2, ?3, ?4, ?5, 1)
             ON CONFLICT (org, resource_type, environment_kind, managed) DO UPDATE SET count = excluded.count,
               changes = changes + 1",
            &[&org, resource_type, environment_kind, managed, &(*count as i64)],
        ),
        FeedChange::Measure { key_result, resource_type, managed } => exec(
            "UPDATE key_results SET measure_type = ?3, measure_managed = ?4 WHERE org = ?1 AND key_result = ?2",
            &[&org, key_result, resource_type, managed],
        ),
    }
}

/// One watched or seen source, as the rules and alerts read it.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceRow {
    /// Organisation.
    pub org: String,
    /// The source's name.
    pub source: String,
    /// When the log last received an event from it, ms.
    pub last_seen_ms: Option<i64>,
    /// Expected cadence in hours (0: none).
    pub every_hours: u32,
    /// When the expectation was recorded, ms.
    pub expected_ms: Option<i64>,
    /// The last-seen time (0: never) of the open `source.silent` finding.
    pub silent_seen_ms: Option<i64>,
    /// When that silence began, ms.
    pub silent_since_ms: Option<i64>,
    /// The latest `source.failed` finding, ms, and its error.
    pub failed: Option<(i64, String)>,
    /// The last successful run of this collector, ms (the scheduler's own memory).
    pub last_ok_ms: Option<i64>,
}

impl SourceRow {
    /// The latest sign of life: an event on the log or a successful collector run (a
    /// run that found nothing new appends nothing, yet the collector spoke).
    pub fn alive_ms(&self) -> Option<i64> {
        self.last_seen_ms.max(self.last_ok_ms)
    }
}

/// Every source (of one org, or all), ordered by org and name.
pub fn sources(conn: &Connection, org: Option<&str>) -> Result<Vec<SourceRow>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.org, s.source, s.last_seen_ms, coalesce(s.every_hours, 0), s.expected_ms, s.silent_seen_ms,
                s.silent_since_ms, s.failed_ms, s.failed_error, r.last_ok_ms
         FROM sources s LEFT JOIN collector_runs r ON r.org = s.org AND r.source = s.source
         WHERE ?1 IS NULL OR s.org = ?1 ORDER BY s.org, s.source",
    )?;
    let rows = stmt.query_map(params![org], |r| {
        let failed_ms: Option<i64> = r.get(7)?;
        let error: Option<String> = r.get(8)?;
        Ok(SourceRow {
            org: r.get(0)?,
            source: r.get(1)?,
            last_seen_ms: r.get(2)?,
            every_hours: r.get(3)?,
            expected_ms: r.get(4)?,
            silent_seen_ms: r.get(5)?,
            silent_since_ms: r.get(6)?,
            failed: failed_ms.map(|at| (at, error.unwrap_or_default())),
            last_ok_ms: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Records a successful collector run at `at_ms`.
pub fn record_ok(conn: &Connection, org: &str, source: &str, at_ms: i64) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO collector_runs (org, source, last_ok_ms) VALUES (?1, ?2, ?3)
         ON CONFLICT (org, source) DO UPDATE SET last_ok_ms = max(last_ok_ms, excluded.last_ok_ms)",
        params![org, source, at_ms],
    )?;
    Ok(())
}

/// An environment as the log has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownEnvironment {
    /// Kind.
    pub kind: String,
    /// Managed flag.
    pub managed: bool,
    /// Deleted since.
    pub deleted: bool,
    /// Events about it so far.
    pub changes: u32,
}

/// A count's key: (resource type, environment kind, managed).
pub type CountKey = (String, String, bool);

/// A key result bound to a count.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundKeyResult {
    /// Key result id.
    pub key_result: String,
    /// `apps`, `flows` or `agents`.
    pub resource_type: String,
    /// Managed or unmanaged environments only.
    pub managed: Option<bool>,
    /// Its latest measurement.
    pub current: Option<f64>,
}

/// What the log says about an organisation's inventory.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KnownInventory {
    /// Environments by id.
    pub environments: BTreeMap<String, KnownEnvironment>,
    /// Latest counts with how many times each changed.
    pub counts: BTreeMap<CountKey, (u64, u32)>,
    /// Key results bound to a count.
    pub bound: Vec<BoundKeyResult>,
}

/// The inventory of `org` as folded from the log.
pub fn known_inventory(conn: &Connection, org: &str) -> Result<KnownInventory, StoreError> {
    let mut known = KnownInventory::default();
    let mut stmt = conn.prepare_cached(
        "SELECT environment, coalesce(kind, ''), coalesce(managed, 0), deleted, changes
         FROM environments WHERE org = ?1",
    )?;
    for row in stmt.query_map(params![org], |r| {
        let env = KnownEnvironment {
            kind: r.get(1)?,
            managed: r.get(2)?,
            deleted: r.get(3)?,
            changes: r.get(4)?,
        };
        Ok((r.get::<_, String>(0)?, env))
    })? {
        let (id, env) = row?;
        known.environments.insert(id, env);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT resource_type, environment_kind, managed, count, changes FROM inventory_counts WHERE org = ?1",
    )?;
    for row in stmt.query_map(params![org], |r| {
        Ok((
            (r.get(0)?, r.get(1)?, r.get(2)?),
            (r.get::<_, i64>(3)? as u64, r.get(4)?),
        ))
    })? {
        let (key, value) = row?;
        known.counts.insert(key, value);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT key_result, measure_type, measure_managed, current FROM key_results
         WHERE org = ?1 AND measure_type IS NOT NULL ORDER BY key_result",
    )?;
    for row in stmt.query_map(params![org], |r| {
        Ok(BoundKeyResult {
            key_result: r.get(0)?,
            resource_type: r.get(1)?,
            managed: r.get(2)?,
            current: r.get(3)?,
        })
    })? {
        known.bound.push(row?);
    }
    Ok(known)
}
