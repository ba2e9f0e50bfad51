//! The cap on appends in flight, over real HTTP against a real nats-server: past it
//! ingest answers 429 with `Retry-After` and appends nothing of that request; every
//! event that got a 2xx is on the stream, and retrying the refused ones with the same
//! ids lands each event exactly once.

use crate::common;

use std::collections::BTreeSet;

use common::start_with;
use govtrack_ingest::Settings;
use govtrack_testkit::{TestNats, assert_error_mentions};
use serde_json::{Value, json};

const REQUESTS: usize = 12;
const PER_REQUEST: usize = 400;

fn batch(request: usize) -> Vec<Value> {
    (0..PER_REQUEST)
        .map(|i| {
            json!({"id": format!("load-{request}-{i}"), "type": "hackathon.held", "org": "contoso",
                   "data": {"name": format!("hack {request}-{i}"), "participants": 3}})
        })
        .collect()
}

#[tokio::test]
async fn past_the_cap_requests_get_429_and_every_2xx_event_is_on_the_stream() {
    let nats = TestNats::start();
    let mut settings = Settings::local(&nats.url(), &nats.dir().join("ingest"));
    settings.max_appends_in_flight = 1;
    let svc = start_with(nats, settings).await;
    let url = svc.url("/v1/events/batch");

    let sends = (0..REQUESTS).map(|r| {
        let http = svc.http.clone();
        let url = url.clone();
        async move {
            let resp = http.post(&url).json(&batch(r)).send().await.unwrap();
            let status = resp.status().as_u16();
            let retry_after = resp
                .headers()
                .get("retry-after")
                .map(|v| v.to_str().unwrap().to_owned());
            let body: Value = resp.json().await.unwrap();
            (r, status, retry_after, body)
        }
    });
    let answers = futures_util::future::join_all(sends).await;

    let mut accepted = BTreeSet::new();
    let mut refused = Vec::new();
    for (r, status, retry_after, body) in answers {
        match status {
            200 => {
                for result in body["results"].as_array().unwrap() {
                    accepted.insert(result["id"].as_str().unwrap().to_owned());
                }
            }
            429 => {
                assert_eq!(retry_after.as_deref(), Some("1"));
                assert_eq!(body["error"]["code"], "overloaded");
                assert_error_mentions(&body, "retry with the same ids");
                refused.push(r);
            }
            other => panic!("{other}: {body}"),
        }
    }
    assert!(
        !refused.is_empty(),
        "{REQUESTS} batches against a cap of 1 must overload it"
    );
    assert!(!accepted.is_empty());

    // Every event that got a 2xx is on the stream, and nothing of a refused request.
    let on_stream: BTreeSet<String> = svc
        .stream_events()
        .await
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(on_stream, accepted);

    // The client retries the refused requests with the same ids: each event lands once.
    for r in refused {
        loop {
            let resp = svc.http.post(&url).json(&batch(r)).send().await.unwrap();
            match resp.status().as_u16() {
                200 => break,
                429 => tokio::time::sleep(std::time::Duration::from_millis(50)).await,
                other => panic!("{other}"),
            }
        }
    }
    assert_eq!(svc.stream_messages().await, (REQUESTS * PER_REQUEST) as u64);
}

/// One `hackathon.held` of contoso.
fn hackathon() -> Value {
    json!({"type": "hackathon.held", "org": "contoso", "data": {"name": "h", "participants": 2}})
}

/// An `Authorization` header of HTTP Basic with `credentials` (`user:password`).
fn basic(credentials: &str) -> String {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(credentials);
    format!("Basic {encoded}")
}

#[tokio::test]
async fn the_batch_route_takes_arrays_only_and_basic_auth_carries_the_token() {
    let svc = common::start_with_token("flow-token").await;
    let one = hackathon();
    let (status, answer) = svc
        .post_to(
            "/v1/events/batch",
            &[("authorization", "Bearer flow-token".to_owned())],
            serde_json::to_vec(&one).unwrap(),
        )
        .await;
    assert_eq!(status, 400, "{answer}");
    assert!(
        answer["error"]["problems"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("JSON array")
    );

    // Power Automate's Basic auth: any user name, the token as the password.
    let token_as_password = [("authorization", basic("maker@contoso:flow-token"))];
    let batch = serde_json::to_vec(&json!([one])).unwrap();
    let (status, answer) = svc
        .post_to("/v1/events/batch", &token_as_password, batch)
        .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["results"].as_array().unwrap().len(), 1);
    let wrong = [("authorization", basic("maker:nope"))];
    let (status, _) = svc
        .post_to("/v1/events", &wrong, serde_json::to_vec(&one).unwrap())
        .await;
    assert_eq!(status, 401);
    assert_eq!(svc.stream_messages().await, 1);
}

#[tokio::test]
async fn an_api_key_header_carries_the_token_when_authorization_is_absent() {
    let svc = common::start_with_token("flow-token").await;
    let one = hackathon();
    let body = || serde_json::to_vec(&one).unwrap();
    let keyed = [("x-api-key", "flow-token".to_owned())];
    let (status, answer) = svc.post_to("/v1/events", &keyed, body()).await;
    assert_eq!(status, 200, "{answer}");
    let wrong = [("x-api-key", "nope".to_owned())];
    let (status, answer) = svc.post_to("/v1/events", &wrong, body()).await;
    assert_eq!(
        (status, answer["error"]["message"].as_str()),
        (401, Some("unknown token"))
    );
    let (status, answer) = svc.post_to("/v1/events", &[], body()).await;
    assert_eq!(status, 401);
    assert_error_mentions(&answer, "X-Api-Key");
    assert_eq!(svc.stream_messages().await, 1);
}
