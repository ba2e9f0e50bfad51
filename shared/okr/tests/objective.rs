use govtrack_okr::{KrProgress, KrStatus, rollup};

fn kr(progress: f64, status: KrStatus) -> KrProgress {
    KrProgress {
        current: Some(progress),
        progress: Some(progress),
        expected: 0.5,
        status,
    }
}

#[test]
fn objective_progress_is_the_mean_of_its_key_results() {
    let krs = [
        kr(0.2, KrStatus::OffTrack),
        kr(0.6, KrStatus::OnTrack),
        kr(1.0, KrStatus::Done),
    ];
    assert!((rollup(&krs).progress - 0.6).abs() < 1e-12);
}

#[test]
fn objective_status_is_the_worst_of_its_key_results() {
    let krs = [
        kr(1.0, KrStatus::Done),
        kr(0.4, KrStatus::AtRisk),
        kr(0.5, KrStatus::OnTrack),
    ];
    assert_eq!(rollup(&krs).status, KrStatus::AtRisk);
}

#[test]
fn one_overdue_key_result_makes_the_objective_overdue() {
    let krs = [kr(0.9, KrStatus::Overdue), kr(1.0, KrStatus::Done)];
    assert_eq!(rollup(&krs).status, KrStatus::Overdue);
}

#[test]
fn objective_without_key_results_is_not_started_at_zero() {
    let rolled = rollup(&[]);
    assert_eq!(rolled.progress, 0.0);
    assert_eq!(rolled.status, KrStatus::NotStarted);
}
