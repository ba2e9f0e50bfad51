//! The projection's writes: one transaction per batch (the changes of
//! [`crate::projection::fold`] and the maturity facts), ending with the checkpoint.

use rusqlite::{Connection, Transaction, params};

use govtrack_events::data::{KeyResultDefined, KeyResultMeasured, KeyResultOverdue};
use govtrack_events::data::{KeyResultTargetSet, SilenceCreated, SilenceExpired};

use super::{StoreError, ms};
use crate::projection::feeds::FeedChange;
use crate::projection::fold::Change;

/// The last stream sequence applied (0 for a fresh store).
pub fn checkpoint(conn: &Connection) -> Result<u64, StoreError> {
    Ok(govtrack_runtime::checkpoint::read(conn)?)
}

/// Where a change comes from.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    /// The event's organisation.
    pub org: &'a str,
    /// When it happened.
    pub occurred_at: chrono::DateTime<chrono::Utc>,
}

/// The writes of one batch; nothing is visible until [`Batch::commit`].
pub struct Batch<'c> {
    tx: Transaction<'c>,
}

/// Starts a batch.
pub fn begin(conn: &mut Connection) -> Result<Batch<'_>, StoreError> {
    Ok(Batch {
        tx: conn.transaction()?,
    })
}

impl Batch<'_> {
    /// Applies one change.
    pub fn apply(&self, origin: &Origin<'_>, change: &Change) -> Result<(), StoreError> {
        let (org, at) = (origin.org, ms(origin.occurred_at));
        match change {
            Change::InitiativeStarted { initiative, title, owner, checkin_days, horizon, key_results } => {
                self.exec(
                    "INSERT INTO initiatives (org, initiative, title, owner, checkin_days, horizon, last_activity_ms)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT (org, initiative) DO UPDATE SET title = excluded.title, owner = excluded.owner,
                       checkin_days = excluded.checkin_days, horizon = excluded.horizon,
                       last_activity_ms = max(last_activity_ms, excluded.last_activity_ms)",
                    params![org, initiative, title, owner, checkin_days, horizon, at],
                )?;
                for key_result in key_results {
                    self.exec(
                        "INSERT OR IGNORE INTO initiative_key_results (org, key_result, initiative) VALUES (?1, ?2, ?3)",
                        params![org, key_result, initiative],
                    )?;
                }
                Ok(())
            }
            Change::InitiativeActivity { initiative, state } => self.exec(
                "INSERT INTO initiatives (org, initiative, state, last_activity_ms) VALUES (?1, ?2, coalesce(?3, 'active'), ?4)
                 ON CONFLICT (org, initiative) DO UPDATE SET
                   state = CASE WHEN state IN ('completed', 'cancelled') AND ?3 IN ('active', 'blocked') THEN state
                                ELSE coalesce(?3, state) END,
                   last_activity_ms = max(last_activity_ms, excluded.last_activity_ms)",
                params![org, initiative, state, at],
            ),
            Change::Stalled { initiative, last_activity_at, since } => self.exec(
                "UPDATE initiatives SET stalled_activity_ms = ?3, stalled_since_ms = ?4 WHERE org = ?1 AND initiative = ?2",
                params![org, initiative, ms(*last_activity_at), ms(*since)],
            ),
            Change::Unstalled { initiative } => self.exec(
                "UPDATE initiatives SET stalled_activity_ms = NULL, stalled_since_ms = NULL WHERE org = ?1 AND initiative = ?2",
                params![org, initiative],
            ),
            Change::Objective { objective, title } => self.exec(
                "INSERT INTO objectives (org, objective, title) VALUES (?1, ?2, ?3)
                 ON CONFLICT (org, objective) DO UPDATE SET title = excluded.title",
                params![org, objective, title],
            ),
            Change::ObjectiveClosed { objective } => self.exec(
                "UPDATE objectives SET closed = 1 WHERE org = ?1 AND objective = ?2",
                params![org, objective],
            ),
            Change::KeyResult(KeyResultDefined { key_result, objective, title, baseline, target, direction, due, .. }) => self.exec(
                "INSERT INTO key_results (org, key_result, objective, title, baseline, target, direction, due, defined_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT (org, key_result) DO UPDATE SET objective = excluded.objective, title = excluded.title,
                   baseline = excluded.baseline, target = excluded.target, direction = excluded.direction,
                   due = excluded.due, defined_ms = excluded.defined_ms",
                params![org, key_result.as_str(), objective.as_str(), title, baseline, target, direction.as_str(), due.to_string(), at],
            ),
            Change::KeyResultTarget(KeyResultTargetSet { key_result, target, due }) => self.exec(
                "UPDATE key_results SET target = ?3, due = coalesce(?4, due) WHERE org = ?1 AND key_result = ?2",
                params![org, key_result.as_str(), target, due.map(|d| d.to_string())],
            ),
            Change::Measurement(KeyResultMeasured { key_result, value }) => {
                let key_result = key_result.as_str();
                self.exec(
                    "UPDATE key_results SET current = ?3, measured_ms = ?4
                     WHERE org = ?1 AND key_result = ?2 AND (measured_ms IS NULL OR measured_ms <= ?4)",
                    params![org, key_result, value, at],
                )?;
                self.exec(
                    "UPDATE initiatives SET last_activity_ms = max(last_activity_ms, ?3)
                     WHERE org = ?1 AND initiative IN
                       (SELECT initiative FROM initiative_key_results WHERE org = ?1 AND key_result = ?2)",
                    params![org, key_result, at],
                )
            }
            Change::Overdue(KeyResultOverdue { key_result }) => self.exec(
                "UPDATE key_results SET overdue_reported_ms = ?3 WHERE org = ?1 AND key_result = ?2",
                params![org, key_result.as_str(), at],
            ),
            Change::Silence(SilenceCreated { silence, matchers, owner, reason, expires_at }) => self.exec(
                "INSERT INTO silences (org, silence, match_org, match_kind, match_entity, owner, reason, created_ms, expires_ms)
                 VALUES (?1, ?2, coalesce(?3, ?1), ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT (org, silence) DO UPDATE SET match_org = excluded.match_org, match_kind = excluded.match_kind,
                   match_entity = excluded.match_entity, owner = excluded.owner, reason = excluded.reason,
                   created_ms = excluded.created_ms, expires_ms = excluded.expires_ms, expired_ms = NULL",
                params![org, silence.as_str(), matchers.org, matchers.kind, matchers.entity, owner, reason, at, ms(*expires_at)],
            ),
            Change::SilenceExpired(SilenceExpired { silence }) => self.exec(
                "UPDATE silences SET expired_ms = ?3 WHERE org = ?1 AND silence = ?2",
                params![org, silence.as_str(), at],
            ),
        }
    }

    /// Marks event `id` applied; false when it already was (a second message of the
    /// same id, which the projection skips).
    pub fn first_time(&self, id: &str) -> Result<bool, StoreError> {
        let inserted = self
            .tx
            .prepare_cached("INSERT OR IGNORE INTO applied_ids (id) VALUES (?1)")?
            .execute([id])?;
        Ok(inserted == 1)
    }

    /// Keeps an event's fact for the maturity evaluator (`data` is its JSON). Applying
    /// the same sequence twice keeps one row.
    pub fn record_fact(
        &self,
        origin: &Origin<'_>,
        sequence: u64,
        event_type: &str,
        data: &str,
    ) -> Result<(), StoreError> {
        self.exec(
            "INSERT OR IGNORE INTO facts (org, sequence, type, occurred_ms, data) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![origin.org, sequence as i64, event_type, ms(origin.occurred_at), data],
        )
    }

    /// Applies one feed change (sources, environments, inventory counts).
    pub fn apply_feed(&self, origin: &Origin<'_>, change: &FeedChange) -> Result<(), StoreError> {
        super::feeds::apply(&self.tx, origin.org, ms(origin.occurred_at), change)
    }

    fn exec(&self, sql: &str, params: impl rusqlite::Params) -> Result<(), StoreError> {
        self.tx.prepare_cached(sql)?.execute(params)?;
        Ok(())
    }

    /// Stores the checkpoint and commits the batch.
    pub fn commit(self, checkpoint: u64) -> Result<(), StoreError> {
        govtrack_runtime::checkpoint::write(&self.tx, checkpoint)?;
        self.tx.commit()?;
        Ok(())
    }
}
