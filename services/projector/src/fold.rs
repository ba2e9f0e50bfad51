//! Deciding what an event changes in the read model: a pure function from a decoded
//! event to a list of [`Change`]s, which the store then applies with no logic of its own.
//!
//! Every applied event also lands in the timeline and in its organisation's row; the
//! changes here are what comes on top.

use govtrack_events::EventData;
use govtrack_readmodel::{Change, Effect, InitiativeState};
use serde::Serialize;

/// The changes `data` makes, beyond the timeline.
pub fn changes(data: &EventData) -> Vec<Change> {
    okr_change(data)
        .or_else(|| silence_change(data))
        .or_else(|| fact_change(data))
        .into_iter()
        .collect()
}

fn fact_change(data: &EventData) -> Option<Change> {
    let (kind, key) = fact_key(data);
    Some(Change::Fact {
        kind,
        key,
        effect: effect(data),
    })
}

/// The current fact an event is about: evidence per signal, assessments and targets
/// per capability, entities by their id, organisation-level facts by their type.
fn fact_key(data: &EventData) -> (String, String) {
    match data {
        EventData::EvidenceRecorded(d) => {
            ("evidence".into(), format!("{}.{}", d.capability, d.signal))
        }
        EventData::CapabilityAssessed(d) => ("assessment".into(), d.capability.to_string()),
        EventData::CapabilityTargetSet(d) => ("target".into(), d.capability.to_string()),
        other => match other.entity_key() {
            Some((kind, id)) => (kind.to_owned(), id.to_owned()),
            None => ("org".to_owned(), other.event_type().name().to_owned()),
        },
    }
}

fn effect(data: &EventData) -> Effect {
    match data {
        EventData::SponsorSteppedDown(_)
        | EventData::DlpPolicyRemoved(_)
        | EventData::EnvironmentDeleted(_) => Effect::Withdraw,
        EventData::SponsorReviewHeld(_) => Effect::Touch,
        _ => Effect::Establish,
    }
}

fn okr_change(data: &EventData) -> Option<Change> {
    objective_change(data)
        .or_else(|| key_result_change(data))
        .or_else(|| initiative_change(data))
}

fn objective_change(data: &EventData) -> Option<Change> {
    Some(match data {
        EventData::ObjectiveDefined(d) => Change::Objective {
            objective: d.objective.to_string(),
            title: d.title.clone(),
            goal: d.goal.map(|g| g.as_str().to_owned()),
            stakeholders: stakeholders_json(&d.stakeholders),
            period_start: d.period_start,
            period_end: d.period_end,
        },
        EventData::ObjectiveClosed(d) => Change::ObjectiveClosed {
            objective: d.objective.to_string(),
        },
        _ => return None,
    })
}

fn key_result_change(data: &EventData) -> Option<Change> {
    Some(match data {
        EventData::KeyResultDefined(d) => Change::KeyResult(d.clone()),
        EventData::KeyResultTargetSet(d) => Change::KeyResultTarget(d.clone()),
        EventData::KeyResultMeasured(d) => Change::Measurement(d.clone()),
        EventData::KeyResultOverdue(d) => Change::KeyResultOverdue(d.clone()),
        _ => return None,
    })
}

fn initiative_change(data: &EventData) -> Option<Change> {
    use InitiativeState as S;
    let activity =
        |initiative: &govtrack_events::EntityId, state, percent, note: Option<&String>| {
            Change::InitiativeActivity {
                initiative: initiative.to_string(),
                state,
                percent,
                note: note.cloned(),
            }
        };
    Some(match data {
        EventData::InitiativeStarted(d) => Change::InitiativeStarted {
            initiative: d.initiative.to_string(),
            objective: d.objective.to_string(),
            key_results: json_text(&d.key_results),
            title: d.title.clone(),
            owner: d.owner.clone(),
            horizon: json_text(&d.horizon).trim_matches('"').to_owned(),
            checkin_days: d.checkin_days,
            due: d.due,
        },
        EventData::InitiativeProgressed(d) => {
            activity(&d.initiative, Some(S::Active), d.percent, Some(&d.note))
        }
        EventData::InitiativeBlocked(d) => {
            activity(&d.initiative, Some(S::Blocked), None, Some(&d.reason))
        }
        EventData::InitiativeCompleted(d) => activity(
            &d.initiative,
            Some(S::Completed),
            Some(100),
            d.note.as_ref(),
        ),
        EventData::InitiativeCancelled(d) => {
            activity(&d.initiative, Some(S::Cancelled), None, d.reason.as_ref())
        }
        EventData::InitiativeStalled(d) => Change::InitiativeStall {
            initiative: d.initiative.to_string(),
            since: Some(d.last_activity_at),
        },
        EventData::InitiativeUnstalled(d) => Change::InitiativeStall {
            initiative: d.initiative.to_string(),
            since: None,
        },
        _ => return None,
    })
}

/// Silences mute alerts; they are not facts of the organisation.
fn silence_change(data: &EventData) -> Option<Change> {
    Some(match data {
        EventData::SilenceCreated(d) => Change::Silence(d.clone()),
        EventData::SilenceExpired(d) => Change::SilenceLifted(d.clone()),
        _ => return None,
    })
}

fn json_text<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Stakeholder groups as stored: a JSON array of their ids.
fn stakeholders_json(stakeholders: &[govtrack_events::data::Stakeholder]) -> String {
    let ids: Vec<&str> = stakeholders.iter().map(|s| s.as_str()).collect();
    serde_json::to_string(&ids).unwrap_or_else(|_| "[]".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use govtrack_events::{EventType, example_data};

    fn data(t: EventType) -> EventData {
        EventData::decode(t, example_data(t)).unwrap()
    }

    #[test]
    fn every_event_type_changes_exactly_one_thing() {
        for t in EventType::ALL {
            assert_eq!(changes(&data(*t)).len(), 1, "{t}");
        }
    }

    #[test]
    fn a_stepped_down_sponsor_withdraws_the_sponsor_fact() {
        let change = changes(&data(EventType::SponsorSteppedDown)).remove(0);
        assert_eq!(
            change,
            Change::Fact {
                kind: "sponsor".into(),
                key: "cio".into(),
                effect: Effect::Withdraw
            }
        );
    }

    #[test]
    fn organisation_level_facts_are_keyed_by_their_type() {
        let change = changes(&data(EventType::VisionPublished)).remove(0);
        assert_eq!(
            change,
            Change::Fact {
                kind: "org".into(),
                key: "vision.published".into(),
                effect: Effect::Establish
            }
        );
    }

    #[test]
    fn a_blocked_initiative_is_activity_with_a_state() {
        let change = changes(&data(EventType::InitiativeBlocked)).remove(0);
        assert!(matches!(
            change,
            Change::InitiativeActivity {
                state: Some(InitiativeState::Blocked),
                ..
            }
        ));
    }
}
