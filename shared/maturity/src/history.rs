//! Level changes over time, including those caused by time passing.
//!
//! Levels can only change at an event or when something lapses by itself (an occurrence
//! leaving its window, an assessment expiring). The run visits exactly those instants,
//! in order, and compares each capability's reading with the previous one.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::cause::explain;
use crate::evaluate::Target;
use crate::fact::Fact;
use crate::model::Model;
use crate::state::{Engine, Snapshot};
use crate::timeline::Reading;

/// One change of level of one capability.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LevelChange {
    /// The capability id.
    pub capability: String,
    /// When the level changed.
    pub at: DateTime<Utc>,
    /// The level before.
    pub from: u16,
    /// The level after.
    pub to: u16,
    /// What made it change, in words: `sponsor.named (cio) — an active sponsor`.
    pub cause: String,
}

/// Every change of level per capability, in time order, up to and including `until`.
/// Facts may come in any order; facts after `until` are ignored.
pub fn level_history(model: &Model, facts: &[Fact], until: DateTime<Utc>) -> Vec<LevelChange> {
    run(model, facts, until).changes
}

/// The outcome of replaying a history up to an instant.
pub(crate) struct Run {
    /// Each capability before any fact.
    pub(crate) initial: Vec<Snapshot>,
    /// Per capability: a reading at every instant it changed.
    pub(crate) readings: Vec<Vec<Reading>>,
    pub(crate) changes: Vec<LevelChange>,
    /// The number of facts replayed.
    pub(crate) facts: usize,
}

/// Replays `facts` up to `until`, reading every capability at each candidate instant
/// and keeping the readings that differ from the previous one.
pub(crate) fn run(model: &Model, facts: &[Fact], until: DateTime<Utc>) -> Run {
    let sorted = chronological(facts, until);
    let mut engine = Engine::new(model);
    let instants = candidate_instants(&engine, &sorted, until);
    let initial = engine.initial();
    let mut last = initial.clone();
    let mut targets: Vec<Option<Target>> = vec![None; initial.len()];
    let mut since: Vec<Option<DateTime<Utc>>> = vec![None; initial.len()];
    let mut readings: Vec<Vec<Reading>> = vec![Vec::new(); initial.len()];
    let mut scratch = initial.clone();
    let mut changes = Vec::new();
    let mut next = 0;
    for at in instants {
        let first = next;
        while sorted.get(next).is_some_and(|f| f.occurred_at <= at) {
            engine.apply(sorted[next]);
            next += 1;
        }
        for (c, cap) in model.capabilities.iter().enumerate() {
            engine.read_into(c, at, &mut scratch[c]);
            let target = engine.target(c);
            if scratch[c] == last[c] && target == targets[c] {
                continue;
            }
            if scratch[c].level != last[c].level {
                changes.push(LevelChange {
                    capability: cap.id.clone(),
                    at,
                    from: last[c].level,
                    to: scratch[c].level,
                    cause: explain(model, cap, (&last[c], &scratch[c]), &sorted[first..next]),
                });
                since[c] = Some(at);
            }
            last[c].clone_from(&scratch[c]);
            targets[c].clone_from(&target);
            readings[c].push(Reading {
                at,
                snapshot: scratch[c].clone(),
                target,
                since: since[c],
            });
        }
    }
    Run {
        initial,
        readings,
        changes,
        facts: sorted.len(),
    }
}

/// Facts up to `until`, oldest first; simultaneous facts keep their given order.
fn chronological(facts: &[Fact], until: DateTime<Utc>) -> Vec<&Fact> {
    let mut sorted: Vec<&Fact> = facts.iter().filter(|f| f.occurred_at <= until).collect();
    sorted.sort_by_key(|f| f.occurred_at);
    sorted
}

/// Event times, lapse times up to `until`, and `until` itself, sorted and distinct.
fn candidate_instants(
    engine: &Engine,
    sorted: &[&Fact],
    until: DateTime<Utc>,
) -> Vec<DateTime<Utc>> {
    let mut instants: Vec<DateTime<Utc>> = Vec::with_capacity(sorted.len() * 2 + 1);
    for fact in sorted {
        instants.push(fact.occurred_at);
        instants.extend(engine.expiries(fact).into_iter().filter(|t| *t <= until));
    }
    instants.push(until);
    instants.sort_unstable();
    instants.dedup();
    instants
}
