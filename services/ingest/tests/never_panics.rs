//! Arbitrary bodies over real HTTP: always an answer, 200 or a 4xx, never a 5xx.

use crate::common;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};

fn arb_body() -> impl Strategy<Value = Vec<u8>> {
    let types = prop_oneof![
        Just("sponsor.named"),
        Just("dlp_policy.set"),
        Just("hackathon.held"),
        Just("nope")
    ];
    let field = prop_oneof![
        Just(json!(null)),
        Just(json!(true)),
        Just(json!(1)),
        Just(json!("cio")),
        Just(json!("default")),
        Just(json!([])),
        Just(json!({}))
    ];
    let data = prop::collection::btree_map(
        prop_oneof![
            Just("sponsor".to_owned()),
            Just("name".to_owned()),
            Just("formal".to_owned()),
            Just("policy".to_owned()),
            Just("scope".to_owned()),
            "[a-z]{1,5}"
        ],
        field,
        0..5,
    );
    let envelope = (types, "[a-z]{0,3}", data).prop_map(|(t, org, data)| {
        json!({"type": t, "org": if org.is_empty() { "contoso".to_owned() } else { org },
               "data": Value::Object(data.into_iter().collect())})
    });
    prop_oneof![
        envelope
            .clone()
            .prop_map(|e| serde_json::to_vec(&e).unwrap()),
        prop::collection::vec(envelope, 0..4).prop_map(|v| serde_json::to_vec(&v).unwrap()),
        prop::collection::vec(any::<u8>(), 0..64),
    ]
}

#[tokio::test]
async fn arbitrary_bodies_get_200_or_a_4xx_never_a_5xx() {
    let svc = common::start(None).await;
    let mut runner = TestRunner::new(Config {
        cases: 96,
        ..Config::default()
    });
    let strategy = arb_body();
    let bodies: Vec<Vec<u8>> = (0..96)
        .map(|_| strategy.new_tree(&mut runner).unwrap().current())
        .collect();
    for body in bodies {
        let (status, answer) = svc.post_raw(body.clone(), None).await;
        assert!(
            status == 200 || (400..500).contains(&status),
            "{status} for {:?}: {answer}",
            String::from_utf8_lossy(&body)
        );
        if status != 200 {
            assert!(
                answer["error"]["message"].is_string(),
                "error body names the problem: {answer}"
            );
        }
    }
}
