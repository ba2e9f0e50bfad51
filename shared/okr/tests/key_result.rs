use chrono::{DateTime, TimeZone, Utc};
use govtrack_okr::{
    Direction, KeyResultSpec, KrStatus, OkrError, PaceThresholds, assess, assess_with, expected,
    progress,
};

fn day(n: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap() + chrono::Days::new(u64::from(n))
}

/// A key result defined on day 0, due on day 100.
fn spec(baseline: f64, target: f64, direction: Direction) -> KeyResultSpec {
    KeyResultSpec {
        baseline,
        target: Some(target),
        direction,
        defined_at: day(0),
        due: day(100),
    }
}

fn increase() -> KeyResultSpec {
    spec(20.0, 70.0, Direction::Increase)
}

fn decrease() -> KeyResultSpec {
    spec(40.0, 10.0, Direction::Decrease)
}

/// The status of `spec` with `value` measured, as of day `n`.
fn status(spec: &KeyResultSpec, value: Option<f64>, n: u32) -> KrStatus {
    assess(spec, value, day(n)).status
}

#[test]
fn increase_key_result_progresses_as_value_rises() {
    assert_eq!(progress(&increase(), 45.0), Some(0.5));
    assert_eq!(progress(&increase(), 70.0), Some(1.0));
}

#[test]
fn decrease_key_result_progresses_as_value_falls() {
    assert_eq!(progress(&decrease(), 25.0), Some(0.5));
    assert_eq!(progress(&decrease(), 10.0), Some(1.0));
}

#[test]
fn progress_below_baseline_is_clamped_to_zero() {
    assert_eq!(progress(&increase(), 5.0), Some(0.0));
    assert_eq!(progress(&decrease(), 55.0), Some(0.0));
}

#[test]
fn progress_beyond_target_is_clamped_to_one() {
    assert_eq!(progress(&increase(), 95.0), Some(1.0));
    assert_eq!(progress(&decrease(), 0.0), Some(1.0));
}

#[test]
fn target_equal_to_baseline_is_done_when_reached_in_the_right_direction() {
    let up = spec(10.0, 10.0, Direction::Increase);
    let down = spec(10.0, 10.0, Direction::Decrease);
    assert_eq!(progress(&up, 10.0), Some(1.0));
    assert_eq!(progress(&up, 11.0), Some(1.0));
    assert_eq!(progress(&up, 9.0), Some(0.0));
    assert_eq!(progress(&down, 9.0), Some(1.0));
    assert_eq!(progress(&down, 11.0), Some(0.0));
}

#[test]
fn nan_measurement_counts_as_no_progress() {
    assert_eq!(progress(&increase(), f64::NAN), Some(0.0));
    assert_eq!(
        progress(&spec(1.0, 1.0, Direction::Increase), f64::NAN),
        Some(0.0)
    );
}

#[test]
fn expected_progress_is_the_elapsed_share_of_the_window() {
    assert_eq!(expected(&increase(), day(0)), 0.0);
    assert_eq!(expected(&increase(), day(25)), 0.25);
    assert_eq!(expected(&increase(), day(100)), 1.0);
}

#[test]
fn expected_progress_is_clamped_outside_the_window() {
    let before = day(0) - chrono::Days::new(5);
    assert_eq!(expected(&increase(), before), 0.0);
    assert_eq!(expected(&increase(), day(150)), 1.0);
}

#[test]
fn empty_window_expects_everything_from_the_due_instant() {
    let mut s = increase();
    s.due = s.defined_at;
    assert_eq!(expected(&s, s.due), 1.0);
    s.due = day(0);
    s.defined_at = day(10);
    assert_eq!(expected(&s, day(0) - chrono::Days::new(1)), 0.0);
    assert_eq!(expected(&s, day(5)), 1.0);
}

#[test]
fn key_result_within_ten_points_of_pace_is_on_track() {
    // expected 0.5, progress 0.4 (value 40): gap 0.10
    assert_eq!(status(&increase(), Some(40.0), 50), KrStatus::OnTrack);
}

#[test]
fn gap_exactly_on_a_threshold_falls_in_the_better_band_despite_rounding() {
    // expected 0.4, progress 0.3 (value 35): 0.4 - 0.3 rounds above 0.10
    assert_eq!(status(&increase(), Some(35.0), 40), KrStatus::OnTrack);
}

#[test]
fn key_result_ahead_of_pace_is_on_track() {
    assert_eq!(status(&increase(), Some(60.0), 10), KrStatus::OnTrack);
}

#[test]
fn key_result_within_twenty_five_points_of_pace_is_at_risk() {
    // expected 0.5, progress 0.3 (value 35): gap 0.20
    assert_eq!(status(&increase(), Some(35.0), 50), KrStatus::AtRisk);
}

#[test]
fn key_result_more_than_twenty_five_points_behind_pace_is_off_track() {
    // expected 0.5, progress 0.2 (value 30): gap 0.30
    assert_eq!(status(&increase(), Some(30.0), 50), KrStatus::OffTrack);
}

#[test]
fn custom_pace_thresholds_move_the_bands() {
    let strict = PaceThresholds {
        on_track_gap: 0.0,
        at_risk_gap: 0.05,
    };
    let kr = assess_with(&increase(), Some(40.0), day(50), &strict);
    assert_eq!(kr.status, KrStatus::OffTrack);
}

#[test]
fn key_result_past_due_and_not_done_is_overdue() {
    assert_eq!(status(&increase(), Some(69.0), 101), KrStatus::Overdue);
}

#[test]
fn key_result_at_the_due_instant_is_judged_by_pace() {
    assert_eq!(status(&increase(), Some(66.0), 100), KrStatus::OnTrack);
}

#[test]
fn key_result_without_measurement_is_not_started() {
    let kr = assess(&increase(), None, day(90));
    assert_eq!(kr.status, KrStatus::NotStarted);
    assert_eq!(kr.progress, Some(0.0));
    assert_eq!(kr.current, None);
}

#[test]
fn key_result_without_measurement_past_due_is_overdue() {
    assert_eq!(status(&increase(), None, 101), KrStatus::Overdue);
}

#[test]
fn reaching_the_target_is_done_even_past_due() {
    let kr = assess(&decrease(), Some(8.0), day(200));
    assert_eq!(kr.status, KrStatus::Done);
    assert_eq!(kr.progress, Some(1.0));
    assert_eq!(kr.expected, 1.0);
}

#[test]
fn status_order_runs_from_done_to_overdue() {
    use KrStatus::*;
    let mut statuses = [
        Overdue,
        AtRisk,
        Done,
        TargetNotSet,
        OffTrack,
        NotStarted,
        OnTrack,
    ];
    statuses.sort();
    assert_eq!(
        statuses,
        [
            Done,
            OnTrack,
            TargetNotSet,
            NotStarted,
            AtRisk,
            OffTrack,
            Overdue
        ]
    );
}

#[test]
fn status_serialises_as_snake_case() {
    let json = serde_json::to_string(&KrStatus::NotStarted).unwrap();
    assert_eq!(json, r#""not_started""#);
    let dir: Direction = serde_json::from_str(r#""decrease""#).unwrap();
    assert_eq!(dir, Direction::Decrease);
}

#[test]
fn well_formed_specs_validate() {
    assert_eq!(increase().validate(), Ok(()));
    assert_eq!(decrease().validate(), Ok(()));
    assert_eq!(spec(5.0, 5.0, Direction::Decrease).validate(), Ok(()));
}

#[test]
fn decrease_key_result_with_target_above_baseline_is_rejected_naming_target() {
    let err = spec(10.0, 40.0, Direction::Decrease)
        .validate()
        .unwrap_err();
    assert!(matches!(err, OkrError::TargetAgainstDirection { .. }));
    assert_eq!(err.field(), "target");
}

#[test]
fn increase_key_result_with_target_below_baseline_is_rejected_naming_target() {
    let err = spec(40.0, 10.0, Direction::Increase)
        .validate()
        .unwrap_err();
    assert_eq!(err.field(), "target");
}

#[test]
fn non_finite_baseline_is_rejected_naming_baseline() {
    let err = spec(f64::NAN, 10.0, Direction::Increase)
        .validate()
        .unwrap_err();
    assert_eq!(err.field(), "baseline");
    let err = spec(0.0, f64::INFINITY, Direction::Increase)
        .validate()
        .unwrap_err();
    assert_eq!(err.field(), "target");
}
