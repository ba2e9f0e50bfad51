//! Key results whose target is still the guidance's blank ("___% of IT staff trained"):
//! no progress, no pace, "target not set", until `key_result.target_set`.

use chrono::{DateTime, TimeZone, Utc};
use govtrack_okr::{Direction, KeyResultSpec, KrProgress, KrStatus, assess, progress, rollup};

fn day(n: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap() + chrono::Days::new(u64::from(n))
}

/// "___% of IT staff trained", defined on day 0, due on day 100, no target yet.
fn blank() -> KeyResultSpec {
    KeyResultSpec {
        baseline: 10.0,
        target: None,
        direction: Direction::Increase,
        defined_at: day(0),
        due: day(100),
    }
}

#[test]
fn a_key_result_without_a_target_has_no_progress() {
    assert_eq!(progress(&blank(), 50.0), None);
    let kr = assess(&blank(), Some(50.0), day(50));
    assert_eq!(kr.progress, None);
    assert_eq!(kr.current, Some(50.0));
    assert_eq!(kr.status, KrStatus::TargetNotSet);
    assert_eq!(kr.status.words(), "target not set");
}

#[test]
fn a_key_result_without_a_target_is_never_overdue_or_behind_pace() {
    assert_eq!(
        assess(&blank(), None, day(10)).status,
        KrStatus::TargetNotSet
    );
    assert_eq!(
        assess(&blank(), None, day(500)).status,
        KrStatus::TargetNotSet
    );
    assert_eq!(
        assess(&blank(), Some(10.0), day(99)).status,
        KrStatus::TargetNotSet
    );
}

#[test]
fn once_the_target_is_set_it_is_assessed_like_any_key_result() {
    let set = blank().with_target(60.0, None);
    assert_eq!(set.due, day(100));
    assert_eq!(progress(&set, 35.0), Some(0.5));
    assert_eq!(assess(&set, Some(35.0), day(50)).status, KrStatus::OnTrack);
    assert_eq!(assess(&set, Some(35.0), day(101)).status, KrStatus::Overdue);
}

#[test]
fn a_target_set_with_a_due_date_moves_the_pace_window() {
    let set = blank().with_target(60.0, Some(day(200)));
    assert_eq!(set.due, day(200));
    let kr = assess(&set, Some(35.0), day(101));
    assert_eq!(kr.expected, 101.0 / 200.0);
    assert_eq!(kr.status, KrStatus::OnTrack);
}

#[test]
fn a_blank_target_validates_and_a_set_one_is_checked() {
    assert_eq!(blank().validate(), Ok(()));
    let err = blank().with_target(5.0, None).validate().unwrap_err();
    assert_eq!(err.field(), "target");
}

#[test]
fn an_objective_averages_only_key_results_with_a_target() {
    let blank = KrProgress {
        current: None,
        progress: None,
        expected: 0.5,
        status: KrStatus::TargetNotSet,
    };
    let measured = KrProgress {
        current: Some(35.0),
        progress: Some(0.5),
        expected: 0.5,
        status: KrStatus::OnTrack,
    };
    let rolled = rollup(&[blank, measured]);
    assert_eq!(rolled.progress, 0.5);
    assert_eq!(rolled.status, KrStatus::TargetNotSet);
    let rolled = rollup(&[blank]);
    assert_eq!(
        (rolled.progress, rolled.status),
        (0.0, KrStatus::TargetNotSet)
    );
}

#[test]
fn target_not_set_serialises_as_snake_case() {
    let json = serde_json::to_string(&KrStatus::TargetNotSet).unwrap();
    assert_eq!(json, r#""target_not_set""#);
}
