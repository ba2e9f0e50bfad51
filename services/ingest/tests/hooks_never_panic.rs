//! Arbitrary bodies to each webhook route over real HTTP: a 2xx or a 4xx with the one
//! error body, never a 5xx. GitHub bodies are signed (so they get past the signature
//! and reach the parser); some are built around each sender's real shape.

use crate::common;

use common::{fixture, github_signature, start_with, tokens_file};
use govtrack_ingest::{HooksConfig, Settings};
use govtrack_testkit::TestNats;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value;

/// A JSON value of a few levels: what a sender might put anywhere.
fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        "[ -~]{0,12}".prop_map(Value::String),
        Just(Value::String("govtrack:x".into())),
        Just(Value::String("/Date(1700000000000)/".into())),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[A-Za-z_.]{1,12}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A sender's fixture with one field (at the top or one level down) replaced.
fn mutated(base: Value) -> impl Strategy<Value = Vec<u8>> {
    (
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
        arb_json(),
    )
        .prop_map(move |(i, j, v)| {
            let mut body = base.clone();
            if let Value::Object(map) = &mut body {
                let keys: Vec<String> = map.keys().cloned().collect();
                let key = &keys[i.index(keys.len())];
                match map.get_mut(key) {
                    Some(Value::Object(inner)) if !inner.is_empty() => {
                        let inner_keys: Vec<String> = inner.keys().cloned().collect();
                        inner.insert(inner_keys[j.index(inner_keys.len())].clone(), v);
                    }
                    Some(slot) => *slot = v,
                    None => {}
                }
            }
            serde_json::to_vec(&body).unwrap()
        })
}

fn arb_body(base: Value) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        mutated(base),
        arb_json().prop_map(|v| serde_json::to_vec(&v).unwrap()),
        prop::collection::vec(any::<u8>(), 0..64),
    ]
}

#[tokio::test]
async fn arbitrary_bodies_to_each_hook_get_a_2xx_or_a_4xx_never_a_5xx() {
    let nats = TestNats::start();
    let mut settings = Settings::local(&nats.url(), &nats.dir().join("ingest"));
    let hooks =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/examples/hooks.toml");
    settings.hooks = HooksConfig::load(Some(&hooks), Some("s".into())).unwrap();
    settings.tokens_file = Some(tokens_file(nats.dir(), "t"));
    let svc = start_with(nats, settings).await;
    let mut runner = TestRunner::new(Config::default());
    let routes = [
        (
            "azure-devops",
            fixture("ado-workitem-updated.json"),
            "issues",
        ),
        ("github", fixture("github-issues-closed.json"), "issues"),
        (
            "github",
            fixture("github-issue-comment.json"),
            "issue_comment",
        ),
        ("dataverse", fixture("dataverse-create.json"), ""),
    ];
    for (sender, base, event) in routes {
        let strategy = arb_body(base);
        for case in 0..64 {
            let body = strategy.new_tree(&mut runner).unwrap().current();
            // fabrikam: the example file gives it no secret of its own, so "s" signs.
            let mut headers = vec![("authorization", "Bearer t".to_owned())];
            if sender == "github" {
                headers.push(("x-github-event", event.to_owned()));
                headers.push(("x-github-delivery", format!("prop-{case}")));
                headers.push(("x-hub-signature-256", github_signature("s", &body)));
            }
            let path = format!("/v1/hooks/{sender}/fabrikam");
            let (status, answer) = svc.post_to(&path, &headers, body.clone()).await;
            assert!(
                (200..300).contains(&status) || (400..500).contains(&status),
                "{sender}: {status} for {:?}: {answer}",
                String::from_utf8_lossy(&body)
            );
            if status >= 400 {
                assert!(answer["error"]["message"].is_string(), "{sender}: {answer}");
            }
        }
    }
}
