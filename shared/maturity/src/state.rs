//! The folded state of an organisation's history, read at instants that never go back.
//!
//! Facts are applied in time order; [`Engine::read_into`] then reads every requirement at
//! an instant. Counts of current facts are kept incrementally and occurrence windows are
//! queues pruned as time moves on, so reading is cheap whatever the history's length.

use std::collections::{HashMap, VecDeque};
use std::mem::size_of;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::evaluate::Target;
use crate::fact::{Fact, key_of};
use crate::index::{CapSet, Index, one};
use crate::model::{Capability, INITIAL, LEVELS, Model};
use crate::requirement::Requirement;
use crate::requirement::{FactSource, Matcher, RequirementKind};

const ASSESSED: &str = "capability.assessed";
const EVIDENCE: &str = "evidence.recorded";
const TARGET_SET: &str = "capability.target_set";

/// The running state behind one requirement.
#[derive(Debug, Clone, Serialize, Deserialize)]
enum Slot {
    /// How many matching events, or active matching entities, there are.
    Count(usize),
    /// Matching occurrences not yet out of the window, oldest first.
    Window(VecDeque<Hit>),
    /// The latest matching evidence.
    Latest(Option<DateTime<Utc>>),
}

impl Slot {
    fn heap_bytes(&self) -> usize {
        match self {
            Slot::Window(hits) => {
                let keys = |k: &[Option<String>]| {
                    (k.iter())
                        .map(|k| {
                            size_of::<Option<String>>() + k.as_ref().map_or(0, String::capacity)
                        })
                        .sum::<usize>()
                };
                (hits.iter())
                    .map(|h| size_of::<Hit>() + h.keys.as_deref().map_or(0, keys))
                    .sum()
            }
            Slot::Count(_) | Slot::Latest(_) => 0,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Hit {
    at: DateTime<Utc>,
    /// The keys the `active` matchers look up at reading time (in their order), kept
    /// only when there are such matchers: the rest of the event's data is never read
    /// again.
    keys: Option<Box<[Option<String>]>>,
}

/// What an active entity's latest data said, all a reading needs of it: per fact
/// requirement over its entity (`Index::by_entity` order), whether the data matched.
type Matched = Box<[bool]>;

/// The latest assessment of a capability.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Attestation {
    level: u16,
    expires: Option<DateTime<Utc>>,
}

/// One capability at one instant: its level, which of its requirements the events
/// meet, and the level a valid assessment vouches for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct CapabilityState {
    pub(crate) level: u16,
    /// Per requirement: met by the events themselves (attestation aside).
    pub(crate) signals: Vec<bool>,
    /// The level a valid assessment vouches for (0 if none).
    pub(crate) attested: u16,
}

impl CapabilityState {
    /// The bytes this state holds beyond its own size.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.signals.capacity()
    }

    fn initial(cap: &Capability) -> Self {
        CapabilityState {
            level: INITIAL,
            signals: vec![false; cap.requirements.len()],
            attested: 0,
        }
    }

    /// Whether requirement `i` holds, by events or by attestation.
    pub(crate) fn met(&self, req: &Requirement, i: usize) -> bool {
        self.signals[i] || self.attested >= req.level
    }
}

/// The state of one organisation under one model.
///
/// Saved without its model and index ([`Engine::restored`] puts them back).
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct Engine {
    #[serde(skip, default = "unset_model")]
    model: Arc<Model>,
    /// Shared with every engine of the model.
    #[serde(skip)]
    index: Arc<Index>,
    /// Per entity: id → what the latest data of each active one matched.
    entities: Vec<HashMap<String, Matched>>,
    /// Per capability, per leaf (a requirement, or an alternative of an any-of group).
    slots: Vec<Vec<Slot>>,
    attestations: Vec<Option<Attestation>>,
    targets: Vec<Option<Target>>,
}

impl Engine {
    /// The model it holds.
    #[cfg(test)]
    pub(crate) fn model(&self) -> Arc<Model> {
        Arc::clone(&self.model)
    }

    /// A saved engine under `model`, or `None` if its shape is not the model's (then it
    /// was saved under another model, and cannot be read without going out of bounds).
    pub(crate) fn restored(mut self, model: &Arc<Model>) -> Option<Engine> {
        let caps = &model.capabilities;
        let slots_fit = self.slots.len() == caps.len()
            && (self.slots.iter().zip(caps)).all(|(slots, cap)| {
                slots.len() == cap.leaves.len()
                    && (slots.iter().enumerate()).all(|(l, slot)| {
                        std::mem::discriminant(slot)
                            == std::mem::discriminant(&new_slot(cap.leaf_kind(l)))
                    })
            });
        let fits = slots_fit
            && self.entities.len() == model.entities.len()
            && self.attestations.len() == caps.len()
            && self.targets.len() == caps.len();
        self.model = Arc::clone(model);
        self.index = model.shared.index::<Model, Index>(model, Index::new);
        let matched_fit = (self.entities.iter().enumerate()).all(|(e, m)| {
            m.values()
                .all(|flags| flags.len() == self.index.by_entity[e].len())
        });
        (fits && matched_fit).then_some(self)
    }

    pub(crate) fn new(model: Arc<Model>) -> Self {
        let caps = &model.capabilities;
        Engine {
            index: model.shared.index::<Model, Index>(&model, Index::new),
            entities: vec![HashMap::new(); model.entities.len()],
            slots: caps
                .iter()
                .map(|c| {
                    (0..c.leaves.len())
                        .map(|l| new_slot(c.leaf_kind(l)))
                        .collect()
                })
                .collect(),
            attestations: vec![None; caps.len()],
            targets: vec![None; caps.len()],
            model,
        }
    }

    /// The bytes this engine holds beyond its own size. The model and its index are
    /// shared by every engine of the model ([`crate::shared`]) and not counted.
    pub(crate) fn heap_bytes(&self) -> usize {
        use crate::weight::{MAP_ENTRY, vec_bytes};
        let entities: usize = (self.entities.iter())
            .map(|m| {
                (m.iter())
                    .map(|(k, v)| {
                        MAP_ENTRY + size_of::<(String, Matched)>() + k.capacity() + v.len()
                    })
                    .sum::<usize>()
            })
            .sum();
        let slots: usize = (self.slots.iter())
            .map(|s| vec_bytes(s, s.capacity()) + s.iter().map(Slot::heap_bytes).sum::<usize>())
            .sum();
        vec_bytes(&self.entities, self.entities.capacity())
            + entities
            + slots
            + vec_bytes(&self.attestations, self.attestations.capacity())
            + vec_bytes(&self.targets, self.targets.capacity())
    }

    /// Every capability at 100 with nothing met: the state before any fact.
    pub(crate) fn initial(&self) -> Vec<CapabilityState> {
        self.model
            .capabilities
            .iter()
            .map(CapabilityState::initial)
            .collect()
    }

    /// The latest valid target of capability `c`.
    pub(crate) fn target(&self, c: usize) -> Option<Target> {
        self.targets[c].clone()
    }

    /// Folds one fact in; facts must come in time order.
    pub(crate) fn apply(&mut self, fact: &Fact) {
        self.apply_entities(fact);
        self.apply_occurrence(fact);
        match fact.event_type.as_str() {
            EVIDENCE => self.apply_evidence(fact),
            ASSESSED => self.apply_assessment(fact),
            TARGET_SET => self.apply_target(fact),
            _ => {}
        }
    }

    /// The capabilities whose reading applying `fact` may change.
    pub(crate) fn touches(&self, fact: &Fact) -> CapSet {
        let mut set = self
            .index
            .touches
            .get(&fact.event_type)
            .copied()
            .unwrap_or(0);
        if matches!(fact.event_type.as_str(), EVIDENCE | ASSESSED | TARGET_SET) {
            set |= self.capability_of(fact).map_or(0, one);
        }
        set
    }

    /// The instants after `fact` at which something it caused lapses by itself, each
    /// with the capabilities whose reading may change then.
    pub(crate) fn expiries(&self, fact: &Fact) -> Vec<(DateTime<Utc>, CapSet)> {
        let lapsing = self
            .index
            .lapses
            .get(&fact.event_type)
            .copied()
            .unwrap_or(0);
        let mut out: Vec<(DateTime<Utc>, CapSet)> = (self.index.windows.get(&fact.event_type))
            .into_iter()
            .flatten()
            .filter_map(|days| after_days(fact.occurred_at, u64::from(*days)))
            .map(|at| (at, lapsing))
            .collect();
        if fact.event_type == ASSESSED {
            let cap = self.capability_of(fact).map_or(0, one);
            out.extend(
                self.attestation_of(fact)
                    .and_then(|a| a.expires)
                    .map(|at| (at, cap)),
            );
        }
        out
    }

    /// Reads capability `c` at `at` into `out` (reusing its buffer); `at` must not be
    /// earlier than in the previous call.
    pub(crate) fn read_into(&mut self, c: usize, at: DateTime<Utc>, out: &mut CapabilityState) {
        let model = Arc::clone(&self.model);
        let cap = &model.capabilities[c];
        out.signals.clear();
        out.signals.resize(cap.requirements.len(), false);
        for l in 0..cap.leaves.len() {
            // Every leaf is read, even once its requirement holds: reading prunes windows.
            let signal = self.signal(c, l, at);
            out.signals[cap.leaves[l].owner] |= signal;
        }
        out.attested = match &self.attestations[c] {
            Some(a) if a.expires.is_none_or(|end| at < end) => a.level,
            _ => 0,
        };
        out.level = level_of(cap, &out.signals, out.attested);
    }

    /// Drops every occurrence that is out of its window at `at`, and spare capacity:
    /// what a state kept for later instants (none before `at`) can do without.
    pub(crate) fn compact(&mut self, at: DateTime<Utc>) {
        let model = Arc::clone(&self.model);
        for (c, slots) in self.slots.iter_mut().enumerate() {
            for (l, slot) in slots.iter_mut().enumerate() {
                if let (RequirementKind::Recent { within_days, .. }, Slot::Window(hits)) =
                    (model.capabilities[c].leaf_kind(l), slot)
                {
                    prune(hits, at, *within_days);
                    hits.shrink_to_fit();
                }
            }
        }
        self.entities.iter_mut().for_each(HashMap::shrink_to_fit);
    }

    fn signal(&mut self, c: usize, l: usize, at: DateTime<Utc>) -> bool {
        let kind = self.model.capabilities[c].leaf_kind(l);
        match (kind, &mut self.slots[c][l]) {
            (RequirementKind::Fact { count, .. }, Slot::Count(n)) => *n >= *count,
            (
                RequirementKind::Recent {
                    count,
                    within_days,
                    matcher,
                    ..
                },
                Slot::Window(hits),
            ) => {
                prune(hits, at, *within_days);
                count_hits(hits, matcher, &self.entities, *count) >= *count
            }
            (RequirementKind::Evidence { within_days, .. }, Slot::Latest(latest)) => {
                latest.is_some_and(|t| within(t, at, *within_days))
            }
            _ => false,
        }
    }

    fn apply_entities(&mut self, fact: &Fact) {
        let creates = self
            .index
            .creates
            .get(&fact.event_type)
            .cloned()
            .unwrap_or_default();
        let removes = self
            .index
            .removes
            .get(&fact.event_type)
            .cloned()
            .unwrap_or_default();
        for e in creates {
            if let Some(key) = key_of(&fact.data, &self.model.entities[e].key) {
                self.update_entity(e, key, Some(&fact.data));
            }
        }
        for e in removes {
            if let Some(key) = key_of(&fact.data, &self.model.entities[e].key) {
                self.update_entity(e, key, None);
            }
        }
    }

    /// Replaces (or withdraws) an entity and keeps the counts over it exact.
    fn update_entity(&mut self, e: usize, key: String, data: Option<&Value>) {
        let model = Arc::clone(&self.model);
        let matched = |data: &Value| -> Matched {
            (self.index.by_entity[e].iter())
                .map(|&(c, l)| match model.capabilities[c].leaf_kind(l) {
                    RequirementKind::Fact { matcher, .. } => matcher.matches_fields(data),
                    _ => false,
                })
                .collect()
        };
        let new = data.map(matched);
        let old = match &new {
            Some(new) => self.entities[e].insert(key, new.clone()),
            None => self.entities[e].remove(&key),
        };
        for (i, &(c, l)) in self.index.by_entity[e].iter().enumerate() {
            if !matches!(
                model.capabilities[c].leaf_kind(l),
                RequirementKind::Fact { .. }
            ) {
                continue;
            }
            let before = old.as_ref().is_some_and(|m| m[i]);
            let after = new.as_ref().is_some_and(|m| m[i]);
            if let Slot::Count(n) = &mut self.slots[c][l] {
                *n = (*n + usize::from(after)).saturating_sub(usize::from(before));
            }
        }
    }

    fn apply_occurrence(&mut self, fact: &Fact) {
        let Some(refs) = self.index.by_event.get(&fact.event_type) else {
            return;
        };
        let model = Arc::clone(&self.model);
        for &(c, l) in refs {
            match (model.capabilities[c].leaf_kind(l), &mut self.slots[c][l]) {
                (
                    RequirementKind::Fact {
                        source: FactSource::Event(_),
                        matcher,
                        ..
                    },
                    Slot::Count(n),
                ) if matcher.matches_fields(&fact.data) => *n += 1,
                (RequirementKind::Recent { matcher, .. }, Slot::Window(hits))
                    if matcher.matches_fields(&fact.data) =>
                {
                    let keys = (!matcher.active.is_empty()).then(|| {
                        (matcher.active.iter())
                            .map(|(field, _)| key_of(&fact.data, field))
                            .collect()
                    });
                    hits.push_back(Hit {
                        at: fact.occurred_at,
                        keys,
                    });
                }
                _ => {}
            }
        }
    }

    fn apply_evidence(&mut self, fact: &Fact) {
        let (Some(c), Some(signal)) = (self.capability_of(fact), fact.str_field("signal")) else {
            return;
        };
        let model = Arc::clone(&self.model);
        let cap = &model.capabilities[c];
        for l in 0..cap.leaves.len() {
            let wanted = matches!(cap.leaf_kind(l),
                RequirementKind::Evidence { signal: s, .. } if s == signal);
            if let (true, Slot::Latest(latest)) = (wanted, &mut self.slots[c][l]) {
                *latest = Some(latest.map_or(fact.occurred_at, |t| t.max(fact.occurred_at)));
            }
        }
    }

    fn apply_assessment(&mut self, fact: &Fact) {
        if let (Some(c), Some(attestation)) = (self.capability_of(fact), self.attestation_of(fact))
        {
            self.attestations[c] = Some(attestation);
        }
    }

    fn apply_target(&mut self, fact: &Fact) {
        let level = fact
            .data
            .get("level")
            .and_then(Value::as_u64)
            .and_then(|l| u16::try_from(l).ok());
        let due = fact
            .str_field("due")
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        if let (Some(c), Some(level), Some(due)) = (self.capability_of(fact), level, due) {
            self.targets[c] = Some(Target { level, due });
        }
    }

    fn attestation_of(&self, fact: &Fact) -> Option<Attestation> {
        let level = fact.data.get("level").and_then(Value::as_u64)?;
        let default_days = u64::from(self.model.attestation_valid_days);
        let days = fact
            .data
            .get("valid_days")
            .and_then(Value::as_u64)
            .unwrap_or(default_days);
        Some(Attestation {
            level: u16::try_from(level).unwrap_or(u16::MAX),
            expires: after_days(fact.occurred_at, days),
        })
    }

    fn capability_of(&self, fact: &Fact) -> Option<usize> {
        self.index
            .capability
            .get(fact.str_field("capability")?)
            .copied()
    }
}

/// The model of an engine read back from bytes, until [`Engine::restored`] sets it.
fn unset_model() -> Arc<Model> {
    Arc::new(Model {
        id: String::new(),
        name: String::new(),
        attestation_valid_days: 0,
        entities: Vec::new(),
        capabilities: Vec::new(),
        shared: Default::default(),
    })
}

/// The running state of one leaf; a group is never a leaf (its alternatives are).
fn new_slot(kind: &RequirementKind) -> Slot {
    match kind {
        RequirementKind::Fact { .. } | RequirementKind::Any(_) => Slot::Count(0),
        RequirementKind::Recent { .. } => Slot::Window(VecDeque::new()),
        RequirementKind::Evidence { .. } => Slot::Latest(None),
    }
}

/// The highest level whose ladder, from 200 up, is complete.
fn level_of(cap: &Capability, signals: &[bool], attested: u16) -> u16 {
    let mut level = INITIAL;
    for wanted in LEVELS {
        let complete = (cap.requirements.iter().zip(signals))
            .filter(|(req, _)| req.level == wanted)
            .all(|(req, signal)| *signal || attested >= req.level);
        if !complete {
            break;
        }
        level = wanted;
    }
    level
}

/// Drops occurrences that are `days` or more before `at`.
fn prune(hits: &mut VecDeque<Hit>, at: DateTime<Utc>, days: u32) {
    let Some(cutoff) = TimeDelta::try_days(i64::from(days)).and_then(|d| at.checked_sub_signed(d))
    else {
        return;
    };
    while hits.front().is_some_and(|h| h.at <= cutoff) {
        hits.pop_front();
    }
}

/// Occurrences that also pass the `active` matchers, counted up to `enough`.
fn count_hits(
    hits: &VecDeque<Hit>,
    matcher: &Matcher,
    entities: &[HashMap<String, Matched>],
    enough: usize,
) -> usize {
    if matcher.active.is_empty() {
        return hits.len();
    }
    let refers_to_active = |keys: &[Option<String>]| {
        (matcher.active.iter().zip(keys))
            .all(|((_, e), k)| k.as_ref().is_some_and(|k| entities[*e].contains_key(k)))
    };
    (hits.iter())
        .filter(|h| h.keys.as_deref().is_some_and(refers_to_active))
        .take(enough)
        .count()
}

/// Whether something recorded at `t` still counts at `at` given an optional window.
fn within(t: DateTime<Utc>, at: DateTime<Utc>, days: Option<u32>) -> bool {
    match days {
        Some(days) => after_days(t, u64::from(days)).is_none_or(|end| at < end),
        None => true,
    }
}

/// `at` plus `days` days, or `None` past the end of representable time.
pub(crate) fn after_days(at: DateTime<Utc>, days: u64) -> Option<DateTime<Utc>> {
    let delta = i64::try_from(days).ok().and_then(TimeDelta::try_days)?;
    at.checked_add_signed(delta)
}
