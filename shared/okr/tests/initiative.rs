use chrono::{DateTime, Duration, TimeZone, Utc};
use govtrack_okr::{
    CheckIn, DEFAULT_CHECKIN_DAYS, InitiativeState, StallThresholds, checkin, stalled_since,
};

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 1, 9, 30, 0).unwrap()
}

fn at(state: InitiativeState, days: Option<u32>, elapsed: Duration) -> CheckIn {
    checkin(
        state,
        start(),
        days,
        &StallThresholds::default(),
        start() + elapsed,
    )
}

#[test]
fn default_cadence_is_fourteen_days() {
    assert_eq!(DEFAULT_CHECKIN_DAYS, 14);
    assert_eq!(
        stalled_since(start(), None, &StallThresholds::default()),
        start() + Duration::days(28)
    );
}

#[test]
fn initiative_within_one_cadence_is_fresh() {
    let state = InitiativeState::Active;
    assert_eq!(at(state, None, Duration::days(13)), CheckIn::Fresh);
    assert_eq!(at(state, None, Duration::days(14)), CheckIn::Fresh);
}

#[test]
fn initiative_past_one_cadence_is_due_for_check_in() {
    let state = InitiativeState::Active;
    let just_past = Duration::days(14) + Duration::seconds(1);
    assert_eq!(at(state, None, just_past), CheckIn::DueForCheckIn);
}

#[test]
fn initiative_is_not_stalled_at_two_cadences_minus_a_day() {
    let state = InitiativeState::Active;
    assert_eq!(
        at(state, Some(7), Duration::days(13)),
        CheckIn::DueForCheckIn
    );
    assert_eq!(at(state, None, Duration::days(27)), CheckIn::DueForCheckIn);
}

#[test]
fn initiative_is_not_stalled_exactly_at_two_cadences() {
    let state = InitiativeState::Active;
    assert_eq!(at(state, None, Duration::days(28)), CheckIn::DueForCheckIn);
}

#[test]
fn initiative_is_stalled_after_two_cadences() {
    let state = InitiativeState::Active;
    let just_past = Duration::days(28) + Duration::milliseconds(1);
    assert_eq!(at(state, None, just_past), CheckIn::Stalled);
    assert_eq!(at(state, Some(7), Duration::days(15)), CheckIn::Stalled);
}

#[test]
fn blocked_initiative_still_stalls() {
    let state = InitiativeState::Blocked;
    assert_eq!(at(state, None, Duration::days(29)), CheckIn::Stalled);
}

#[test]
fn completed_and_cancelled_initiatives_never_stall() {
    for state in [InitiativeState::Completed, InitiativeState::Cancelled] {
        assert_eq!(
            at(state, None, Duration::days(3650)),
            CheckIn::NotApplicable
        );
        assert_eq!(at(state, None, Duration::zero()), CheckIn::NotApplicable);
    }
}

#[test]
fn zero_cadence_falls_back_to_the_default() {
    let state = InitiativeState::Active;
    assert_eq!(at(state, Some(0), Duration::days(1)), CheckIn::Fresh);
}

#[test]
fn stall_thresholds_are_configurable() {
    let lax = StallThresholds {
        due_factor: 2.0,
        stall_factor: 3.0,
        ..StallThresholds::default()
    };
    let now = start() + Duration::days(29);
    let result = checkin(InitiativeState::Active, start(), None, &lax, now);
    assert_eq!(result, CheckIn::DueForCheckIn);
    assert_eq!(
        stalled_since(start(), Some(10), &lax),
        start() + Duration::days(30)
    );
}

#[test]
fn stall_boundary_saturates_instead_of_overflowing() {
    let huge = StallThresholds {
        due_factor: 1.0,
        stall_factor: 1e300,
        ..StallThresholds::default()
    };
    assert_eq!(
        stalled_since(start(), Some(u32::MAX), &huge),
        DateTime::<Utc>::MAX_UTC
    );
}

#[test]
fn check_in_serialises_as_snake_case() {
    let json = serde_json::to_string(&CheckIn::DueForCheckIn).unwrap();
    assert_eq!(json, r#""due_for_check_in""#);
}

#[test]
fn without_a_cadence_the_horizon_decides_it_and_three_year_work_is_not_stalled_after_28_days() {
    let t = StallThresholds::default();
    assert_eq!(t.cadence_days(Some("now"), None), 14);
    assert_eq!(t.cadence_days(None, None), 14);
    assert_eq!(t.cadence_days(Some("next_year"), None), 30);
    assert_eq!(t.cadence_days(Some("three_years"), None), 90);
    assert_eq!(
        t.cadence_days(Some("three_years"), Some(7)),
        7,
        "its own cadence wins"
    );
    assert_eq!(
        t.cadence_days(Some("three_years"), Some(0)),
        90,
        "zero means none"
    );

    let started: chrono::DateTime<chrono::Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
    let day = |n: i64| started + chrono::TimeDelta::days(n);
    let state = InitiativeState::Active;
    for (horizon, expected) in [
        (
            "three_years",
            &[
                (29, CheckIn::Fresh),
                (91, CheckIn::DueForCheckIn),
                (181, CheckIn::Stalled),
            ][..],
        ),
        ("next_year", &[(29, CheckIn::Fresh), (61, CheckIn::Stalled)]),
    ] {
        let cadence = Some(t.cadence_days(Some(horizon), None));
        for &(n, check_in) in expected {
            let got = checkin(state, started, cadence, &t, day(n));
            assert_eq!(got, check_in, "{horizon} after {n} days");
        }
    }
}

#[test]
fn horizon_cadences_are_configurable() {
    let mut t = StallThresholds::default();
    t.cadences.next_year = 45;
    assert_eq!(t.cadence_days(Some("next_year"), None), 45);
}

#[test]
fn initiative_states_round_trip_through_their_text_form() {
    use govtrack_okr::InitiativeState;
    for state in [
        InitiativeState::Active,
        InitiativeState::Blocked,
        InitiativeState::Completed,
        InitiativeState::Cancelled,
    ] {
        assert_eq!(state.as_str().parse::<InitiativeState>(), Ok(state));
        let json = serde_json::to_value(state).unwrap();
        assert_eq!(json, state.as_str(), "the wire form is the stored form");
    }
    assert!("paused".parse::<InitiativeState>().is_err());
}
