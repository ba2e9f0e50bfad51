//! Level changes over time, including those caused by time passing.
//!
//! Levels can only change at an event or when something lapses by itself (an occurrence
//! leaving its window, an assessment expiring). The run visits exactly those instants,
//! in order, and compares each capability's reading with the previous one.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::cause::explain;
use crate::evaluate::Target;
use crate::fact::Fact;
use crate::index::CapSet;
use crate::model::Model;
use crate::state::{CapabilityState, Engine};

/// One capability's reading from an instant on, until the next reading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Reading {
    pub(crate) at: DateTime<Utc>,
    /// Saved timelines (`Timeline::save`) keep the key they were written with.
    #[serde(rename = "snapshot")]
    pub(crate) state: CapabilityState,
    pub(crate) target: Option<Target>,
    /// When the level of this reading was reached; `None` if it has always been 100.
    pub(crate) since: Option<DateTime<Utc>>,
}

/// One change of level of one capability.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    pub(crate) initial: Vec<CapabilityState>,
    /// Per capability: a reading at every instant it changed.
    pub(crate) readings: Vec<Vec<Reading>>,
    pub(crate) changes: Vec<LevelChange>,
    /// The number of facts replayed.
    pub(crate) facts: usize,
    /// Where later facts can be added without replaying these.
    pub(crate) frontier: Frontier,
}

/// The replay's state just after the instant of its last fact, with the lapses still
/// to come after it: facts that occurred later continue from here.
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct Frontier {
    cursor: Cursor,
    /// The last fact's time (`None` without facts).
    pub(crate) at: Option<DateTime<Utc>>,
    /// Readings and changes recorded up to `at`.
    readings: Vec<usize>,
    changes: usize,
    /// Lapse instants after `at`, up to the end of the run.
    pending: Vec<(DateTime<Utc>, CapSet)>,
    facts: usize,
}

impl Frontier {
    /// The model its engine holds.
    #[cfg(test)]
    pub(crate) fn engine_model(&self) -> Arc<Model> {
        self.cursor.engine.model()
    }

    /// A saved frontier under `model`, continuing `readings` and `changes`; `None` if
    /// its shape is not theirs and the model's.
    pub(crate) fn restored(
        mut self,
        model: &Arc<Model>,
        (readings, changes): (&[Vec<Reading>], usize),
    ) -> Option<Frontier> {
        let caps = &model.capabilities;
        let c = &self.cursor;
        let fits = c.last.len() == caps.len()
            && (c.last.iter().zip(caps)).all(|(s, cap)| s.signals.len() == cap.requirements.len())
            && c.targets.len() == caps.len()
            && c.since.len() == caps.len()
            && self.readings.len() == readings.len()
            && (self.readings.iter().zip(readings)).all(|(kept, all)| *kept <= all.len())
            && self.changes <= changes;
        self.cursor.engine = self.cursor.engine.restored(model)?;
        fits.then_some(self)
    }

    /// The bytes this frontier holds beyond its own size.
    pub(crate) fn heap_bytes(&self) -> usize {
        use crate::weight::vec_bytes;
        let c = &self.cursor;
        c.engine.heap_bytes()
            + vec_bytes(&c.last, c.last.capacity())
            + c.last
                .iter()
                .map(CapabilityState::heap_bytes)
                .sum::<usize>()
            + vec_bytes(&c.targets, c.targets.capacity())
            + vec_bytes(&c.since, c.since.capacity())
            + vec_bytes(&self.readings, self.readings.capacity())
            + vec_bytes(&self.pending, self.pending.capacity())
    }
}

impl LevelChange {
    /// The bytes this change holds, itself included.
    pub(crate) fn weight(&self) -> usize {
        std::mem::size_of::<LevelChange>() + self.capability.capacity() + self.cause.capacity()
    }
}

/// What the loop carries from instant to instant.
#[derive(Clone, Serialize, Deserialize)]
struct Cursor {
    engine: Engine,
    last: Vec<CapabilityState>,
    targets: Vec<Option<Target>>,
    since: Vec<Option<DateTime<Utc>>>,
}

/// Replays `facts` up to `until`, reading every capability at each candidate instant
/// and keeping the readings that differ from the previous one.
pub(crate) fn run<'f>(
    model: &Model,
    facts: impl IntoIterator<Item = &'f Fact>,
    until: DateTime<Utc>,
) -> Run {
    replay(model, facts, until, false)
}

/// [`run`], reading only the capabilities something happened to at each instant, or
/// every capability at every instant when `exhaustive` (the slow reference the tests
/// compare with).
fn replay<'f>(
    model: &Model,
    facts: impl IntoIterator<Item = &'f Fact>,
    until: DateTime<Utc>,
    exhaustive: bool,
) -> Run {
    let engine = Engine::new(model.shared.model(model));
    let initial = engine.initial();
    let n = initial.len();
    let cursor = Cursor {
        engine,
        last: initial.clone(),
        targets: vec![None; n],
        since: vec![None; n],
    };
    let start = Frontier {
        cursor,
        at: None,
        readings: vec![0; n],
        changes: 0,
        pending: Vec::new(),
        facts: 0,
    };
    let mut out = Recorded {
        readings: vec![Vec::new(); n],
        changes: Vec::new(),
        exhaustive,
    };
    let sorted = chronological(facts, until);
    let frontier = continue_from(model, start, &sorted, until, &mut out);
    Run {
        initial,
        readings: out.readings,
        changes: out.changes,
        facts: frontier.facts,
        frontier,
    }
}

/// Continues a run from `frontier` with `later` facts (all after `frontier.at`, in time
/// order), given what it recorded (`readings`, `changes`); returns the new run.
pub(crate) fn extend(
    model: &Model,
    (frontier, initial): (&Frontier, &[CapabilityState]),
    (readings, changes): (&[Vec<Reading>], &[LevelChange]),
    later: &[&Fact],
    until: DateTime<Utc>,
) -> Run {
    let mut out = Recorded {
        readings: (readings.iter().zip(&frontier.readings))
            .map(|(r, keep)| r[..*keep].to_vec())
            .collect(),
        changes: changes[..frontier.changes].to_vec(),
        exhaustive: false,
    };
    let frontier = continue_from(model, frontier.clone(), later, until, &mut out);
    Run {
        initial: initial.to_vec(),
        readings: out.readings,
        changes: out.changes,
        facts: frontier.facts,
        frontier,
    }
}

/// Where a run writes what it reads.
struct Recorded {
    readings: Vec<Vec<Reading>>,
    changes: Vec<LevelChange>,
    exhaustive: bool,
}

/// Applies `sorted` (all later than `from.at`) and reads every candidate instant up to
/// `until`: the new facts' times and lapses, and the lapses `from` still had pending.
/// Returns the frontier after the last fact.
fn continue_from(
    model: &Model,
    from: Frontier,
    sorted: &[&Fact],
    until: DateTime<Utc>,
    out: &mut Recorded,
) -> Frontier {
    let Frontier {
        mut cursor,
        at,
        pending,
        facts,
        ..
    } = from;
    let mut instants = candidate_instants(&cursor.engine, sorted, until);
    instants.extend(pending);
    let instants = merge(instants);
    let last_fact = sorted.last().map(|f| f.occurred_at).or(at);
    let split = instants.partition_point(|(t, _)| Some(*t) <= last_fact);
    step(model, &mut cursor, sorted, &instants[..split], out);
    let mut kept = cursor.clone();
    if let Some(at) = last_fact {
        kept.engine.compact(at);
    }
    let mut pending = instants[split..].to_vec();
    pending.shrink_to_fit();
    let frontier = Frontier {
        cursor: kept,
        at: last_fact,
        readings: out.readings.iter().map(Vec::len).collect(),
        changes: out.changes.len(),
        pending,
        facts: facts + sorted.len(),
    };
    step(model, &mut cursor, &[], &instants[split..], out);
    frontier
}

/// Reads the capabilities each instant moves, applying `sorted` as their time comes
/// (every fact must be at or before the last instant).
fn step(
    model: &Model,
    cursor: &mut Cursor,
    sorted: &[&Fact],
    instants: &[(DateTime<Utc>, CapSet)],
    out: &mut Recorded,
) {
    let caps = model.capabilities.len();
    let mut scratch = cursor.last.clone();
    let mut next = 0;
    for &(at, moved) in instants {
        let first = next;
        while sorted.get(next).is_some_and(|f| f.occurred_at <= at) {
            cursor.engine.apply(sorted[next]);
            next += 1;
        }
        // Only the capabilities something happened to can read differently.
        let moved = (0..caps).filter(|c| out.exhaustive || *c >= 64 || moved & (1 << c) != 0);
        for (c, cap) in moved.map(|c| (c, &model.capabilities[c])) {
            cursor.engine.read_into(c, at, &mut scratch[c]);
            let target = cursor.engine.target(c);
            if scratch[c] == cursor.last[c] && target == cursor.targets[c] {
                continue;
            }
            if scratch[c].level != cursor.last[c].level {
                out.changes.push(LevelChange {
                    capability: cap.id.clone(),
                    at,
                    from: cursor.last[c].level,
                    to: scratch[c].level,
                    cause: explain(
                        model,
                        cap,
                        (&cursor.last[c], &scratch[c]),
                        &sorted[first..next],
                    ),
                });
                cursor.since[c] = Some(at);
            }
            cursor.last[c].clone_from(&scratch[c]);
            cursor.targets[c].clone_from(&target);
            out.readings[c].push(Reading {
                at,
                state: scratch[c].clone(),
                target,
                since: cursor.since[c],
            });
        }
    }
}

/// Facts up to `until`, oldest first; simultaneous facts keep their given order.
fn chronological<'f>(
    facts: impl IntoIterator<Item = &'f Fact>,
    until: DateTime<Utc>,
) -> Vec<&'f Fact> {
    let mut sorted: Vec<&Fact> = (facts.into_iter())
        .filter(|f| f.occurred_at <= until)
        .collect();
    sorted.sort_by_key(|f| f.occurred_at);
    sorted
}

/// Event times and lapse times up to `until`, each with the capabilities whose reading
/// may change then (unsorted; see [`merge`]).
fn candidate_instants(
    engine: &Engine,
    sorted: &[&Fact],
    until: DateTime<Utc>,
) -> Vec<(DateTime<Utc>, CapSet)> {
    let mut instants: Vec<(DateTime<Utc>, CapSet)> = Vec::with_capacity(sorted.len() * 2);
    for fact in sorted {
        instants.push((fact.occurred_at, engine.touches(fact)));
        instants.extend(
            engine
                .expiries(fact)
                .into_iter()
                .filter(|(t, _)| *t <= until),
        );
    }
    instants
}

/// Instants sorted and distinct, the capabilities of equal ones joined.
fn merge(mut instants: Vec<(DateTime<Utc>, CapSet)>) -> Vec<(DateTime<Utc>, CapSet)> {
    instants.sort_unstable_by_key(|(at, _)| *at);
    let mut merged: Vec<(DateTime<Utc>, CapSet)> = Vec::with_capacity(instants.len());
    for (at, set) in instants {
        match merged.last_mut() {
            Some((last, sum)) if *last == at => *sum |= set,
            _ => merged.push((at, set)),
        }
    }
    merged
}

#[cfg(test)]
#[path = "history_tests.rs"]
mod tests;
