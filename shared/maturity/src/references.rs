//! What a model reads from the event log: the event types and their data fields.
//!
//! The catalogue of event types lives in another crate (govtrack-events) that this pure
//! crate does not depend on; these lists let a test there check that every type and
//! field a model names exists, so a typo in a model file cannot count for nothing.

use crate::model::Model;
use crate::requirement::Requirement;
use crate::requirement::{FactSource, Matcher, RequirementKind};

const EVIDENCE: &str = "evidence.recorded";

impl Model {
    /// Every event type the model's requirements and entities read, sorted, each once
    /// (`evidence.recorded` when a requirement asks for evidence).
    pub fn event_types(&self) -> Vec<&str> {
        let mut types: Vec<&str> = self.event_fields().into_iter().map(|(t, _)| t).collect();
        for entity in &self.entities {
            types.extend(entity.writers());
            types.extend(entity.removed_by.as_deref());
        }
        for req in self.all_requirements() {
            match &req.kind {
                RequirementKind::Fact {
                    source: FactSource::Event(event),
                    ..
                }
                | RequirementKind::Recent { event, .. } => types.push(event),
                RequirementKind::Evidence { .. } => types.push(EVIDENCE),
                _ => {}
            }
        }
        types.sort_unstable();
        types.dedup();
        types
    }

    /// Every `(event type, data field)` the model reads: entity keys on the events that
    /// create and withdraw them, and the fields of `match`, `includes` and `active`
    /// (an entity fact's fields on the entity's creating event); sorted, each once.
    pub fn event_fields(&self) -> Vec<(&str, &str)> {
        let mut fields: Vec<(&str, &str)> = Vec::new();
        for entity in &self.entities {
            fields.extend(entity.writers().map(|w| (w, entity.key.as_str())));
            if let Some(removal) = &entity.removed_by {
                fields.push((removal, &entity.key));
            }
        }
        for req in self.all_requirements() {
            let (event, matcher) = match &req.kind {
                RequirementKind::Fact {
                    source: FactSource::Event(event),
                    matcher,
                    ..
                }
                | RequirementKind::Recent { event, matcher, .. } => (event.as_str(), matcher),
                RequirementKind::Fact {
                    source: FactSource::Entity(e),
                    matcher,
                    ..
                } => (self.entities[*e].event.as_str(), matcher),
                RequirementKind::Evidence { .. } => {
                    fields.extend([(EVIDENCE, "capability"), (EVIDENCE, "signal")]);
                    continue;
                }
                RequirementKind::Any(_) => continue,
            };
            fields.extend(matcher_fields(matcher).into_iter().map(|f| (event, f)));
        }
        fields.sort_unstable();
        fields.dedup();
        fields
    }

    /// Every requirement and every alternative of every group.
    fn all_requirements(&self) -> impl Iterator<Item = &Requirement> {
        (self.capabilities.iter())
            .flat_map(|c| &c.requirements)
            .flat_map(|r| std::iter::once(r).chain(r.alternatives()))
    }
}

fn matcher_fields(matcher: &Matcher) -> Vec<&str> {
    (matcher.equals.iter().map(|(f, _)| f.as_str()))
        .chain(matcher.includes.iter().map(|(f, _)| f.as_str()))
        .chain(matcher.active.iter().map(|(f, _)| f.as_str()))
        .collect()
}
