//! What the writer takes: an event made ready for storing ([`ReadyEvent`]) and the
//! [`Change`]s it makes beyond the timeline. The projector decides them (a pure fold);
//! [`crate::write`] applies them with no logic of its own.

use chrono::{DateTime, NaiveDate, Utc};
use govtrack_events::data::{KeyResultDefined, KeyResultMeasured, KeyResultOverdue};
use govtrack_events::data::{KeyResultTargetSet, SilenceCreated, SilenceExpired};
/// The lifecycle states an initiative event can set, stored by their wire names.
pub use govtrack_okr::InitiativeState;

/// What an event does to the current fact it is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// The fact now stands (named, set, created, published, …).
    Establish,
    /// The fact no longer stands (stepped down, removed).
    Withdraw,
    /// More about a standing fact; does not change whether it stands.
    Touch,
}

impl Effect {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Establish => "establish",
            Effect::Withdraw => "withdraw",
            Effect::Touch => "touch",
        }
    }
}

/// One change to the read model beyond the timeline.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// The current fact `(kind, key)` of the organisation.
    Fact {
        kind: String,
        key: String,
        effect: Effect,
    },
    /// `objective.defined` (a re-definition replaces the fields).
    Objective {
        objective: String,
        title: String,
        goal: Option<String>,
        /// JSON array of stakeholder group ids.
        stakeholders: String,
        period_start: NaiveDate,
        period_end: NaiveDate,
    },
    /// `objective.closed`.
    ObjectiveClosed { objective: String },
    /// `key_result.defined`, as the event gives it (the scheduler's projection keeps
    /// the same events).
    KeyResult(KeyResultDefined),
    /// `key_result.target_set`: the blank filled (or the target moved).
    KeyResultTarget(KeyResultTargetSet),
    /// `key_result.measured`.
    Measurement(KeyResultMeasured),
    /// `key_result.overdue` (from the scheduler); it also fires the key result's alert.
    KeyResultOverdue(KeyResultOverdue),
    /// `initiative.started`.
    InitiativeStarted {
        initiative: String,
        objective: String,
        key_results: String,
        title: String,
        owner: String,
        horizon: String,
        checkin_days: Option<u32>,
        due: Option<NaiveDate>,
    },
    /// Any other `initiative.*` event by people: activity, maybe a new state.
    InitiativeActivity {
        initiative: String,
        state: Option<InitiativeState>,
        percent: Option<u8>,
        note: Option<String>,
    },
    /// The scheduler's finding that an initiative stalled (`Some(since)`, its last
    /// activity) or moved again; it also fires or resolves the initiative's alert.
    InitiativeStall {
        initiative: String,
        since: Option<DateTime<Utc>>,
    },
    /// `silence.created`: alerts matching it are muted until `expires_at`. The matched
    /// organisation is the event's unless the matchers name another.
    Silence(SilenceCreated),
    /// `silence.expired`: the silence is lifted before it runs out.
    SilenceLifted(SilenceExpired),
}

/// A valid event with what the writer stores of it.
pub struct ReadyEvent {
    /// Its id.
    pub id: String,
    /// Its organisation.
    pub org: String,
    /// Its type name.
    pub event_type: &'static str,
    /// The emitting tool.
    pub source: Option<String>,
    /// `occurred_at` as the current facts and OKR rows store it (text).
    pub occurred_at: String,
    /// `occurred_at` as the timeline stores it ([`crate::time_micros`]).
    pub occurred_micros: i64,
    /// `recorded_at` as the timeline stores it ([`crate::time_micros`]).
    pub recorded_micros: i64,
    /// The data as stored (JSON text).
    pub data: String,
    /// Who recorded it, as JSON text (`{"kind","id","name"}`); none on older events.
    pub recorded_by: Option<String>,
    /// What it changes beyond the timeline.
    pub changes: Vec<Change>,
}
