//! What a page needs from an organisation's whole log — its facts, parsed, and its level
//! history — kept in memory per organisation until the projector applies a newer event
//! of it. Both are pure functions of the log prefix, so the organisation's last applied
//! sequence is a sound key, across read-model rebuilds too.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, TimeDelta, Utc};
use govtrack_maturity::{Fact, Model, level_history};
use rusqlite::Connection;

use crate::query::{self, QueryError};
use crate::types::LevelChange;

/// Organisations kept; past that the cache starts afresh.
const MAX_ORGS: usize = 256;
/// How far past the asked instant the history is computed, so that later "now"s reuse it.
const HORIZON_DAYS: i64 = 400;

/// One organisation's facts and level history as of a log position.
#[derive(Debug)]
pub struct OrgFacts {
    last_sequence: u64,
    model: String,
    horizon: DateTime<Utc>,
    /// Every fact, in log order.
    pub facts: Vec<Fact>,
    /// Every level change up to the horizon, oldest first.
    pub changes: Vec<LevelChange>,
}

impl OrgFacts {
    /// The level changes up to `as_of` (levels only change at events and lapses, so
    /// this prefix equals the history computed up to `as_of`).
    pub fn changes_until(&self, as_of: DateTime<Utc>) -> &[LevelChange] {
        let end = self.changes.partition_point(|c| c.at <= as_of);
        &self.changes[..end]
    }
}

/// The per-organisation cache shared by the dashboard's requests.
#[derive(Debug, Default)]
pub struct DashboardCache {
    orgs: Mutex<HashMap<String, Arc<OrgFacts>>>,
}

impl DashboardCache {
    /// The facts and history of `org` at `last_sequence` covering `as_of`, read and
    /// computed on a miss.
    pub fn get(
        &self,
        conn: &Connection,
        model: &Model,
        (org, last_sequence): (&str, u64),
        as_of: DateTime<Utc>,
    ) -> Result<Arc<OrgFacts>, QueryError> {
        let fresh = |e: &OrgFacts| {
            e.last_sequence == last_sequence && e.model == model.id() && e.horizon >= as_of
        };
        if let Some(hit) = self.lock().get(org).filter(|e| fresh(e)) {
            return Ok(hit.clone());
        }
        let facts = query::facts(conn, org)?;
        let horizon = as_of + TimeDelta::days(HORIZON_DAYS);
        let changes = level_history(model, &facts, horizon)
            .into_iter()
            .map(|c| LevelChange {
                capability: c.capability,
                at: c.at,
                from: c.from,
                to: c.to,
                cause: c.cause,
            })
            .collect();
        let entry = Arc::new(OrgFacts {
            last_sequence,
            model: model.id().to_owned(),
            horizon,
            facts,
            changes,
        });
        let mut orgs = self.lock();
        if orgs.len() >= MAX_ORGS {
            orgs.clear();
        }
        orgs.insert(org.to_owned(), entry.clone());
        Ok(entry)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<OrgFacts>>> {
        self.orgs.lock().unwrap_or_else(|e| e.into_inner())
    }
}
