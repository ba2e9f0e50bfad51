//! Lookup tables from event types to the requirements they feed, built once per run.

use std::collections::HashMap;

use crate::model::Model;
use crate::requirement::{FactSource, RequirementKind};

/// A leaf's position: (capability index, leaf index; see `Capability::leaves`).
pub(crate) type ReqRef = (usize, usize);

/// A set of capabilities by index; a model of more than 64 capabilities sets every bit
/// (read them all), which is always correct, only slower.
pub(crate) type CapSet = u64;

/// Every capability.
pub(crate) const ALL: CapSet = u64::MAX;

/// The set holding capability `c` alone.
pub(crate) fn one(c: usize) -> CapSet {
    if c < 64 { 1 << c } else { ALL }
}

/// Which requirements and entities each event type touches.
#[derive(Debug, Default, Clone)]
pub(crate) struct Index {
    /// Event type → fact-by-event and recent requirements it may count for.
    pub(crate) by_event: HashMap<String, Vec<ReqRef>>,
    /// Entity → fact requirements over that entity.
    pub(crate) by_entity: Vec<Vec<ReqRef>>,
    /// Event type → entities it creates or updates.
    pub(crate) creates: HashMap<String, Vec<usize>>,
    /// Event type → entities it withdraws.
    pub(crate) removes: HashMap<String, Vec<usize>>,
    /// Capability id → capability index.
    pub(crate) capability: HashMap<String, usize>,
    /// Event type → the window lengths (days) after which its occurrences expire.
    pub(crate) windows: HashMap<String, Vec<u32>>,
    /// Event type → the capabilities whose reading applying it may change (the ones
    /// named in the data — evidence, assessments, targets — come on top).
    pub(crate) touches: HashMap<String, CapSet>,
    /// Event type → the capabilities whose reading may change when one of its
    /// occurrences leaves a window.
    pub(crate) lapses: HashMap<String, CapSet>,
}

impl Index {
    pub(crate) fn new(model: &Model) -> Self {
        let mut index = Index {
            by_entity: vec![Vec::new(); model.entities.len()],
            ..Index::default()
        };
        index.add_entities(model);
        for (c, cap) in model.capabilities.iter().enumerate() {
            index.capability.insert(cap.id.clone(), c);
            for l in 0..cap.leaves.len() {
                index.add_requirement((c, l), cap.leaf_kind(l));
            }
        }
        index.windows.values_mut().for_each(|days| {
            days.sort_unstable();
            days.dedup();
        });
        index.add_touches(model);
        index
    }

    fn add_touches(&mut self, model: &Model) {
        let touch = |map: &mut HashMap<String, CapSet>, event: &str, c: usize| {
            *map.entry(event.to_owned()).or_default() |= one(c);
        };
        for (event, refs) in &self.by_event {
            for &(c, _) in refs {
                touch(&mut self.touches, event, c);
            }
        }
        for (e, entity) in model.entities.iter().enumerate() {
            let events = entity.writers().chain(entity.removed_by.as_deref());
            for event in events {
                for &(c, _) in &self.by_entity[e] {
                    touch(&mut self.touches, event, c);
                }
                // A recent requirement that names an active entity moves with it too.
                for (c, cap) in model.capabilities.iter().enumerate() {
                    let refers = (0..cap.leaves.len()).any(|l| {
                        matches!(cap.leaf_kind(l), RequirementKind::Recent { matcher, .. }
                            if matcher.active.iter().any(|(_, active)| *active == e))
                    });
                    if refers {
                        touch(&mut self.touches, event, c);
                    }
                }
            }
        }
        for (c, cap) in model.capabilities.iter().enumerate() {
            for l in 0..cap.leaves.len() {
                match cap.leaf_kind(l) {
                    RequirementKind::Recent { event, .. } => touch(&mut self.lapses, event, c),
                    RequirementKind::Evidence {
                        within_days: Some(_),
                        ..
                    } => touch(&mut self.lapses, "evidence.recorded", c),
                    _ => {}
                }
            }
        }
        if model.capabilities.len() > 64 {
            self.touches.values_mut().for_each(|set| *set = ALL);
            self.lapses.values_mut().for_each(|set| *set = ALL);
        }
    }

    fn add_entities(&mut self, model: &Model) {
        for (e, entity) in model.entities.iter().enumerate() {
            for writer in entity.writers() {
                self.creates.entry(writer.to_owned()).or_default().push(e);
            }
            if let Some(removal) = &entity.removed_by {
                self.removes.entry(removal.clone()).or_default().push(e);
            }
        }
    }

    fn add_requirement(&mut self, at: ReqRef, kind: &RequirementKind) {
        match kind {
            RequirementKind::Fact {
                source: FactSource::Event(event),
                ..
            } => self.by_event.entry(event.clone()).or_default().push(at),
            RequirementKind::Fact {
                source: FactSource::Entity(e),
                ..
            } => self.by_entity[*e].push(at),
            RequirementKind::Recent {
                event, within_days, ..
            } => {
                self.by_event.entry(event.clone()).or_default().push(at);
                self.add_window(event, *within_days);
            }
            RequirementKind::Evidence { within_days, .. } => {
                if let Some(days) = within_days {
                    self.add_window("evidence.recorded", *days);
                }
            }
            // Never a leaf: the groups' alternatives are indexed one by one.
            RequirementKind::Any(_) => {}
        }
    }

    fn add_window(&mut self, event: &str, days: u32) {
        self.windows.entry(event.to_owned()).or_default().push(days);
    }
}
