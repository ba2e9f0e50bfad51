//! (a2) The raw SQLite write limit: the history's events inserted as rows of the
//! projector's own `events` table (sequence, org, id, type, v, occurred_at, recorded_at,
//! source, entity, data as JSON text; with its `(org, sequence)` index) into a fresh
//! file, with the projector's pragmas (WAL, `synchronous=NORMAL`), one cached prepared
//! statement, and one transaction per [`BATCH`] rows, the projector's largest batch
//! (`govtrack_projector::BATCH_EVENTS`).
//!
//! Building the rows (validating and serialising the events) is not timed: only the
//! transactions are, summed. The projector does more per event than this (it also
//! de-duplicates by id, counts the event for its organisation, and updates the views
//! the event changes), so this is a ceiling, not a like-for-like figure.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::{SecondsFormat, Utc};
use govtrack_events::StoredEvent;
use rusqlite::{Connection, params};

use super::db_files::files_size;
use super::workload::History;

/// Rows per transaction.
pub const BATCH: u64 = 10_000;

/// The projector's schema, read from its migration rather than copied, so the `events`
/// table here cannot drift from the real one. Its other tables stay empty.
const SCHEMA: &str = include_str!("../../../shared/readmodel/src/migrations/001_init.sql");

const INSERT: &str = "INSERT INTO events (sequence, org, id, type, v, occurred_at, recorded_at, source, entity_kind, entity_id, data)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

/// What the inserts took.
#[derive(Debug, Clone, Copy)]
pub struct Inserted {
    /// Rows inserted.
    pub rows: u64,
    /// Time inside the transactions, summed.
    pub elapsed: Duration,
    /// Size of the database file and its WAL at the end.
    pub bytes: u64,
}

/// One row of the `events` table.
struct Row {
    org: String,
    id: String,
    event_type: String,
    v: u32,
    occurred_at: String,
    recorded_at: String,
    source: Option<String>,
    entity_kind: &'static str,
    entity_id: String,
    data: String,
}

/// Inserts events `0..events` of `history` into a new database at `path` (blocking).
pub fn run(history: &History, events: u64, path: &Path) -> anyhow::Result<Inserted> {
    let conn = open(path).with_context(|| format!("while creating {}", path.display()))?;
    timed_inserts(history, events, path, conn, row, insert)
}

/// The raw baselines' loop: `BATCH` events' rows built by `build` (not timed), then
/// written by `insert` (timed), until `events`; the files' size at the end.
pub fn timed_inserts<R>(
    history: &History,
    events: u64,
    path: &Path,
    mut conn: Connection,
    build: impl Fn(&History, u64, chrono::DateTime<Utc>) -> anyhow::Result<R>,
    insert: impl Fn(&mut Connection, u64, &[R]) -> rusqlite::Result<()>,
) -> anyhow::Result<Inserted> {
    let recorded_at = Utc::now();
    let mut elapsed = Duration::ZERO;
    for first in (0..events).step_by(BATCH as usize) {
        let rows = (first..(first + BATCH).min(events))
            .map(|n| build(history, n, recorded_at))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let started = Instant::now();
        insert(&mut conn, first, &rows).context("while inserting rows")?;
        elapsed += started.elapsed();
    }
    drop(conn);
    Ok(Inserted {
        rows: events,
        elapsed,
        bytes: files_size(path),
    })
}

fn open(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.execute_batch(SCHEMA)?;
    Ok(conn)
}

fn row(history: &History, n: u64, recorded_at: chrono::DateTime<Utc>) -> anyhow::Result<Row> {
    let event = history.event(n)?;
    let entity = event.entity();
    let stored = StoredEvent::from_event(&event, recorded_at);
    let time = |t: chrono::DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Micros, true);
    Ok(Row {
        occurred_at: time(stored.occurred_at),
        recorded_at: time(stored.recorded_at),
        data: stored.data.to_string(),
        org: stored.org,
        id: stored.id,
        event_type: stored.event_type,
        v: stored.v,
        source: stored.source,
        entity_kind: entity.kind,
        entity_id: entity.id,
    })
}

/// One transaction: rows `first + 1 ..` as stream sequences.
fn insert(conn: &mut Connection, first: u64, rows: &[Row]) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    {
        let mut stmt = tx.prepare_cached(INSERT)?;
        for (i, r) in rows.iter().enumerate() {
            stmt.execute(params![
                (first + i as u64 + 1) as i64,
                r.org,
                r.id,
                r.event_type,
                r.v,
                r.occurred_at,
                r.recorded_at,
                r.source,
                r.entity_kind,
                r.entity_id,
                r.data,
            ])?;
        }
    }
    tx.commit()
}
