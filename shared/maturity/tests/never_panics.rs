//! Properties: evaluation never panics, whatever the events' data holds, and a timeline
//! answers like a replay.

use crate::common;

use common::event_types::EVENT_TYPES;
use common::{day, model};
use govtrack_maturity::{Fact, Model, Timeline, evaluate, level_history};
use proptest::prelude::*;
use serde_json::{Value, json};

/// The event types the models read, and one they do not.
fn event_types() -> Vec<&'static str> {
    let mut types = EVENT_TYPES.to_vec();
    types.push("unknown.thing");
    types
}

const FIELDS: [&str; 12] = [
    "sponsor",
    "formal",
    "policy",
    "scope",
    "module",
    "managed",
    "attendees",
    "capability",
    "signal",
    "level",
    "valid_days",
    "due",
];

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        prop_oneof![
            Just("cio"),
            Just("default"),
            Just("core"),
            Just("governance"),
            Just("2025-13-45"),
            Just("")
        ]
        .prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(prop::sample::select(FIELDS.to_vec()), inner, 0..6)
                .prop_map(|m| json!(m)),
        ]
    })
}

fn facts() -> impl Strategy<Value = Vec<Fact>> {
    let one = (
        prop::sample::select(event_types()),
        -400i64..800,
        json_value(),
    )
        .prop_map(|(t, n, data)| Fact::new(t, day(n), data));
    prop::collection::vec(one, 0..40)
}

proptest! {
    #[test]
    fn evaluate_never_panics_on_arbitrary_data(facts in facts(), as_of in -500i64..1500) {
        for model in [model(), Model::builtin("2021").unwrap()] {
            let assessment = evaluate(&model, &facts, day(as_of));
            prop_assert!(assessment.capabilities.iter().all(|c| (100..=500).contains(&c.level)));
            let history = level_history(&model, &facts, day(as_of));
            prop_assert!(history.windows(2).all(|w| w[0].at <= w[1].at));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A timeline built once to a far horizon answers every earlier instant exactly as
    /// a replay up to that instant does.
    #[test]
    fn a_timeline_answers_like_a_replay_to_each_instant(
        facts in facts(),
        instants in prop::collection::vec(-500i64..1500, 1..6),
    ) {
        for model in [model(), Model::builtin("2021").unwrap()] {
            let timeline = Timeline::build(&model, &facts, day(1500));
            for n in &instants {
                let as_of = day(*n);
                prop_assert_eq!(timeline.assess(&model, as_of), Some(evaluate(&model, &facts, as_of)));
                let replayed = level_history(&model, &facts, as_of);
                prop_assert_eq!(timeline.changes_until(as_of), replayed.as_slice());
            }
            prop_assert_eq!(timeline.assess(&model, day(1501)), None);
        }
    }
}
