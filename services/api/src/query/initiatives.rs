//! Initiatives with their check-in status, filtered by state.

use chrono::{DateTime, Utc};
use govtrack_okr::{CheckIn, InitiativeState, StallThresholds, checkin};
use govtrack_readmodel::read::InitiativeRow;

use crate::cache::OkrRows;
use crate::measured::Measurements;
use crate::types::{InitiativeList, InitiativeReport};

/// Which initiatives `?status=` keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusFilter {
    Active,
    Blocked,
    Completed,
    Cancelled,
    /// Active or blocked.
    Open,
    DueForCheckIn,
    Stalled,
}

impl StatusFilter {
    /// The accepted values, for error messages and the OpenAPI document.
    pub const NAMES: &'static str =
        "active, blocked, completed, cancelled, open, due_for_check_in, stalled";

    /// Parses a `?status=` value.
    pub fn parse(value: &str) -> Option<StatusFilter> {
        Some(match value {
            "active" => StatusFilter::Active,
            "blocked" => StatusFilter::Blocked,
            "completed" => StatusFilter::Completed,
            "cancelled" => StatusFilter::Cancelled,
            "open" => StatusFilter::Open,
            "due_for_check_in" => StatusFilter::DueForCheckIn,
            "stalled" => StatusFilter::Stalled,
            _ => return None,
        })
    }

    fn keeps(self, i: &InitiativeReport) -> bool {
        match self {
            StatusFilter::Active => i.state == InitiativeState::Active,
            StatusFilter::Blocked => i.state == InitiativeState::Blocked,
            StatusFilter::Completed => i.state == InitiativeState::Completed,
            StatusFilter::Cancelled => i.state == InitiativeState::Cancelled,
            StatusFilter::Open => i.state.is_open(),
            StatusFilter::DueForCheckIn => i.checkin == CheckIn::DueForCheckIn,
            StatusFilter::Stalled => i.stalled,
        }
    }
}

/// An organisation's initiatives at `now`, optionally filtered, from its OKR rows.
pub fn initiatives(
    rows: &OkrRows,
    org: &str,
    filter: Option<StatusFilter>,
    now: DateTime<Utc>,
) -> InitiativeList {
    let initiatives = (rows.initiatives.iter())
        .map(|row| report(row.clone(), &rows.measurements, now))
        .filter(|i| filter.is_none_or(|f| f.keeps(i)))
        .collect();
    InitiativeList {
        org: org.to_owned(),
        as_of: now,
        initiatives,
    }
}

/// One initiative at `now`; a measurement of one of its key results counts as activity.
pub(crate) fn report(
    row: InitiativeRow,
    measured: &Measurements,
    now: DateTime<Utc>,
) -> InitiativeReport {
    let last_activity_at = (row.key_results.iter())
        .filter_map(|kr| measured.latest(kr, now).map(|(_, at)| at))
        .fold(row.last_activity_at, DateTime::max);
    let state = parse_state(&row.state);
    let thresholds = StallThresholds::default();
    let cadence = thresholds.cadence_days(row.horizon.as_deref(), row.checkin_days);
    let check = checkin(state, last_activity_at, Some(cadence), &thresholds, now);
    let flagged = row
        .stalled_since
        .is_some_and(|since| since >= last_activity_at);
    InitiativeReport {
        initiative: row.initiative,
        objective: row.objective,
        title: row.title,
        owner: row.owner,
        horizon: row.horizon,
        key_results: row.key_results,
        state,
        percent: row.percent,
        note: row.note,
        checkin_days: cadence,
        due: row.due,
        started_at: row.started_at,
        last_activity_at,
        checkin: check,
        stalled: state.is_open() && (check == CheckIn::Stalled || flagged),
    }
}

fn parse_state(state: &str) -> InitiativeState {
    serde_json::from_value(serde_json::Value::String(state.to_owned()))
        .unwrap_or(InitiativeState::Active)
}
