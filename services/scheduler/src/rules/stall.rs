//! `stall-scan`: an open initiative silent for longer than its stall threshold
//! (2 × `checkin_days` by default) is reported stalled once; once it moves again (or is
//! closed) it is reported unstalled once (DOMAIN.md, "Stalled initiatives").

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use govtrack_okr::{CheckIn, DEFAULT_CHECKIN_DAYS, InitiativeState, StallThresholds, checkin};

use crate::rules::Finding;
use crate::store::at;

/// One projected initiative, borrowed from the scan.
#[derive(Debug, Clone, Copy)]
pub struct InitiativeView<'a> {
    /// Organisation.
    pub org: &'a str,
    /// Initiative id.
    pub initiative: &'a str,
    /// Lifecycle state.
    pub state: InitiativeState,
    /// Check-in cadence, if the initiative gave one.
    pub checkin_days: Option<u32>,
    /// Latest activity, ms since the epoch.
    pub last_activity_ms: i64,
    /// The last activity of the open stall finding, if one is open.
    pub stalled_activity_ms: Option<i64>,
    /// `now`, `next_year` or `three_years`: the cadence without `checkin_days`.
    pub horizon: Option<&'a str>,
}

/// Stall thresholds per organisation, with a default.
#[derive(Debug, Clone, Default)]
pub struct Thresholds {
    /// For organisations not listed.
    pub default: StallThresholds,
    /// Per organisation.
    pub per_org: HashMap<String, StallThresholds>,
}

impl Thresholds {
    /// The thresholds of `org`.
    pub fn of(&self, org: &str) -> &StallThresholds {
        if self.per_org.is_empty() {
            return &self.default;
        }
        self.per_org.get(org).unwrap_or(&self.default)
    }
}

/// Parses a stored state; unknown text counts as active (still open work).
pub fn parse_state(text: &str) -> InitiativeState {
    text.parse().unwrap_or(InitiativeState::Active)
}

/// What one initiative calls for at `now`, appended to `out`.
pub fn scan(
    row: &InitiativeView<'_>,
    thresholds: &StallThresholds,
    now: DateTime<Utc>,
    out: &mut Vec<Finding>,
) {
    let last = at(row.last_activity_ms);
    let cadence = Some(thresholds.cadence_days(row.horizon, row.checkin_days));
    let stalled_now = checkin(row.state, last, cadence, thresholds, now) == CheckIn::Stalled;
    let moved_or_closed = |reported: i64| !row.state.is_open() || row.last_activity_ms > reported;
    match row.stalled_activity_ms {
        Some(reported) if moved_or_closed(reported) => {
            out.push(Finding::Unstalled {
                org: row.org.to_owned(),
                initiative: row.initiative.to_owned(),
                last_activity_at: last,
            });
            if stalled_now {
                out.push(stalled(row, thresholds, last));
            }
        }
        Some(_) => {}
        None if stalled_now => out.push(stalled(row, thresholds, last)),
        None => {}
    }
}

fn stalled(row: &InitiativeView<'_>, thresholds: &StallThresholds, last: DateTime<Utc>) -> Finding {
    Finding::Stalled {
        org: row.org.to_owned(),
        initiative: row.initiative.to_owned(),
        last_activity_at: last,
        threshold_days: threshold_days(
            Some(thresholds.cadence_days(row.horizon, row.checkin_days)),
            thresholds,
        ),
    }
}

/// The stall threshold in whole days, as reported in `initiative.stalled`.
pub fn threshold_days(checkin_days: Option<u32>, thresholds: &StallThresholds) -> u32 {
    let cadence = checkin_days
        .filter(|&d| d > 0)
        .unwrap_or(DEFAULT_CHECKIN_DAYS);
    (f64::from(cadence) * thresholds.stall_factor.max(0.0)).round() as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    fn view(state: InitiativeState, stalled: Option<i64>) -> InitiativeView<'static> {
        InitiativeView {
            org: "contoso",
            initiative: "i1",
            state,
            checkin_days: None,
            last_activity_ms: t0().timestamp_millis(),
            stalled_activity_ms: stalled,
            horizon: None,
        }
    }

    fn t0() -> DateTime<Utc> {
        "2026-03-01T10:00:00Z".parse().unwrap()
    }

    fn run(row: InitiativeView<'_>, days: i64) -> Vec<Finding> {
        let mut out = Vec::new();
        scan(
            &row,
            &StallThresholds::default(),
            t0() + TimeDelta::days(days),
            &mut out,
        );
        out
    }

    #[test]
    fn not_stalled_a_day_before_two_cadences_stalled_after() {
        assert!(run(view(InitiativeState::Active, None), 27).is_empty());
        assert!(run(view(InitiativeState::Active, None), 28).is_empty());
        let found = run(view(InitiativeState::Active, None), 29);
        assert!(matches!(
            found[..],
            [Finding::Stalled {
                threshold_days: 28,
                ..
            }]
        ));
    }

    #[test]
    fn blocked_initiatives_stall_closed_ones_never() {
        assert_eq!(run(view(InitiativeState::Blocked, None), 40).len(), 1);
        assert!(run(view(InitiativeState::Completed, None), 400).is_empty());
        assert!(run(view(InitiativeState::Cancelled, None), 400).is_empty());
    }

    #[test]
    fn a_reported_stall_is_not_reported_again() {
        let reported = Some(t0().timestamp_millis());
        assert!(run(view(InitiativeState::Active, reported), 90).is_empty());
    }

    #[test]
    fn activity_after_the_stall_unstalls_and_closing_does_too() {
        let reported = Some(t0().timestamp_millis() - 1);
        assert!(matches!(
            run(view(InitiativeState::Active, reported), 1)[..],
            [Finding::Unstalled { .. }]
        ));
        let closed = Some(t0().timestamp_millis());
        assert!(matches!(
            run(view(InitiativeState::Completed, closed), 1)[..],
            [Finding::Unstalled { .. }]
        ));
    }
}
