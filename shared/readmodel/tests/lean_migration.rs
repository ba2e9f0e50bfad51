//! The lean timeline's migration, on a read model as the release before it wrote one:
//! schema 3 (migrations 001 to 003), filled with that release's own statements. Once
//! migrated it must hold exactly what a clean rebuild by this build holds, and answer
//! the same reads.

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use govtrack_readmodel::write::{Batch, EventRef};
use govtrack_readmodel::{
    Change, Effect, ReadyEvent, SCHEMA_VERSION, dump, open_writer, read, time_micros, time_text,
};
use rusqlite::{Connection, params};

/// The migrations of schema 3, as that release shipped them.
const SCHEMA_3: [&str; 3] = [
    include_str!("../src/migrations/001_init.sql"),
    include_str!("../src/migrations/002_blank_targets.sql"),
    include_str!("../src/migrations/003_alerts.sql"),
];

/// The statements the schema-3 writer ran for every applied event.
const SEEN_3: &str = "INSERT OR IGNORE INTO seen_ids (id, sequence) VALUES (?1, ?2)";
const EVENT_3: &str = "INSERT INTO events (sequence, org, id, type, v, occurred_at, recorded_at, source, entity_kind, entity_id, data)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
const FACT_3: &str = "INSERT INTO current_facts (org, kind, key, active, last_type, sequence, occurred_at)
     VALUES (?1, ?2, ?3, ?4 <> 'withdraw', ?7, ?5, ?6)
     ON CONFLICT (org, kind, key) DO UPDATE SET
       active = CASE ?4 WHEN 'withdraw' THEN 0 WHEN 'establish' THEN 1 ELSE active END,
       last_type = excluded.last_type, sequence = excluded.sequence, occurred_at = excluded.occurred_at";
const ORG_3: &str = "INSERT INTO orgs (org, events, first_sequence, last_sequence, last_occurred_at) VALUES (?1, 1, ?2, ?2, ?3)
     ON CONFLICT (org) DO UPDATE SET events = events + 1, last_sequence = excluded.last_sequence,
       last_occurred_at = max(last_occurred_at, excluded.last_occurred_at)";

/// One event of the fixture.
struct Fixture {
    sequence: u64,
    org: &'static str,
    id: String,
    event_type: &'static str,
    occurred: DateTime<Utc>,
    recorded: DateTime<Utc>,
    source: Option<&'static str>,
    data: String,
    fact: (&'static str, String, Effect),
}

/// 300 events over three organisations, with sub-second times, one leap second, one
/// time before 1970, sources and none, withdrawals among the facts.
fn fixture() -> Vec<Fixture> {
    let start = Utc.with_ymd_and_hms(2025, 1, 1, 9, 0, 0).unwrap();
    let leap = NaiveDate::from_ymd_opt(2016, 12, 31)
        .unwrap()
        .and_hms_micro_opt(23, 59, 59, 1_250_000)
        .unwrap()
        .and_utc();
    let early = Utc.timestamp_nanos(-86_400_123_456_000);
    (1..=300u64)
        .map(|n| {
            let occurred = match n {
                7 => leap,
                8 => early,
                _ => start + TimeDelta::microseconds(n as i64 * 3_600_000_123),
            };
            let key = format!("policy-{}", n % 5);
            Fixture {
                sequence: n,
                org: ["contoso", "fabrikam", "tailspin"][(n % 3) as usize],
                id: format!("ev-{n:04}"),
                event_type: if n % 4 == 0 {
                    "dlp_policy.removed"
                } else {
                    "dlp_policy.set"
                },
                occurred,
                recorded: start + TimeDelta::microseconds(n as i64 * 1_000_017),
                source: (n % 2 == 0).then_some("admin-sync"),
                data: format!(r#"{{"policy":"{key}","scope":"default","n":{n}}}"#),
                fact: (
                    "dlp_policy",
                    key,
                    if n % 4 == 0 {
                        Effect::Withdraw
                    } else {
                        Effect::Establish
                    },
                ),
            }
        })
        .collect()
}

/// A schema-3 read model holding the fixture, written as that release wrote it.
fn schema_3(path: &std::path::Path, events: &[Fixture]) {
    let mut conn = Connection::open(path).unwrap();
    for sql in SCHEMA_3 {
        conn.execute_batch(sql).unwrap();
    }
    conn.pragma_update(None, "user_version", 3).unwrap();
    let tx = conn.transaction().unwrap();
    for e in events {
        let (occurred, recorded) = (time_text(e.occurred), time_text(e.recorded));
        let seq = e.sequence as i64;
        tx.execute(SEEN_3, params![e.id, seq]).unwrap();
        tx.execute(
            EVENT_3,
            params![
                seq,
                e.org,
                e.id,
                e.event_type,
                1,
                occurred,
                recorded,
                e.source,
                e.fact.0,
                e.fact.1,
                e.data
            ],
        )
        .unwrap();
        let (kind, key, effect) = &e.fact;
        tx.execute(
            FACT_3,
            params![
                e.org,
                kind,
                key,
                effect.as_str(),
                seq,
                occurred,
                e.event_type
            ],
        )
        .unwrap();
        tx.execute(ORG_3, params![e.org, seq, occurred]).unwrap();
    }
    let last = events.last().map_or(0, |e| e.sequence as i64);
    tx.execute("UPDATE checkpoint SET sequence = ?1 WHERE id = 1", [last])
        .unwrap();
    tx.commit().unwrap();
}

fn ready(e: &Fixture) -> ReadyEvent {
    ReadyEvent {
        id: e.id.clone(),
        org: e.org.to_owned(),
        event_type: e.event_type,
        source: e.source.map(str::to_owned),
        occurred_at: time_text(e.occurred),
        occurred_micros: time_micros(e.occurred),
        recorded_micros: time_micros(e.recorded),
        data: e.data.clone(),
        recorded_by: None,
        changes: vec![Change::Fact {
            kind: e.fact.0.to_owned(),
            key: e.fact.1.clone(),
            effect: e.fact.2,
        }],
    }
}

/// A clean rebuild by this build: the fixture applied through the writer, in batches of
/// 64, each event's copy (same id, a later sequence) sent again in a later batch.
fn rebuilt(path: &std::path::Path, events: &[Fixture]) -> Connection {
    let mut conn = open_writer(path).unwrap();
    let mut duplicates = 0;
    for chunk in events.chunks(64) {
        let tx = conn.transaction().unwrap();
        let batch = Batch::new(&tx).unwrap();
        for e in chunk {
            let event = ready(e);
            assert!(batch.record_event(e.sequence, &event).unwrap());
            let at = EventRef {
                org: e.org,
                sequence: e.sequence,
                occurred_at: &event.occurred_at,
                event_type: e.event_type,
            };
            for change in &event.changes {
                batch.apply(&at, change).unwrap();
            }
            // A copy far ahead in the log (the NATS window long past): not applied.
            if e.sequence > 64 {
                let earlier = &events[(e.sequence - 64) as usize - 1];
                if !batch
                    .record_event(10_000 + e.sequence, &ready(earlier))
                    .unwrap()
                {
                    duplicates += 1;
                }
            }
        }
        batch.finish(chunk.last().unwrap().sequence).unwrap();
        tx.commit().unwrap();
    }
    assert_eq!(duplicates, events.len() - 64, "every copy was refused");
    conn
}

#[test]
fn a_schema_3_read_model_migrates_to_what_a_clean_rebuild_holds() {
    let dir = tempfile::tempdir().unwrap();
    let events = fixture();
    let old = dir.path().join("schema-3.db");
    schema_3(&old, &events);
    let migrated = open_writer(&old).unwrap();
    let version: u32 = migrated
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let clean = rebuilt(&dir.path().join("clean.db"), &events);

    let (a, b) = (dump(&migrated).unwrap(), dump(&clean).unwrap());
    let names: Vec<&str> = a.iter().map(|(t, _)| t.as_str()).collect();
    assert!(
        !names.contains(&"seen_ids"),
        "no second table of ids: {names:?}"
    );
    assert_eq!(a.len(), b.len());
    for ((table, rows), (_, want)) in a.iter().zip(&b) {
        assert_eq!(rows.len(), want.len(), "table {table}: row counts differ");
        assert!(rows == want, "table {table} differs from a clean rebuild");
    }
    let events_rows = &a.iter().find(|(t, _)| t == "events").unwrap().1;
    assert_eq!(events_rows.len(), 300);

    for org in ["contoso", "fabrikam", "tailspin"] {
        assert_eq!(
            read::facts(&migrated, org).unwrap(),
            read::facts(&clean, org).unwrap()
        );
        assert_eq!(
            read::events_page(&migrated, org, 0, 1000).unwrap(),
            read::events_page(&clean, org, 0, 1000).unwrap()
        );
        assert_eq!(
            read::org(&migrated, org).unwrap(),
            read::org(&clean, org).unwrap()
        );
    }
}

#[test]
fn migrated_times_read_back_as_they_were_written() {
    let dir = tempfile::tempdir().unwrap();
    let events = fixture();
    let old = dir.path().join("schema-3.db");
    schema_3(&old, &events);
    let migrated = open_writer(&old).unwrap();
    let mut seen = 0;
    for org in ["contoso", "fabrikam", "tailspin"] {
        for row in read::events_page(&migrated, org, 0, 1000).unwrap() {
            let e = &events[row.sequence as usize - 1];
            // Microseconds survive; a leap second reads as the next second's start.
            assert_eq!(
                time_micros(row.occurred_at),
                time_micros(e.occurred),
                "{}",
                e.id
            );
            assert_eq!(row.recorded_at, e.recorded, "{}", e.id);
            assert_eq!(
                (row.id.as_str(), row.source.as_deref()),
                (e.id.as_str(), e.source)
            );
            assert_eq!(row.data["n"], row.sequence);
            seen += 1;
        }
    }
    assert_eq!(seen, events.len());
    let early = &read::events_page(&migrated, "tailspin", 7, 1).unwrap()[0];
    assert_eq!(early.sequence, 8);
    assert_eq!(early.occurred_at, Utc.timestamp_nanos(-86_400_123_456_000));
}
