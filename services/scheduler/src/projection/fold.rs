//! Deciding what an event changes in the scheduler's projection: a pure function from a
//! decoded event to [`Change`]s, which [`crate::store::projection`] applies with no logic
//! of its own. Only what the rules and the alert lifecycle read is kept, plus, through
//! [`is_maturity_fact`], the facts the weekly digest evaluates maturity levels from.

use chrono::{DateTime, TimeDelta, Utc};
use govtrack_events::data::{KeyResultDefined, KeyResultMeasured, KeyResultOverdue};
use govtrack_events::data::{KeyResultTargetSet, SilenceCreated, SilenceExpired};
use govtrack_events::{EventData, EventType};
use govtrack_okr::InitiativeState::{Active, Blocked, Cancelled, Completed};

/// One change to the projection.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// `initiative.started`.
    InitiativeStarted {
        initiative: String,
        title: String,
        owner: String,
        checkin_days: Option<u32>,
        horizon: &'static str,
        key_results: Vec<String>,
    },
    /// Any other `initiative.*` event by people: activity, maybe a new state.
    InitiativeActivity {
        initiative: String,
        state: Option<&'static str>,
    },
    /// `initiative.stalled`: the finding is open for this last activity.
    Stalled {
        initiative: String,
        last_activity_at: DateTime<Utc>,
        since: DateTime<Utc>,
    },
    /// `initiative.unstalled`: the finding is closed.
    Unstalled { initiative: String },
    /// `objective.defined`.
    Objective { objective: String, title: String },
    /// `objective.closed`.
    ObjectiveClosed { objective: String },
    /// `key_result.defined`, as the event gives it (the read model keeps the same
    /// events).
    KeyResult(KeyResultDefined),
    /// `key_result.target_set`: the blank filled (or the target moved).
    KeyResultTarget(KeyResultTargetSet),
    /// `key_result.measured`: a value, and activity of the initiatives moving it.
    Measurement(KeyResultMeasured),
    /// `key_result.overdue` was reported.
    Overdue(KeyResultOverdue),
    /// `silence.created`.
    Silence(SilenceCreated),
    /// `silence.expired`.
    SilenceExpired(SilenceExpired),
}

/// The changes `data` makes to the projection (none for events the scheduler ignores).
pub fn changes(data: &EventData) -> Option<Change> {
    initiative_change(data)
        .or_else(|| okr_change(data))
        .or_else(|| silence_change(data))
}

/// Whether an event of this type is kept as a maturity fact. Every type people emit
/// is kept, as the api's evaluation sees them, so a model file that names any of them
/// (not only the built-in models' types) gets the same levels in the digest; the
/// scheduler's own findings and silences are left out: they describe alerts, not the
/// organisation.
pub fn is_maturity_fact(event_type: EventType) -> bool {
    !event_type.is_reserved()
        && !matches!(
            event_type,
            EventType::SilenceCreated | EventType::SilenceExpired
        )
}

fn initiative_change(data: &EventData) -> Option<Change> {
    let activity = |initiative: &govtrack_events::EntityId, state| Change::InitiativeActivity {
        initiative: initiative.to_string(),
        state,
    };
    Some(match data {
        EventData::InitiativeStarted(d) => Change::InitiativeStarted {
            initiative: d.initiative.to_string(),
            title: d.title.clone(),
            owner: d.owner.clone(),
            checkin_days: d.checkin_days,
            horizon: d.horizon.as_str(),
            key_results: d.key_results.iter().map(|k| k.to_string()).collect(),
        },
        EventData::InitiativeProgressed(d) => activity(&d.initiative, Some(Active.as_str())),
        EventData::InitiativeBlocked(d) => activity(&d.initiative, Some(Blocked.as_str())),
        EventData::InitiativeCompleted(d) => activity(&d.initiative, Some(Completed.as_str())),
        EventData::InitiativeCancelled(d) => activity(&d.initiative, Some(Cancelled.as_str())),
        EventData::InitiativeStalled(d) => Change::Stalled {
            initiative: d.initiative.to_string(),
            last_activity_at: d.last_activity_at,
            since: d.last_activity_at + TimeDelta::days(i64::from(d.threshold_days)),
        },
        EventData::InitiativeUnstalled(d) => Change::Unstalled {
            initiative: d.initiative.to_string(),
        },
        _ => return None,
    })
}

fn okr_change(data: &EventData) -> Option<Change> {
    Some(match data {
        EventData::ObjectiveDefined(d) => Change::Objective {
            objective: d.objective.to_string(),
            title: d.title.clone(),
        },
        EventData::ObjectiveClosed(d) => Change::ObjectiveClosed {
            objective: d.objective.to_string(),
        },
        EventData::KeyResultDefined(d) => Change::KeyResult(d.clone()),
        EventData::KeyResultTargetSet(d) => Change::KeyResultTarget(d.clone()),
        EventData::KeyResultMeasured(d) => Change::Measurement(d.clone()),
        EventData::KeyResultOverdue(d) => Change::Overdue(d.clone()),
        _ => return None,
    })
}

fn silence_change(data: &EventData) -> Option<Change> {
    Some(match data {
        EventData::SilenceCreated(d) => Change::Silence(d.clone()),
        EventData::SilenceExpired(d) => Change::SilenceExpired(d.clone()),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use govtrack_events::{EventType, example_data};

    fn data(t: EventType) -> EventData {
        EventData::decode(t, example_data(t)).unwrap()
    }

    #[test]
    fn a_stall_finding_opens_at_its_threshold() {
        let Some(Change::Stalled {
            last_activity_at,
            since,
            ..
        }) = changes(&data(EventType::InitiativeStalled))
        else {
            panic!("not a stall");
        };
        assert_eq!(since - last_activity_at, TimeDelta::days(28));
    }

    #[test]
    fn maturity_facts_change_no_view_but_are_kept_as_facts() {
        assert_eq!(changes(&data(EventType::SponsorNamed)), None);
        assert!(is_maturity_fact(EventType::SponsorNamed));
        assert!(is_maturity_fact(EventType::KeyResultMeasured));
        assert!(is_maturity_fact(EventType::CapabilityAssessed));
    }

    #[test]
    fn findings_and_silences_are_not_maturity_facts() {
        for t in [
            EventType::InitiativeStalled,
            EventType::InitiativeUnstalled,
            EventType::KeyResultOverdue,
            EventType::SilenceCreated,
            EventType::SilenceExpired,
        ] {
            assert!(!is_maturity_fact(t), "{t:?}");
        }
    }
}
