//! Arbitrary input never panics: it is either accepted or refused with problems.

use govtrack_events::{BatchError, parse_batch, validate_batch};
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
            Just("default")
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
