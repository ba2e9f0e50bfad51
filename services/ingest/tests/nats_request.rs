//! Ingest over NATS request/reply on `govtrack.ingest.{org}`.

use crate::common;

use common::{sponsor_named, start};
use serde_json::Value;

async fn request(client: &async_nats::Client, subject: &str, body: &Value) -> (u16, Value) {
    let reply = client
        .request(subject.to_owned(), serde_json::to_vec(body).unwrap().into())
        .await
        .unwrap();
    let status = reply
        .headers
        .as_ref()
        .and_then(|h| h.get("Govtrack-Status"))
        .unwrap()
        .as_str()
        .parse()
        .unwrap();
    (status, serde_json::from_slice(&reply.payload).unwrap())
}

#[tokio::test]
async fn a_request_appends_and_answers_like_http() {
    let svc = start(None).await;
    let client = svc.nats.client().await;
    let named = sponsor_named("n1", "cio");
    let (status, body) = request(&client, "govtrack.ingest.contoso", &named).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["id"], "n1");
    assert_eq!(body["duplicate"], false);
    let (_, again) = request(&client, "govtrack.ingest.contoso", &named).await;
    assert_eq!(again["duplicate"], true);
    assert_eq!(svc.stream_messages().await, 1);
}

#[tokio::test]
async fn the_subject_org_must_match_the_events_org() {
    let svc = start(None).await;
    let client = svc.nats.client().await;
    let named = sponsor_named("n1", "cio");
    let (status, body) = request(&client, "govtrack.ingest.fabrikam", &named).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(svc.stream_messages().await, 0);
}

#[tokio::test]
async fn an_invalid_request_gets_the_same_problems_as_http() {
    let svc = start(None).await;
    let client = svc.nats.client().await;
    let bad =
        serde_json::json!({"type": "sponsor.named", "org": "contoso", "data": {"sponsor": "cio"}});
    let (status, body) = request(&client, "govtrack.ingest.contoso", &bad).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["problems"][0]["field"], "data.name");
}
