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
use crate::index::CapSet;
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
    let sorted = chronological(facts, until);
    let mut engine = Engine::new(model);
    let instants = candidate_instants(&engine, &sorted, until);
    let caps = model.capabilities.len();
    let initial = engine.initial();
    let mut last = initial.clone();
    let mut targets: Vec<Option<Target>> = vec![None; initial.len()];
    let mut since: Vec<Option<DateTime<Utc>>> = vec![None; initial.len()];
    let mut readings: Vec<Vec<Reading>> = vec![Vec::new(); initial.len()];
    let mut scratch = initial.clone();
    let mut changes = Vec::new();
    let mut next = 0;
    for (at, moved) in instants {
        let first = next;
        while sorted.get(next).is_some_and(|f| f.occurred_at <= at) {
            engine.apply(sorted[next]);
            next += 1;
        }
        // Only the capabilities something happened to can read differently.
        let moved = (0..caps).filter(|c| exhaustive || *c >= 64 || moved & (1 << c) != 0);
        for (c, cap) in moved.map(|c| (c, &model.capabilities[c])) {
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

/// Event times and lapse times up to `until`, sorted and distinct, each with the
/// capabilities whose reading may change then.
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
mod tests {
    use chrono::TimeDelta;
    use proptest::prelude::*;
    use serde_json::json;

    use super::*;

    const TYPES: [&str; 14] = [
        "sponsor.named",
        "sponsor.stepped_down",
        "sponsor.review_held",
        "dlp_policy.set",
        "dlp_policy.removed",
        "environment.created",
        "environment_strategy.published",
        "coe_kit.deployed",
        "hackathon.held",
        "welcome_email.enabled",
        "champion.recognized",
        "evidence.recorded",
        "capability.assessed",
        "capability.target_set",
    ];

    fn fact() -> impl Strategy<Value = Fact> {
        let data = (
            prop::sample::select(vec!["cio", "cfo"]),
            any::<bool>(),
            prop::sample::select(vec!["default", "tenant"]),
            prop::sample::select(vec!["core", "nurture"]),
            prop::sample::select(vec!["governance", "community", "sponsorship"]),
            prop::sample::select(vec![200u16, 300, 400, 500]),
            prop::option::of(1u32..400),
        );
        (prop::sample::select(TYPES.to_vec()), 0i64..1500, data).prop_map(
            |(t, day, (sponsor, flag, scope, module, capability, level, days))| {
                let at = DateTime::<Utc>::UNIX_EPOCH + TimeDelta::days(20_000 + day);
                let data = json!({
                    "sponsor": sponsor, "formal": flag, "managed": flag, "policy": scope,
                    "scope": scope, "module": module, "environment": module,
                    "capability": capability, "level": level, "valid_days": days,
                    "signal": "resource_cleanup_reviewed", "due": "2030-01-01",
                    "attendees": ["executive", "business", "it"], "name": "n",
                });
                Fact::new(t, at, data)
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Skipping the capabilities nothing happened to never changes the outcome.
        #[test]
        fn reading_only_moved_capabilities_equals_reading_all(
            facts in prop::collection::vec(fact(), 0..80),
        ) {
            for model in [Model::default_model(), Model::builtin("2021").unwrap()] {
                let until = DateTime::<Utc>::UNIX_EPOCH + TimeDelta::days(22_000);
                let quick = replay(&model, &facts, until, false);
                let full = replay(&model, &facts, until, true);
                prop_assert_eq!(&quick.readings, &full.readings);
                prop_assert_eq!(&quick.changes, &full.changes);
            }
        }
    }
}
