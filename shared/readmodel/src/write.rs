//! The projector's writes: one transaction per batch, ending with the checkpoint.
//!
//! ```text
//! let tx = conn.transaction()?;
//! let batch = Batch::new(&tx)?;
//! // batch.record_event (false for a duplicate) / apply / dead_letter, per message
//! batch.finish(checkpoint)?;
//! tx.commit()?;
//! ```

use std::cell::RefCell;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

use rusqlite::{CachedStatement, Connection, Transaction, params};

use govtrack_events::data::{KeyResultDefined, KeyResultMeasured, KeyResultOverdue};
use govtrack_events::data::{KeyResultTargetSet, SilenceCreated, SilenceExpired};

use crate::alerts;
use crate::change::{Change, ReadyEvent};
use crate::open::StoreError;
use crate::time::time_text;

/// The last stream sequence applied (0 for a fresh read model).
pub fn checkpoint(conn: &Connection) -> Result<u64, StoreError> {
    Ok(govtrack_runtime::checkpoint::read(conn)?)
}

/// A message that could not be decoded or applied.
#[derive(Debug, Clone, Copy)]
pub struct DeadLetter<'a> {
    /// Its stream sequence.
    pub sequence: u64,
    /// Its subject.
    pub subject: &'a str,
    /// Its `Nats-Msg-Id`, if any.
    pub msg_id: Option<&'a str>,
    /// Why it was not applied.
    pub reason: &'a str,
    /// The body as it is on the log.
    pub raw: &'a [u8],
}

/// The event a change comes from.
#[derive(Debug, Clone, Copy)]
pub struct EventRef<'a> {
    /// Its organisation.
    pub org: &'a str,
    /// Its stream sequence.
    pub sequence: u64,
    /// When it happened, as stored.
    pub occurred_at: &'a str,
    /// Its type name.
    pub event_type: &'a str,
}

/// The writes of one batch, in a transaction of the writer connection that the caller
/// commits after [`Batch::finish`]. The statements its events use are prepared once
/// per batch, not looked up per event.
pub struct Batch<'t> {
    tx: &'t Transaction<'t>,
    /// The statements of [`Batch::exec`], each prepared once per batch and found by its
    /// text's address: looking a statement up in the connection's cache hashes and
    /// copies its whole text on every run.
    statements: RefCell<HashMap<SqlKey, CachedStatement<'t>>>,
    /// Per organisation, its events of this batch, written once at the end.
    orgs: RefCell<HashMap<String, OrgTally>>,
    /// Feeds seen in this batch, written once at the end ([`crate::sources`]).
    sources: RefCell<crate::sources::SeenInBatch>,
}

/// An organisation's events within one batch.
struct OrgTally {
    events: i64,
    first_sequence: u64,
    last_sequence: u64,
    last_occurred_at: String,
}

impl<'t> Batch<'t> {
    /// Starts the writes of a batch in `tx`.
    pub fn new(tx: &'t Transaction<'t>) -> Result<Batch<'t>, StoreError> {
        Ok(Batch {
            tx,
            statements: RefCell::default(),
            orgs: RefCell::new(HashMap::new()),
            sources: RefCell::default(),
        })
    }

    /// Counts the batch's events for their organisations and stores `checkpoint` (the
    /// last sequence of the batch); the caller then commits the transaction.
    pub fn finish(self, checkpoint: u64) -> Result<(), StoreError> {
        self.write_orgs()?;
        self.sources.borrow().write(self.tx)?;
        govtrack_runtime::checkpoint::write(self.tx, checkpoint)?;
        Ok(())
    }
}

/// An event into the timeline, unless its id is there already.
const TIMELINE_INSERT: &str =
    "INSERT INTO events (org, sequence, id, type, occurred_at, recorded_at, source, data, recorded_by)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (id) DO NOTHING";

/// A change to a current fact.
const FACT_UPSERT: &str = "INSERT INTO current_facts (org, kind, key, active, last_type, sequence, occurred_at)
     VALUES (?1, ?2, ?3, ?4 <> 'withdraw', ?7, ?5, ?6)
     ON CONFLICT (org, kind, key) DO UPDATE SET
       active = CASE ?4 WHEN 'withdraw' THEN 0 WHEN 'establish' THEN 1 ELSE active END,
       last_type = excluded.last_type, sequence = excluded.sequence, occurred_at = excluded.occurred_at";

impl Batch<'_> {
    /// Keeps a message that could not be applied.
    pub fn dead_letter(&self, letter: &DeadLetter<'_>) -> Result<(), StoreError> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT OR REPLACE INTO dead_letter (sequence, subject, msg_id, reason, raw) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        stmt.execute(params![
            letter.sequence as i64,
            letter.subject,
            letter.msg_id,
            letter.reason,
            letter.raw
        ])?;
        Ok(())
    }

    /// Adds an event to the timeline and counts it for its organisation; false, with
    /// nothing written, when an event of the same id was applied before (a duplicate:
    /// the timeline's unique `id` de-duplicates for ever, not only within the NATS
    /// window).
    pub fn record_event(&self, sequence: u64, ready: &ReadyEvent) -> Result<bool, StoreError> {
        let event = ready;
        let inserted = self.changed(
            TIMELINE_INSERT,
            params![
                event.org,
                sequence as i64,
                event.id,
                event.event_type,
                ready.occurred_micros,
                ready.recorded_micros,
                event.source,
                ready.data,
                ready.recorded_by,
            ],
        )?;
        if inserted == 0 {
            return Ok(false);
        }
        crate::sources::record(self.tx, &mut self.sources.borrow_mut(), ready)?;
        let occurred_at = &ready.occurred_at;
        let mut orgs = self.orgs.borrow_mut();
        match orgs.get_mut(event.org.as_str()) {
            Some(tally) => {
                tally.events += 1;
                tally.last_sequence = sequence;
                if *occurred_at > tally.last_occurred_at {
                    tally.last_occurred_at.clone_from(occurred_at);
                }
            }
            None => {
                let tally = OrgTally {
                    events: 1,
                    first_sequence: sequence,
                    last_sequence: sequence,
                    last_occurred_at: occurred_at.clone(),
                };
                orgs.insert(event.org.to_string(), tally);
            }
        }
        Ok(true)
    }

    /// Writes the batch's event counts of its organisations: one statement per
    /// organisation per batch rather than one per event.
    fn write_orgs(&self) -> Result<(), StoreError> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO orgs (org, events, first_sequence, last_sequence, last_occurred_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (org) DO UPDATE SET events = events + excluded.events,
               last_sequence = excluded.last_sequence,
               last_occurred_at = max(last_occurred_at, excluded.last_occurred_at)",
        )?;
        for (org, t) in self.orgs.borrow().iter() {
            stmt.execute(params![
                org,
                t.events,
                t.first_sequence as i64,
                t.last_sequence as i64,
                t.last_occurred_at
            ])?;
        }
        Ok(())
    }

    /// Applies one change made by `event`.
    pub fn apply(&self, event: &EventRef<'_>, change: &Change) -> Result<(), StoreError> {
        let (org, seq, at) = (event.org, event.sequence as i64, event.occurred_at);
        match change {
            Change::Fact { kind, key, effect } => {
                let row = params![org, kind, key, effect.as_str(), seq, at, event.event_type];
                self.exec(FACT_UPSERT, row)
            }
            Change::Objective { objective, title, goal, stakeholders, period_start, period_end } => self.exec(
                "INSERT INTO objectives (org, objective, title, goal, stakeholders, period_start, period_end, defined_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (org, objective) DO UPDATE SET title = excluded.title, goal = excluded.goal,
                   stakeholders = excluded.stakeholders, period_start = excluded.period_start,
                   period_end = excluded.period_end, defined_at = excluded.defined_at",
                params![org, objective, title, goal, stakeholders, period_start.to_string(), period_end.to_string(), at],
            ),
            Change::ObjectiveClosed { objective } => self.exec(
                "UPDATE objectives SET closed_at = ?3 WHERE org = ?1 AND objective = ?2",
                params![org, objective, at],
            ),
            Change::KeyResult(KeyResultDefined { key_result, objective, title, unit, baseline, target, direction, due, .. }) => self.exec(
                "INSERT INTO key_results (org, key_result, objective, title, unit, baseline, target, direction, due, defined_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT (org, key_result) DO UPDATE SET objective = excluded.objective, title = excluded.title,
                   unit = excluded.unit, baseline = excluded.baseline, target = excluded.target,
                   direction = excluded.direction, due = excluded.due, defined_at = excluded.defined_at",
                params![org, key_result.as_str(), objective.as_str(), title, unit, baseline, target, direction.as_str(), due.to_string(), at],
            ),
            Change::KeyResultTarget(KeyResultTargetSet { key_result, target, due }) => self.exec(
                "UPDATE key_results SET target = ?3, due = coalesce(?4, due) WHERE org = ?1 AND key_result = ?2",
                params![org, key_result.as_str(), target, due.map(|d| d.to_string())],
            ),
            Change::Measurement(KeyResultMeasured { key_result, value }) => {
                let key_result = key_result.as_str();
                self.exec(
                    "INSERT INTO measurements (org, key_result, sequence, value, occurred_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![org, key_result, seq, value, at],
                )?;
                alerts::measured(self.tx, (org, key_result), at)
            }
            Change::KeyResultOverdue(KeyResultOverdue { key_result }) => {
                let key_result = key_result.as_str();
                self.exec(
                    "UPDATE key_results SET overdue_at = ?3 WHERE org = ?1 AND key_result = ?2",
                    params![org, key_result, at],
                )?;
                let key = alerts::Key { org, kind: alerts::OVERDUE, entity: key_result };
                alerts::fire(self.tx, &key, at, None)
            }
            Change::InitiativeStarted { initiative, objective, key_results, title, owner, horizon, checkin_days, due } => {
                self.exec(
                    "INSERT INTO initiatives (org, initiative, objective, key_results, title, owner, horizon, checkin_days,
                       due, started_at, last_activity_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)
                     ON CONFLICT (org, initiative) DO UPDATE SET objective = excluded.objective,
                       key_results = excluded.key_results, title = excluded.title, owner = excluded.owner,
                       horizon = excluded.horizon, checkin_days = excluded.checkin_days, due = excluded.due,
                       started_at = excluded.started_at,
                       last_activity_at = max(last_activity_at, excluded.last_activity_at)",
                    params![
                        org, initiative, objective, key_results, title, owner, horizon, checkin_days,
                        due.map(|d| d.to_string()), at
                    ],
                )
            }
            Change::InitiativeActivity { initiative, state, percent, note } => self.exec(
                "INSERT INTO initiatives (org, initiative, state, percent, note, last_activity_at)
                 VALUES (?1, ?2, coalesce(?3, 'active'), ?4, ?5, ?6)
                 ON CONFLICT (org, initiative) DO UPDATE SET
                   state = CASE WHEN state IN ('completed', 'cancelled') AND ?3 IN ('active', 'blocked') THEN state
                                ELSE coalesce(?3, state) END,
                   percent = coalesce(excluded.percent, percent), note = coalesce(excluded.note, note),
                   last_activity_at = max(last_activity_at, excluded.last_activity_at)",
                params![org, initiative, state.map(|s| s.as_str()), percent, note, at],
            ),
            Change::InitiativeStall { initiative, since } => {
                self.exec(
                    "UPDATE initiatives SET stalled_since = ?3 WHERE org = ?1 AND initiative = ?2",
                    params![org, initiative, since.map(time_text)],
                )?;
                let key = alerts::Key { org, kind: alerts::STALLED, entity: initiative };
                match since {
                    Some(last_activity) => alerts::fire(self.tx, &key, at, Some(&time_text(*last_activity))),
                    None => alerts::resolve(self.tx, &key, at),
                }
            }
            Change::Silence(SilenceCreated { silence, matchers: matched, owner, reason, expires_at }) => {
                let matchers = alerts::Matchers {
                    org: matched.org.as_deref().unwrap_or(org),
                    kind: matched.kind.as_deref(),
                    entity: matched.entity.as_deref(),
                };
                let until = time_text(*expires_at);
                alerts::add_silence(self.tx, (org, silence.as_str()), &matchers, (owner, reason), (at, &until))
            }
            Change::SilenceLifted(SilenceExpired { silence }) => alerts::lift_silence(self.tx, (org, silence.as_str()), at),
        }
    }

    fn exec(&self, sql: &'static str, params: impl rusqlite::Params) -> Result<(), StoreError> {
        self.changed(sql, params).map(drop)
    }

    /// Runs `sql` with `params`; how many rows it changed.
    fn changed(
        &self,
        sql: &'static str,
        params: impl rusqlite::Params,
    ) -> Result<usize, StoreError> {
        let mut statements = self.statements.borrow_mut();
        let statement = match statements.entry(SqlKey(sql)) {
            Entry::Occupied(held) => held.into_mut(),
            Entry::Vacant(new) => new.insert(self.tx.prepare_cached(sql)?),
        };
        Ok(statement.execute(params)?)
    }
}

/// A statement's text, compared and hashed by its address: every text given to
/// [`Batch::exec`] is a literal of this file.
#[derive(Clone, Copy)]
struct SqlKey(&'static str);

impl PartialEq for SqlKey {
    fn eq(&self, other: &SqlKey) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for SqlKey {}

impl std::hash::Hash for SqlKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::ptr::hash(self.0, state);
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use govtrack_events::EntityId;
    use govtrack_events::data::{KeyResultDefined, KeyResultMeasured, KeyResultOverdue};
    use rusqlite::{Connection, StatementStatus};

    use super::{Batch, EventRef};
    use crate::alerts;
    use crate::{Change, ReadyEvent};

    /// Applies `changes` of org `o` as one batch each, sequences from `first`.
    fn apply(conn: &mut Connection, first: u64, changes: Vec<Change>) {
        let tx = conn.transaction().unwrap();
        {
            let batch = Batch::new(&tx).unwrap();
            for (i, change) in changes.into_iter().enumerate() {
                let sequence = first + i as u64;
                let event = ReadyEvent {
                    id: format!("e{sequence}"),
                    org: "o".into(),
                    event_type: "key_result.measured",
                    source: None,
                    occurred_at: format!("2026-01-01T00:00:{:02}.000000Z", sequence % 60),
                    occurred_micros: sequence as i64,
                    recorded_micros: sequence as i64,
                    data: "{}".into(),
                    recorded_by: None,
                    changes: Vec::new(),
                };
                assert!(batch.record_event(sequence, &event).unwrap());
                let at = EventRef {
                    org: "o",
                    sequence,
                    occurred_at: &event.occurred_at,
                    event_type: event.event_type,
                };
                batch.apply(&at, &change).unwrap();
            }
            batch.finish(first).unwrap();
        }
        tx.commit().unwrap();
    }

    fn id(id: &str) -> EntityId {
        EntityId::parse(id).unwrap()
    }

    fn key_result(key_result: &str, target: f64, direction: &'static str) -> Change {
        Change::KeyResult(KeyResultDefined {
            key_result: id(key_result),
            objective: id("obj"),
            title: "t".into(),
            unit: "count".into(),
            baseline: 0.0,
            target: Some(target),
            direction: direction.parse().unwrap(),
            due: NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
            measure: None,
        })
    }

    fn measure(key_result: &str, value: f64) -> Change {
        Change::Measurement(KeyResultMeasured {
            key_result: id(key_result),
            value,
        })
    }

    fn overdue(key_result: &str) -> Change {
        Change::KeyResultOverdue(KeyResultOverdue {
            key_result: id(key_result),
        })
    }

    fn alert(conn: &Connection, entity: &str) -> Option<(String, Option<String>)> {
        conn.query_row(
            "SELECT status, last_activity_at FROM alerts WHERE org = 'o' AND kind = ?1 AND entity = ?2",
            [alerts::OVERDUE, entity],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .ok()
    }

    #[test]
    fn a_measurement_resolves_an_overdue_alert_only_once_the_target_is_reached_either_way() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = crate::open_writer(&dir.path().join("rm.db")).unwrap();
        apply(
            &mut conn,
            1,
            vec![
                key_result("up", 10.0, "increase"),
                key_result("down", 3.0, "decrease"),
                key_result("calm", 10.0, "increase"),
                overdue("up"),
                overdue("down"),
            ],
        );
        // Short of the target: activity, still firing. No alert: none is made.
        apply(
            &mut conn,
            10,
            vec![
                measure("up", 5.0),
                measure("down", 7.0),
                measure("calm", 50.0),
            ],
        );
        let up = alert(&conn, "up").unwrap();
        assert_eq!(up.0, "firing");
        assert_eq!(up.1.as_deref(), Some("2026-01-01T00:00:10.000000Z"));
        assert_eq!(alert(&conn, "down").unwrap().0, "firing");
        assert_eq!(alert(&conn, "calm"), None);
        // Reached, each in its direction.
        apply(
            &mut conn,
            20,
            vec![measure("up", 10.0), measure("down", 3.0)],
        );
        for entity in ["up", "down"] {
            let resolved_at: Option<String> = conn
                .query_row(
                    "SELECT resolved_at FROM alerts WHERE org = 'o' AND entity = ?1 AND status = 'resolved'",
                    [entity],
                    |r| r.get(0),
                )
                .unwrap();
            assert!(resolved_at.is_some(), "{entity} resolved");
        }
    }

    #[test]
    fn the_statements_of_a_measurement_are_prepared_once_not_on_every_run() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = crate::open_writer(&dir.path().join("rm.db")).unwrap();
        apply(
            &mut conn,
            1,
            vec![key_result("kr", 100.0, "increase"), overdue("kr")],
        );
        for batch in 0..5 {
            let first = 10 + batch * 100;
            apply(
                &mut conn,
                first,
                (0..50)
                    .map(|i| measure(if i % 2 == 0 { "kr" } else { "other" }, 1.0))
                    .collect(),
            );
        }
        for sql in [
            alerts::ALERT_STATUS,
            alerts::ACTIVITY,
            alerts::TARGET,
            alerts::LATEST,
        ] {
            let stmt = conn.prepare_cached(sql).unwrap();
            assert!(stmt.get_status(StatementStatus::Run) > 0, "ran: {sql}");
            assert_eq!(
                stmt.get_status(StatementStatus::RePrepare),
                0,
                "re-prepared: {sql}"
            );
        }
    }
}
