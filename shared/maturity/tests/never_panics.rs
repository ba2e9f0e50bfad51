//! Property: evaluation never panics, whatever the events' data holds.

mod common;

use common::{day, model};
use govtrack_maturity::{Fact, Model, evaluate, level_history};
use proptest::prelude::*;
use serde_json::{Value, json};

const TYPES: [&str; 16] = [
    "sponsor.named",
    "sponsor.stepped_down",
    "sponsor.review_held",
    "dlp_policy.set",
    "dlp_policy.removed",
    "environment.created",
    "coe_kit.deployed",
    "hackathon.held",
    "champion.recognized",
    "evidence.recorded",
    "capability.assessed",
    "capability.target_set",
    "key_result.measured",
    "training.held",
    "vision.published",
    "unknown.thing",
];

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
        prop::sample::select(TYPES.to_vec()),
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
