//! Lookup tables from event types to the requirements they feed, built once per run.

use std::collections::HashMap;

use crate::model::Model;
use crate::requirement::{FactSource, RequirementKind};

/// A requirement's position: (capability index, requirement index).
pub(crate) type ReqRef = (usize, usize);

/// Which requirements and entities each event type touches.
#[derive(Debug, Default)]
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
            for (r, req) in cap.requirements.iter().enumerate() {
                index.add_requirement((c, r), &req.kind);
            }
        }
        index.windows.values_mut().for_each(|days| {
            days.sort_unstable();
            days.dedup();
        });
        index
    }

    fn add_entities(&mut self, model: &Model) {
        for (e, entity) in model.entities.iter().enumerate() {
            self.creates
                .entry(entity.event.clone())
                .or_default()
                .push(e);
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
        }
    }

    fn add_window(&mut self, event: &str, days: u32) {
        self.windows.entry(event.to_owned()).or_default().push(days);
    }
}
