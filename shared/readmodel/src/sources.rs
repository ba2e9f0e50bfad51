//! Feeds in the read model: every source seen on the log with its last-seen time, the
//! cadence expected of it and its latest collector failure. Written as each event is
//! recorded (from the envelope's `source`, `source.expected` and `source.failed`), read
//! by the api's `GET /v1/orgs/{org}/sources` and the dashboard. Last-seen times are
//! gathered per batch and written once per source at its end: a batch of a thousand
//! events from one tool costs one statement, not a thousand.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, ToSql, Transaction, params};
use serde_json::Value;

use crate::alerts;
use crate::change::ReadyEvent;
use crate::open::StoreError;

/// The latest `recorded_at` (as [`crate::time_micros`]) of each source of each
/// organisation in one batch, and whether it spoke after the batch's last
/// `source.silent` finding about it. Looked up by `&str`, so an event whose source was
/// already seen allocates nothing.
#[derive(Debug, Default)]
pub(crate) struct SeenInBatch(HashMap<String, HashMap<String, Seen>>);

#[derive(Debug, Clone, Copy)]
struct Seen {
    latest: Option<i64>,
    /// It spoke after any silence finding of this batch: its silence alert resolves.
    spoke: bool,
}

impl SeenInBatch {
    fn entry(&mut self, org: &str, source: &str) -> &mut Seen {
        if !self.0.contains_key(org) {
            self.0.insert(org.to_owned(), HashMap::new());
        }
        let sources = self.0.get_mut(org).expect("inserted above");
        if !sources.contains_key(source) {
            let fresh = Seen {
                latest: None,
                spoke: false,
            };
            sources.insert(source.to_owned(), fresh);
        }
        sources.get_mut(source).expect("inserted above")
    }

    fn saw(&mut self, org: &str, source: &str, recorded_micros: i64) {
        let seen = self.entry(org, source);
        seen.latest = Some(
            seen.latest
                .map_or(recorded_micros, |l| l.max(recorded_micros)),
        );
        seen.spoke = true;
    }

    /// A `source.silent` finding: only what the source says after it resolves it.
    fn found_silent(&mut self, org: &str, source: &str) {
        self.entry(org, source).spoke = false;
    }

    /// Writes the batch's last-seen times (a later one never goes back).
    pub(crate) fn write(&self, tx: &Transaction<'_>) -> Result<(), StoreError> {
        let mut stmt = tx.prepare_cached(
            "INSERT INTO sources (org, source, last_seen_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (org, source) DO UPDATE SET
               last_seen_at = max(coalesce(last_seen_at, ''), excluded.last_seen_at)",
        )?;
        for (org, sources) in &self.0 {
            for (source, seen) in sources {
                // Stored as text, like every time outside the timeline.
                let Some(at) = seen
                    .latest
                    .and_then(crate::from_micros)
                    .map(crate::time_text)
                else {
                    continue;
                };
                stmt.execute(params![org, source, at])?;
                if seen.spoke {
                    let key = alerts::Key {
                        org,
                        kind: alerts::SOURCE_SILENT,
                        entity: source,
                    };
                    alerts::resolve(tx, &key, &at)?;
                }
            }
        }
        Ok(())
    }
}

/// Records what `event` says about feeds: its source's last-seen time (gathered in
/// `seen`), and at once an expectation or a collector failure.
pub(crate) fn record(
    tx: &Transaction<'_>,
    seen: &mut SeenInBatch,
    event: &ReadyEvent,
) -> Result<(), StoreError> {
    if let Some(source) = event.source.as_deref().filter(|s| !s.is_empty()) {
        seen.saw(&event.org, source, event.recorded_micros);
    }
    if !matches!(
        event.event_type,
        "source.expected" | "source.failed" | "source.recovered" | "source.silent"
    ) {
        return Ok(());
    }
    let data: Value = serde_json::from_str(&event.data).unwrap_or(Value::Null);
    let Some(source) = data["source"].as_str() else {
        return Ok(());
    };
    let key = |kind| alerts::Key {
        org: &event.org,
        kind,
        entity: source,
    };
    if event.event_type == "source.silent" {
        // The scheduler's finding fires the alert; the source's next event resolves it
        // (at the batch's end, in `SeenInBatch::write`).
        seen.found_silent(&event.org, source);
        let last_seen = data["last_seen_at"]
            .as_str()
            .and_then(|t| t.parse().ok())
            .map(crate::time_text);
        alerts::fire(
            tx,
            &key(alerts::SOURCE_SILENT),
            &event.occurred_at,
            last_seen.as_deref(),
        )?;
        return Ok(());
    }
    if event.event_type == "source.recovered" {
        alerts::resolve(tx, &key(alerts::SOURCE_FAILED), &event.occurred_at)?;
        tx.prepare_cached(
            "UPDATE sources SET failed_at = NULL, failed_error = NULL WHERE org = ?1 AND source = ?2",
        )?
        .execute(params![event.org, source])?;
    } else if event.event_type == "source.expected" {
        let every_hours = data["every_hours"].as_i64();
        let expected = (every_hours, &event.occurred_at);
        upsert_source(tx, SET_EXPECTED, &event.org, source, expected)?;
    } else {
        let failed = (&event.occurred_at, data["error"].as_str());
        upsert_source(tx, SET_FAILED, &event.org, source, failed)?;
        alerts::fire(tx, &key(alerts::SOURCE_FAILED), &event.occurred_at, None)?;
    }
    Ok(())
}

/// A source's expectation: its cadence and when it was recorded.
const SET_EXPECTED: &str =
    "INSERT INTO sources (org, source, every_hours, expected_at) VALUES (?1, ?2, ?3, ?4)
     ON CONFLICT (org, source) DO UPDATE SET every_hours = excluded.every_hours,
       expected_at = excluded.expected_at";

/// A source's latest failure: when, and the error.
const SET_FAILED: &str =
    "INSERT INTO sources (org, source, failed_at, failed_error) VALUES (?1, ?2, ?3, ?4)
     ON CONFLICT (org, source) DO UPDATE SET failed_at = excluded.failed_at,
       failed_error = excluded.failed_error";

/// Sets two columns of the `(org, source)` row by `sql` ([`SET_EXPECTED`],
/// [`SET_FAILED`]), making the row when there is none.
fn upsert_source(
    tx: &Transaction,
    sql: &str,
    org: &str,
    source: &str,
    (first, second): (impl ToSql, impl ToSql),
) -> Result<(), StoreError> {
    tx.prepare_cached(sql)?
        .execute(params![org, source, first, second])?;
    Ok(())
}

/// One source of an organisation.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceRow {
    /// Its name, as the envelopes' `source` gives it.
    pub source: String,
    /// When the log last received an event from it.
    pub last_seen_at: Option<DateTime<Utc>>,
    /// The cadence expected of it, in hours (none when absent or 0).
    pub every_hours: Option<u32>,
    /// When the expectation was recorded.
    pub expected_at: Option<DateTime<Utc>>,
    /// Its latest collector failure and the error.
    pub failed: Option<(DateTime<Utc>, String)>,
}

fn parse_time(text: Option<String>) -> Option<DateTime<Utc>> {
    text.and_then(|t| t.parse().ok())
}

/// Every source of `org`, by name.
pub fn sources(conn: &Connection, org: &str) -> Result<Vec<SourceRow>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT source, last_seen_at, every_hours, expected_at, failed_at, failed_error
         FROM sources WHERE org = ?1 ORDER BY source",
    )?;
    let rows = stmt.query_map(params![org], |r| {
        let failed_at = parse_time(r.get(4)?);
        let error: Option<String> = r.get(5)?;
        Ok(SourceRow {
            source: r.get(0)?,
            last_seen_at: parse_time(r.get(1)?),
            every_hours: r.get::<_, Option<u32>>(2)?.filter(|h| *h > 0),
            expected_at: parse_time(r.get(3)?),
            failed: failed_at.map(|at| (at, error.unwrap_or_default())),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::open::open_writer;
    use crate::write::Batch;

    fn ready(
        id: &str,
        event_type: &'static str,
        source: Option<&str>,
        at: &str,
        data: &str,
    ) -> ReadyEvent {
        ReadyEvent {
            id: id.into(),
            org: "contoso".into(),
            event_type,
            source: source.map(str::to_owned),
            occurred_at: at.into(),
            occurred_micros: micros(at),
            recorded_micros: micros(at),
            data: data.into(),
            recorded_by: None,
            changes: Vec::new(),
        }
    }

    /// An event of `source` that is not about sources: it only shows the source speaks.
    fn spoke(id: &str, source: &str, at: &str) -> ReadyEvent {
        ready(id, "hackathon.held", Some(source), at, "{}")
    }

    /// A report of the scheduler's about some source (`source.failed`, …).
    fn from_scheduler(id: &str, event_type: &'static str, at: &str, data: &str) -> ReadyEvent {
        ready(id, event_type, Some("govtrack-scheduler"), at, data)
    }

    /// `inventory-sync` failed, then recovered.
    const FAILED: &str = r#"{"source":"inventory-sync","error":"401"}"#;
    const RECOVERED: &str = r#"{"source":"inventory-sync"}"#;

    fn micros(at: &str) -> i64 {
        crate::time_micros(at.parse().unwrap())
    }

    fn write(conn: &mut Connection, events: &[ReadyEvent], first: u64) {
        let tx = conn.transaction().unwrap();
        let batch = Batch::new(&tx).unwrap();
        for (i, e) in events.iter().enumerate() {
            batch.record_event(first + i as u64, e).unwrap();
        }
        batch.finish(first + events.len() as u64).unwrap();
        tx.commit().unwrap();
    }

    #[test]
    fn a_source_keeps_its_latest_event_its_cadence_and_its_failure() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = open_writer(&dir.path().join("rm.db")).unwrap();
        write(
            &mut conn,
            &[
                spoke("a", "hr-sync", "2026-03-02T09:00:00.000000Z"),
                spoke("b", "hr-sync", "2026-03-01T09:00:00.000000Z"),
                ready(
                    "c",
                    "source.expected",
                    Some("govtrack-cli"),
                    "2026-03-02T10:00:00.000000Z",
                    r#"{"source":"hr-sync","every_hours":24}"#,
                ),
                from_scheduler("d", "source.failed", "2026-03-03T10:00:00.000000Z", FAILED),
            ],
            1,
        );
        let rows = sources(&conn, "contoso").unwrap();
        let names: Vec<&str> = rows.iter().map(|r| r.source.as_str()).collect();
        assert_eq!(
            names,
            [
                "govtrack-cli",
                "govtrack-scheduler",
                "hr-sync",
                "inventory-sync"
            ]
        );
        let hr = &rows[2];
        assert_eq!(
            hr.last_seen_at,
            Some("2026-03-02T09:00:00Z".parse().unwrap()),
            "the latest, not the last written"
        );
        assert_eq!(hr.every_hours, Some(24));
        assert_eq!(
            rows[3].failed.as_ref().map(|(_, e)| e.as_str()),
            Some("401")
        );
        assert_eq!(rows[3].last_seen_at, None);
    }

    fn firing(conn: &Connection) -> Vec<(String, String)> {
        crate::read::open_alerts(conn, "contoso")
            .unwrap()
            .into_iter()
            .map(|a| (a.kind, a.entity))
            .collect()
    }

    #[test]
    fn a_silent_source_alerts_until_it_speaks_after_the_finding_and_a_failure_until_recovered() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = open_writer(&dir.path().join("rm.db")).unwrap();
        let silent =
            r#"{"source":"hr-sync","last_seen_at":"2026-03-01T09:00:00Z","every_hours":24}"#;
        // In one batch: the source speaks, then the finding: it stays firing.
        write(
            &mut conn,
            &[
                spoke("a", "hr-sync", "2026-03-01T09:00:00.000000Z"),
                from_scheduler("b", "source.silent", "2026-03-04T09:00:00.000000Z", silent),
                from_scheduler("c", "source.failed", "2026-03-04T09:00:00.000000Z", FAILED),
            ],
            1,
        );
        let fired = [
            ("source_failed".to_owned(), "inventory-sync".to_owned()),
            ("source_silent".to_owned(), "hr-sync".to_owned()),
        ];
        let mut now = firing(&conn);
        now.sort();
        assert_eq!(now, fired);
        let row = &crate::read::open_alerts(&conn, "contoso").unwrap();
        let silent_row = row.iter().find(|a| a.kind == "source_silent").unwrap();
        assert_eq!(
            silent_row.last_activity_at,
            Some("2026-03-01T09:00:00Z".parse().unwrap())
        );

        // Another source speaking resolves nothing; hr-sync speaking resolves its alert.
        write(
            &mut conn,
            &[spoke("d", "github", "2026-03-05T09:00:00.000000Z")],
            4,
        );
        assert_eq!(firing(&conn).len(), 2);
        write(
            &mut conn,
            &[
                spoke("e", "hr-sync", "2026-03-05T10:00:00.000000Z"),
                from_scheduler(
                    "f",
                    "source.recovered",
                    "2026-03-05T11:00:00.000000Z",
                    RECOVERED,
                ),
            ],
            5,
        );
        assert_eq!(firing(&conn), Vec::<(String, String)>::new());
    }

    #[test]
    fn a_schema_3_read_model_fills_its_sources_from_the_stored_events() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rm.db");
        let conn = Connection::open(&path).unwrap();
        for sql in [
            include_str!("migrations/001_init.sql"),
            include_str!("migrations/002_blank_targets.sql"),
            include_str!("migrations/003_alerts.sql"),
        ] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 3).unwrap();
        conn.execute_batch(
            "INSERT INTO events VALUES (1, 'contoso', 'a', 'hackathon.held', 1, '2026-03-01T09:00:00.000000Z',
               '2026-03-01T09:00:00.000000Z', 'hr-sync', 'org', 'hackathon.held', '{}');
             INSERT INTO events VALUES (2, 'contoso', 'b', 'source.expected', 1, '2026-03-01T10:00:00.000000Z',
               '2026-03-01T10:00:00.000000Z', NULL, 'org', 'source.expected', '{\"source\":\"hr-sync\",\"every_hours\":12}');",
        )
        .unwrap();
        drop(conn);
        let conn = open_writer(&path).unwrap();
        let rows = sources(&conn, "contoso").unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].every_hours, Some(12));
        assert!(rows[0].last_seen_at.is_some());
    }
}
