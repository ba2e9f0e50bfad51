//! Arbitrary input never panics: it is either accepted or refused with problems.

use govtrack_events::{BatchError, Envelope, parse_batch, validate, validate_batch};
use proptest::prelude::*;
use serde_json::{Value, json};

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "[a-z._ -]{0,12}".prop_map(Value::from),
        prop_oneof![
            Just("sponsor.named"),
            Just("dlp_policy.set"),
            Just("contoso"),
            Just("default"),
            Just("key_result.defined"),
            Just("key_result.target_set"),
            Just("objective.defined"),
            Just("2026-03-01"),
            Just("2026-03-01T00:00:00Z")
        ]
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("type".to_owned()),
                    Just("org".to_owned()),
                    Just("data".to_owned()),
                    Just("sponsor".to_owned()),
                    Just("scope".to_owned()),
                    "[a-z]{1,6}"
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn run(body: &[u8]) {
    match parse_batch(body) {
        Ok((envelopes, indexed)) => {
            if let Err(e) = validate_batch(envelopes, indexed, chrono::Utc::now()) {
                assert!(!e.problems.is_empty());
            }
        }
        Err(BatchError::Invalid(e)) => assert!(!e.problems.is_empty()),
        Err(BatchError::TooMany { .. }) => {}
    }
}

proptest! {
    #[test]
    fn arbitrary_json_bodies_never_panic(body in arb_json()) {
        run(&serde_json::to_vec(&body).unwrap());
    }

    #[test]
    fn arbitrary_envelopes_never_panic(t in "[a-z._]{0,24}", data in arb_json()) {
        run(&serde_json::to_vec(&json!({"type": t, "org": "contoso", "data": data})).unwrap());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        run(&bytes);
    }
}

fn key_result(baseline: f64, target: f64, direction: &str, due: &str) -> Envelope {
    let data = json!({"key_result": "kr", "objective": "obj", "title": "t", "unit": "%",
        "baseline": baseline, "target": target, "direction": direction, "due": due});
    Envelope::new("key_result.defined", "contoso", data)
}

proptest! {
    #[test]
    fn a_key_result_is_accepted_exactly_when_its_target_lies_beyond_the_baseline(
        baseline in -1e6f64..1e6, target in -1e6f64..1e6, increase in any::<bool>(),
    ) {
        let direction = if increase { "increase" } else { "decrease" };
        let beyond = if increase { target > baseline } else { target < baseline };
        let result = validate(key_result(baseline, target, direction, "2026-12-31"), chrono::Utc::now());
        prop_assert_eq!(result.is_ok(), beyond);
        if let Err(e) = result {
            prop_assert_eq!(e.problems[0].field.as_str(), "data.target");
        }
    }

    #[test]
    fn a_due_date_is_accepted_exactly_in_the_yyyy_mm_dd_form(due in "[0-9T:Z-]{0,22}") {
        let well_formed = chrono::NaiveDate::parse_from_str(&due, "%Y-%m-%d").is_ok() && due.len() == 10;
        let result = validate(key_result(0.0, 1.0, "increase", &due), chrono::Utc::now());
        prop_assert_eq!(result.is_ok(), well_formed);
        if let Err(e) = result {
            prop_assert_eq!(e.problems[0].field.as_str(), "data.due");
            prop_assert!(e.problems[0].reason.contains("2026-03-01"));
        }
    }
}
