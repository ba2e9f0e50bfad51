//! Check-in and stall rules for initiatives (DOMAIN.md, "Stalled initiatives").
//!
//! An initiative is due for check-in once more than one cadence has passed since its
//! last activity, and stalled once more than two have; both multiples are
//! [`StallThresholds`], configurable per organisation. Only elapsed time decides:
//! the caller supplies the last activity (the latest `initiative.*` event or a
//! measurement of one of its key results) and `now`.

use chrono::{DateTime, TimeDelta, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Check-in cadence in days when `initiative.started` gives neither a cadence nor a
/// horizon (the cadence of horizon `now`).
pub const DEFAULT_CHECKIN_DAYS: u32 = 14;

const MILLIS_PER_DAY: f64 = 86_400_000.0;

/// Lifecycle state of an initiative.
///
/// `Blocked` is still open work, not finished work: a blocked initiative keeps its
/// check-in cadence and can stall like an active one, because a blocker nobody reports
/// on is exactly what the stall alert exists to surface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InitiativeState {
    /// Started and not yet finished.
    Active,
    /// Reported blocked; still open for stall purposes.
    Blocked,
    /// Finished successfully; never stalls.
    Completed,
    /// Abandoned; never stalls.
    Cancelled,
}

impl InitiativeState {
    /// Whether the initiative is still open work (active or blocked).
    pub fn is_open(self) -> bool {
        matches!(self, Self::Active | Self::Blocked)
    }

    /// The stored and wire form: `active`, `blocked`, `completed` or `cancelled`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Blocked => "blocked",
            Self::Completed => "completed",
            Self::Cancelled => "cancelled",
        }
    }
}

/// Text that is not one of the four states.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an initiative state (active, blocked, completed, cancelled)")]
pub struct UnknownInitiativeState(pub String);

impl std::str::FromStr for InitiativeState {
    type Err = UnknownInitiativeState;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        [
            Self::Active,
            Self::Blocked,
            Self::Completed,
            Self::Cancelled,
        ]
        .into_iter()
        .find(|state| state.as_str() == text)
        .ok_or_else(|| UnknownInitiativeState(text.to_owned()))
    }
}

impl std::fmt::Display for InitiativeState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The check-in cadence of an initiative that gives no `checkin_days`, by its horizon
/// (DOMAIN.md): work planned for three years is not stalled after four weeks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HorizonCadences {
    /// Horizon `now` (and no horizon), default 14 days.
    pub now: u32,
    /// Horizon `next_year`, default 30 days.
    pub next_year: u32,
    /// Horizon `three_years`, default 90 days.
    pub three_years: u32,
}

impl Default for HorizonCadences {
    fn default() -> Self {
        Self {
            now: DEFAULT_CHECKIN_DAYS,
            next_year: 30,
            three_years: 90,
        }
    }
}

impl HorizonCadences {
    /// The cadence for `horizon` as stored (`now`, `next_year`, `three_years`);
    /// anything else counts as `now`.
    pub fn for_horizon(&self, horizon: Option<&str>) -> u32 {
        match horizon {
            Some("next_year") => self.next_year,
            Some("three_years") => self.three_years,
            _ => self.now,
        }
    }
}

/// Multiples of the check-in cadence after which an initiative is due for check-in
/// and then stalled (defaults: one cadence and two cadences), and the cadence of an
/// initiative that gives none, by horizon. All configurable per organisation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StallThresholds {
    /// Cadences of silence after which a check-in is due (default 1.0).
    pub due_factor: f64,
    /// Cadences of silence after which the initiative is stalled (default 2.0).
    pub stall_factor: f64,
    /// Cadences by horizon for initiatives without `checkin_days`.
    #[serde(default)]
    pub cadences: HorizonCadences,
}

impl Default for StallThresholds {
    fn default() -> Self {
        Self {
            due_factor: 1.0,
            stall_factor: 2.0,
            cadences: HorizonCadences::default(),
        }
    }
}

impl StallThresholds {
    /// The cadence of an initiative in days: its own `checkin_days` when it gave one
    /// (above zero), else its horizon's.
    pub fn cadence_days(&self, horizon: Option<&str>, checkin_days: Option<u32>) -> u32 {
        checkin_days
            .filter(|&days| days > 0)
            .unwrap_or_else(|| self.cadences.for_horizon(horizon))
    }
}

/// Where an initiative stands against its check-in cadence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CheckIn {
    /// Recent activity; nothing to do.
    Fresh,
    /// Silent for more than `due_factor` cadences.
    DueForCheckIn,
    /// Silent for more than `stall_factor` cadences.
    Stalled,
    /// Completed or cancelled: check-ins no longer apply.
    NotApplicable,
}

/// Classifies an initiative at `now`. The boundaries are strict: exactly one cadence
/// after the last activity is still fresh, exactly two is still only due.
pub fn checkin(
    state: InitiativeState,
    last_activity: DateTime<Utc>,
    checkin_days: Option<u32>,
    thresholds: &StallThresholds,
    now: DateTime<Utc>,
) -> CheckIn {
    if !state.is_open() {
        return CheckIn::NotApplicable;
    }
    let days = cadence_days(checkin_days);
    if now > after_cadences(last_activity, days, thresholds.stall_factor) {
        CheckIn::Stalled
    } else if now > after_cadences(last_activity, days, thresholds.due_factor) {
        CheckIn::DueForCheckIn
    } else {
        CheckIn::Fresh
    }
}

/// The stall boundary: `last_activity + stall_factor × cadence`. An open initiative
/// with no further activity is stalled at every instant strictly after it, so the
/// scheduler can sleep until this instant rather than poll.
pub fn stalled_since(
    last_activity: DateTime<Utc>,
    checkin_days: Option<u32>,
    thresholds: &StallThresholds,
) -> DateTime<Utc> {
    after_cadences(
        last_activity,
        cadence_days(checkin_days),
        thresholds.stall_factor,
    )
}

/// The cadence in days; `None` and `Some(0)` mean the default, since a zero cadence
/// would flag an initiative the instant after any activity.
fn cadence_days(checkin_days: Option<u32>) -> u32 {
    checkin_days
        .filter(|&days| days > 0)
        .unwrap_or(DEFAULT_CHECKIN_DAYS)
}

/// `from + factor × days`, saturating at the far end of time; a NaN or negative factor
/// counts as zero.
fn after_cadences(from: DateTime<Utc>, days: u32, factor: f64) -> DateTime<Utc> {
    let millis = (f64::from(days) * factor.max(0.0) * MILLIS_PER_DAY) as i64;
    TimeDelta::try_milliseconds(millis)
        .and_then(|delta| from.checked_add_signed(delta))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}
