use chrono::{TimeZone, Utc};
use govtrack_okr::{Direction, KeyResultSpec, progress};
use proptest::prelude::*;

fn direction() -> impl Strategy<Value = Direction> {
    prop_oneof![Just(Direction::Increase), Just(Direction::Decrease)]
}

fn spec(baseline: f64, target: f64, direction: Direction) -> KeyResultSpec {
    let t0 = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
    KeyResultSpec {
        baseline,
        target: Some(target),
        direction,
        defined_at: t0,
        due: t0,
    }
}

proptest! {
    #[test]
    fn progress_is_always_within_unit_interval_and_never_nan(
        baseline in any::<f64>().prop_filter("finite", |x| x.is_finite()),
        target in any::<f64>().prop_filter("finite", |x| x.is_finite()),
        current in any::<f64>().prop_filter("finite", |x| x.is_finite()),
        direction in direction(),
    ) {
        let p = progress(&spec(baseline, target, direction), current).unwrap();
        prop_assert!(!p.is_nan());
        prop_assert!((0.0..=1.0).contains(&p));
    }

    #[test]
    fn progress_of_small_values_is_within_unit_interval(
        baseline in -1e6f64..1e6,
        target in -1e6f64..1e6,
        current in -1e7f64..1e7,
        direction in direction(),
    ) {
        let p = progress(&spec(baseline, target, direction), current).unwrap();
        prop_assert!((0.0..=1.0).contains(&p));
    }
}
