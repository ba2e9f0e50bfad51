//! (a3) The raw SQLite write limit of the rows the projector actually writes: for each
//! event, its timeline row (with the unique `id` that de-duplicates for ever) and the one
//! row its change touches — the measurement of a `key_result.measured`, otherwise the
//! upsert of the current fact of its entity — plus each organisation's count once per
//! transaction. The tables are the read model's own (its migrations, read from
//! `shared/readmodel`), the pragmas the projector's writer uses (WAL, `synchronous=NORMAL`,
//! 64 MiB of cache, no checkpoint in its commits), one cached prepared statement per
//! kind of row, one transaction per [`BATCH`] events.
//!
//! Building the rows is not timed, nor is any decoding or NATS: only the transactions
//! are, summed. The OKR definitions (objectives, key results, initiatives) are written
//! here as current-fact upserts, a row of the same kind of small per-organisation
//! table, so the work per event matches the projector's while the SQL stays raw.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context;
use chrono::Utc;
use govtrack_events::StoredEvent;
use rusqlite::{Connection, params};

use super::raw_sqlite::{Inserted, timed_inserts};
use super::workload::History;

/// The read model's schema, from its own migrations.
const SCHEMA: [&str; 4] = [
    include_str!("../../../shared/readmodel/src/migrations/001_init.sql"),
    include_str!("../../../shared/readmodel/src/migrations/002_blank_targets.sql"),
    include_str!("../../../shared/readmodel/src/migrations/003_alerts.sql"),
    include_str!("../../../shared/readmodel/src/migrations/005_lean_timeline.sql"),
];

const TIMELINE: &str =
    "INSERT INTO events (org, sequence, id, type, occurred_at, recorded_at, source, data)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (id) DO NOTHING";
const MEASUREMENT: &str = "INSERT INTO measurements (org, key_result, sequence, value, occurred_at) VALUES (?1, ?2, ?3, ?4, ?5)";
const FACT: &str =
    "INSERT INTO current_facts (org, kind, key, active, last_type, sequence, occurred_at)
     VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6)
     ON CONFLICT (org, kind, key) DO UPDATE SET last_type = excluded.last_type,
       sequence = excluded.sequence, occurred_at = excluded.occurred_at";
const ORG: &str = "INSERT INTO orgs (org, events, first_sequence, last_sequence, last_occurred_at) VALUES (?1, ?2, ?3, ?3, ?4)
     ON CONFLICT (org) DO UPDATE SET events = events + excluded.events, last_sequence = excluded.last_sequence,
       last_occurred_at = max(last_occurred_at, excluded.last_occurred_at)";

/// One event's rows.
struct Rows {
    org: String,
    id: String,
    event_type: String,
    occurred_micros: i64,
    recorded_micros: i64,
    occurred_text: String,
    source: Option<String>,
    data: String,
    entity: (&'static str, String),
    /// `(key_result, value)` of a measurement.
    measured: Option<(String, f64)>,
}

/// Inserts the rows of events `0..events` of `history` into a new database at `path`.
pub fn run(history: &History, events: u64, path: &Path) -> anyhow::Result<Inserted> {
    let conn = open(path).with_context(|| format!("while creating {}", path.display()))?;
    timed_inserts(history, events, path, conn, rows, insert)
}

fn open(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // The projector's writer: 64 MiB of page cache, and no checkpoint inside its
    // commits (it checkpoints on another thread); here the WAL simply grows, so this is
    // the inserts alone.
    conn.pragma_update(None, "cache_size", -65_536)?;
    conn.pragma_update(None, "wal_autocheckpoint", 0)?;
    for sql in SCHEMA {
        conn.execute_batch(sql)?;
    }
    Ok(conn)
}

fn micros(t: chrono::DateTime<Utc>) -> i64 {
    t.timestamp() * 1_000_000 + i64::from(t.timestamp_subsec_micros())
}

fn rows(history: &History, n: u64, recorded_at: chrono::DateTime<Utc>) -> anyhow::Result<Rows> {
    let event = history.event(n)?;
    let entity = event.entity();
    let stored = StoredEvent::from_event(&event, recorded_at);
    let measured = (stored.event_type == "key_result.measured").then(|| {
        let kr = stored.data["key_result"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        (kr, stored.data["value"].as_f64().unwrap_or_default())
    });
    Ok(Rows {
        occurred_micros: micros(stored.occurred_at),
        recorded_micros: micros(stored.recorded_at),
        occurred_text: stored
            .occurred_at
            .to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        data: stored.data.to_string(),
        org: stored.org,
        id: stored.id,
        event_type: stored.event_type,
        source: stored.source,
        entity: (entity.kind, entity.id),
        measured,
    })
}

/// One transaction: events `first + 1 ..` as stream sequences.
fn insert(conn: &mut Connection, first: u64, rows: &[Rows]) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    {
        let mut timeline = tx.prepare_cached(TIMELINE)?;
        let mut measurement = tx.prepare_cached(MEASUREMENT)?;
        let mut fact = tx.prepare_cached(FACT)?;
        let mut orgs: HashMap<&str, (i64, i64, &str)> = HashMap::new();
        for (i, r) in rows.iter().enumerate() {
            let seq = (first + i as u64 + 1) as i64;
            timeline.execute(params![
                r.org,
                seq,
                r.id,
                r.event_type,
                r.occurred_micros,
                r.recorded_micros,
                r.source,
                r.data
            ])?;
            match &r.measured {
                Some((kr, value)) => {
                    measurement.execute(params![r.org, kr, seq, value, r.occurred_text])?
                }
                None => fact.execute(params![
                    r.org,
                    r.entity.0,
                    r.entity.1,
                    r.event_type,
                    seq,
                    r.occurred_text
                ])?,
            };
            let tally = orgs.entry(&r.org).or_insert((0, seq, &r.occurred_text));
            tally.0 += 1;
            tally.1 = seq;
            tally.2 = tally.2.max(&r.occurred_text);
        }
        let mut org = tx.prepare_cached(ORG)?;
        for (name, (count, last, at)) in orgs {
            org.execute(params![name, count, last, at])?;
        }
    }
    tx.commit()
}
