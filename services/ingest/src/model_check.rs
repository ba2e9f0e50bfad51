//! Validation against the organisation's maturity model: a record that would count
//! for nothing is refused with 400, naming the field and the valid choices, instead of
//! being stored and silently ignored by every evaluation.
//!
//! - `capability.assessed`, `capability.target_set` and `evidence.recorded` must name
//!   a capability of the org's model;
//! - their level must be 100, 200, 300, 400 or 500;
//! - an evidence signal must be one the model lists for that capability, unless the
//!   event says `"custom": true` (the organisation's own signal, shown apart).

use govtrack_events::{Event, EventData, Problem, ValidationError};
use govtrack_maturity::{LEVEL_NAMES, Model, Models};

/// Checks every event against its org's model; all problems, with batch indexes.
pub fn check(events: &[Event], models: &Models, batch: bool) -> Result<(), ValidationError> {
    let problems: Vec<Problem> = events
        .iter()
        .enumerate()
        .flat_map(|(i, event)| {
            let model = models.for_org(event.org.as_str());
            let found = check_one(&event.data, &model);
            found
                .into_iter()
                .map(move |p| if batch { p.at(i) } else { p })
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ValidationError { problems })
    }
}

fn check_one(data: &EventData, model: &Model) -> Vec<Problem> {
    let mut problems = Vec::new();
    match data {
        EventData::CapabilityAssessed(d) => {
            problems.extend(capability(d.capability.as_str(), model));
            problems.extend(level(d.level));
        }
        EventData::CapabilityTargetSet(d) => {
            problems.extend(capability(d.capability.as_str(), model));
            problems.extend(level(d.level));
        }
        EventData::EvidenceRecorded(d) => match capability(d.capability.as_str(), model) {
            Some(p) => problems.push(p),
            None if d.custom => {}
            None => problems.extend(signal(d.capability.as_str(), d.signal.as_str(), model)),
        },
        _ => {}
    }
    problems
}

fn capability(id: &str, model: &Model) -> Option<Problem> {
    if model.capability(id).is_some() {
        return None;
    }
    let ids: Vec<&str> = model.capabilities().iter().map(|c| c.id()).collect();
    Some(Problem::new(
        "data.capability",
        format!(
            "the organisation's maturity model {:?} has no capability {id:?}; expected one of {}",
            model.id(),
            ids.join(", ")
        ),
    ))
}

fn level(level: u16) -> Option<Problem> {
    if LEVEL_NAMES.iter().any(|(l, _)| *l == level) {
        return None;
    }
    let levels: Vec<String> = LEVEL_NAMES.iter().map(|(l, _)| l.to_string()).collect();
    Some(Problem::new(
        "data.level",
        format!("expected one of {}, got {level}", levels.join(", ")),
    ))
}

fn signal(capability: &str, signal: &str, model: &Model) -> Option<Problem> {
    let signals = model.capability(capability)?.evidence_signals();
    if signals.contains(&signal) {
        return None;
    }
    let choices = if signals.is_empty() {
        "it lists no evidence signals".to_owned()
    } else {
        format!("expected one of {}", signals.join(", "))
    };
    Some(Problem::new(
        "data.signal",
        format!(
            "capability {capability:?} of maturity model {:?} has no signal {signal:?}: {choices}; or send \"custom\": true to record a signal of your own",
            model.id()
        ),
    ))
}
