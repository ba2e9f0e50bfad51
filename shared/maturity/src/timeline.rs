//! An organisation's maturity at every instant up to a horizon, computed in one replay.
//!
//! [`evaluate`](crate::evaluate) replays the whole history for one instant. A service
//! that answers many questions about the same history (the api's "now" moves with every
//! request, the dashboard asks for any past date) builds a [`Timeline`] once and then
//! reads any instant up to its horizon by binary search: levels, causes, targets and
//! what is missing only change at events and lapses, and the replay records each
//! capability's reading exactly at those instants.
//!
//! A live organisation's new events usually happened after all the earlier ones; a
//! timeline keeps the replay's state as of its last fact, so [`Timeline::extended`]
//! replays only the new facts (and the lapses after them), not the whole history.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::evaluate::{Assessment, CapabilityAssessment, NextLevel};
use crate::fact::Fact;
use crate::history::{Frontier, LevelChange, Reading, Run, extend, run};
use crate::model::{Capability, Model, TOP};
use crate::state::CapabilityState;

/// How many days past the instant asked about (or "now") a timeline is built, so that
/// later "now"s reuse it: the api's builds and the projector's saved timelines use the same
/// rule, so a restored timeline covers the requests of the next year.
pub const HORIZON_DAYS: i64 = 400;

/// Every capability's readings and every level change of one history, up to a horizon.
#[derive(Clone, Serialize, Deserialize)]
pub struct Timeline {
    model: String,
    horizon: DateTime<Utc>,
    /// Per capability (model order): the reading before any fact.
    initial: Vec<CapabilityState>,
    /// Per capability: readings in time order, one per instant it changed.
    readings: Vec<Vec<Reading>>,
    changes: Vec<LevelChange>,
    /// The number of facts up to the horizon.
    facts: usize,
    /// Where later facts continue the replay.
    frontier: Frontier,
}

impl std::fmt::Debug for Timeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Timeline")
            .field("model", &self.model)
            .field("horizon", &self.horizon)
            .field("facts", &self.facts)
            .field("changes", &self.changes.len())
            .field("last_fact_at", &self.frontier.at)
            .finish_non_exhaustive()
    }
}

impl Timeline {
    /// The bytes this timeline holds, itself included: its readings, its level changes
    /// and the state at its frontier (what later facts continue from). It does not
    /// keep the facts themselves, so it grows with the changes, not with the history.
    pub fn weight(&self) -> usize {
        use crate::weight::vec_bytes;
        let readings: usize = (self.readings.iter())
            .map(|r| {
                vec_bytes(r, r.capacity()) + r.iter().map(|x| x.state.heap_bytes()).sum::<usize>()
            })
            .sum();
        std::mem::size_of::<Timeline>()
            + self.model.capacity()
            + vec_bytes(&self.initial, self.initial.capacity())
            + self
                .initial
                .iter()
                .map(CapabilityState::heap_bytes)
                .sum::<usize>()
            + vec_bytes(&self.readings, self.readings.capacity())
            + readings
            + vec_bytes(&self.changes, self.changes.capacity())
            + self
                .changes
                .iter()
                .map(|c| c.weight() - std::mem::size_of::<LevelChange>())
                .sum::<usize>()
            + self.frontier.heap_bytes()
    }

    /// Replays `facts` (in any order) up to `horizon` under `model`.
    pub fn build(model: &Model, facts: &[Fact], horizon: DateTime<Utc>) -> Timeline {
        Self::build_from(model, facts, horizon)
    }

    /// [`Timeline::build`] from facts held in any collection (in any order).
    pub fn build_from<'f>(
        model: &Model,
        facts: impl IntoIterator<Item = &'f Fact>,
        horizon: DateTime<Utc>,
    ) -> Timeline {
        Self::from_run(model, run(model, facts, horizon), horizon)
    }

    /// This timeline with `later` facts added, replaying only from its last fact on:
    /// what [`Timeline::build`] over all the facts gives. `None` when that cannot be
    /// done — a fact not later than the last one, or another model — and the caller
    /// builds afresh.
    pub fn extended<'f>(
        &self,
        model: &Model,
        later: impl IntoIterator<Item = &'f Fact>,
    ) -> Option<Timeline> {
        let mut sorted: Vec<&Fact> = (later.into_iter())
            .filter(|f| f.occurred_at <= self.horizon)
            .collect();
        sorted.sort_by_key(|f| f.occurred_at);
        let after_the_last = |f: &&Fact| self.frontier.at.is_none_or(|at| f.occurred_at > at);
        if model.id != self.model || !sorted.first().is_none_or(after_the_last) {
            return None;
        }
        let run = extend(
            model,
            (&self.frontier, &self.initial),
            (&self.readings, &self.changes),
            &sorted,
            self.horizon,
        );
        Some(Self::from_run(model, run, self.horizon))
    }

    /// A timeline read back from text under `model` (whose id it has), or `None` if
    /// its shape is not the model's.
    pub(crate) fn restored(mut self, model: &Arc<Model>) -> Option<Timeline> {
        let caps = &model.capabilities;
        let signals_fit =
            |s: &CapabilityState, cap: &Capability| s.signals.len() == cap.requirements.len();
        let fits = self.initial.len() == caps.len()
            && self.readings.len() == caps.len()
            && (self.initial.iter().zip(caps)).all(|(s, cap)| signals_fit(s, cap))
            && (self.readings.iter().zip(caps))
                .all(|(r, cap)| r.iter().all(|r| signals_fit(&r.state, cap)));
        if !fits {
            return None;
        }
        self.frontier = (self.frontier).restored(model, (&self.readings, self.changes.len()))?;
        Some(self)
    }

    fn from_run(model: &Model, mut run: Run, horizon: DateTime<Utc>) -> Timeline {
        // A timeline is kept for long and only read: no spare capacity.
        run.readings.iter_mut().for_each(Vec::shrink_to_fit);
        run.changes.shrink_to_fit();
        Timeline {
            model: model.id.clone(),
            horizon,
            initial: run.initial,
            readings: run.readings,
            changes: run.changes,
            facts: run.facts,
            frontier: run.frontier,
        }
    }

    /// The model its frontier's engine holds.
    #[cfg(test)]
    pub(crate) fn engine_model(&self) -> Arc<Model> {
        self.frontier.engine_model()
    }

    /// The time of the latest fact (later facts can be added by [`Timeline::extended`]).
    pub fn last_fact_at(&self) -> Option<DateTime<Utc>> {
        self.frontier.at
    }

    /// The last instant this timeline answers for.
    pub fn horizon(&self) -> DateTime<Utc> {
        self.horizon
    }

    /// The id of the model it was built under.
    pub fn model_id(&self) -> &str {
        &self.model
    }

    /// How many facts occurred up to the horizon.
    pub fn facts(&self) -> usize {
        self.facts
    }

    /// Whether `as_of` is within the horizon.
    pub fn covers(&self, as_of: DateTime<Utc>) -> bool {
        as_of <= self.horizon
    }

    /// The assessment as of `as_of`, equal to [`evaluate`](crate::evaluate) over the same
    /// facts; `None` past the horizon. `model` must be the one it was built under (the
    /// capabilities' names and requirement words come from it).
    pub fn assess(&self, model: &Model, as_of: DateTime<Utc>) -> Option<Assessment> {
        (self.covers(as_of) && model.id == self.model).then(|| self.assess_within(model, as_of))
    }

    /// [`Timeline::assess`] for an `as_of` known to be within the horizon.
    pub(crate) fn assess_within(&self, model: &Model, as_of: DateTime<Utc>) -> Assessment {
        let capabilities = (model.capabilities.iter().enumerate())
            .map(|(c, cap)| {
                let readings = &self.readings[c];
                let at = readings.partition_point(|r| r.at <= as_of);
                let (state, target, since) = match at.checked_sub(1) {
                    Some(i) => {
                        let r = &readings[i];
                        (&r.state, r.target.clone(), r.since)
                    }
                    None => (&self.initial[c], None, None),
                };
                CapabilityAssessment {
                    id: cap.id.clone(),
                    name: cap.name.clone(),
                    level: state.level,
                    target,
                    since,
                    next: next_level(cap, state),
                }
            })
            .collect();
        Assessment {
            model: model.id.clone(),
            as_of,
            capabilities,
        }
    }

    /// Every level change up to and including `until` (within the horizon), oldest first.
    pub fn changes_until(&self, until: DateTime<Utc>) -> &[LevelChange] {
        let end = self.changes.partition_point(|c| c.at <= until);
        &self.changes[..end]
    }

    /// Every level change up to the horizon, oldest first.
    pub fn changes(&self) -> &[LevelChange] {
        &self.changes
    }
}

/// Assesses every capability of `model` from `facts` (in any order) as of `as_of`;
/// facts that occurred after `as_of` are ignored.
///
/// This replays the whole history; to ask about many instants of the same history,
/// build a [`Timeline`] once.
pub fn evaluate(model: &Model, facts: &[Fact], as_of: DateTime<Utc>) -> Assessment {
    Timeline::build(model, facts, as_of).assess_within(model, as_of)
}

/// The next level of `cap` above `state` and what it still needs; `None` at 500.
pub(crate) fn next_level(cap: &Capability, state: &CapabilityState) -> Option<NextLevel> {
    if state.level >= TOP {
        return None;
    }
    let level = state.level + 100;
    let missing = (cap.requirements.iter().enumerate())
        .filter(|(i, req)| req.level <= level && !state.met(req, *i))
        .map(|(_, req)| req.words.clone())
        .collect();
    Some(NextLevel { level, missing })
}
