//! Ingest over HTTP against a real nats-server: append, dedup, conflicts, batches,
//! limits, catalogue and health routes.

use crate::common;

use common::{sponsor_named, start};
use govtrack_events::{EventType, example_data};
use serde_json::{Value, json};

#[tokio::test]
async fn the_same_id_twice_is_stored_once_and_the_second_answer_says_duplicate() {
    let svc = start(None).await;
    let (s1, b1) = svc.post(&sponsor_named("evt-1", "cio")).await;
    let (s2, b2) = svc.post(&sponsor_named("evt-1", "cio")).await;
    assert_eq!((s1, s2), (200, 200), "{b1} {b2}");
    assert_eq!(b1["duplicate"], false);
    assert_eq!(b2["duplicate"], true);
    assert_eq!(b1["sequence"], b2["sequence"]);
    assert_eq!(svc.stream_messages().await, 1);
}

#[tokio::test]
async fn a_stale_expected_version_gets_409_and_the_right_one_is_appended() {
    let svc = start(None).await;
    let (_, first) = svc.post(&sponsor_named("a", "cio")).await;
    let version = first["sequence"].as_u64().unwrap();
    let mut stale = json!({"id": "b", "type": "sponsor.stepped_down", "org": "contoso",
                           "expected_version": 0, "data": {"sponsor": "cio"}});
    let (status, body) = svc.post(&stale).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["current_version"], version);
    stale["expected_version"] = json!(version);
    let (status, body) = svc.post(&stale).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(svc.stream_messages().await, 2);
}

#[tokio::test]
async fn a_stale_expected_version_in_a_batch_appends_nothing() {
    let svc = start(None).await;
    svc.post(&sponsor_named("a", "cio")).await;
    let batch = json!([sponsor_named("b", "cfo"),
        {"type": "sponsor.stepped_down", "org": "contoso", "expected_version": 0, "data": {"sponsor": "cio"}}]);
    let (status, body) = svc.post(&batch).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(svc.stream_messages().await, 1);
}

#[tokio::test]
async fn a_batch_with_one_bad_event_appends_nothing_and_names_index_and_field() {
    let svc = start(None).await;
    let bad = json!({"type": "dlp_policy.set", "org": "contoso", "data": {"policy": "p1", "scope": "globl"}});
    let batch = json!([sponsor_named("a", "cio"), sponsor_named("b", "cfo"), bad]);
    let (status, body) = svc.post(&batch).await;
    assert_eq!(status, 400, "{body}");
    let problem = &body["error"]["problems"][0];
    assert_eq!(problem["index"], 2);
    assert_eq!(problem["field"], "data.scope");
    assert_eq!(
        problem["reason"],
        "expected one of default, tenant, environment, got \"globl\""
    );
    assert_eq!(svc.stream_messages().await, 0);
}

#[tokio::test]
async fn every_catalogue_type_is_accepted_end_to_end_in_one_batch() {
    let svc = start(None).await;
    let batch: Vec<Value> = EventType::ALL
        .iter()
        .filter(|t| !t.is_reserved())
        .map(|t| json!({"type": t.name(), "org": "contoso", "data": example_data(*t)}))
        .collect();
    let n = batch.len();
    let (status, body) = svc.post(&Value::Array(batch)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["results"].as_array().unwrap().len(), n);
    assert_eq!(svc.stream_messages().await, n as u64);
}

#[tokio::test]
async fn a_typo_field_is_refused_with_its_name() {
    let svc = start(None).await;
    let event = json!({"type": "sponsor.named", "org": "contoso",
                       "data": {"sponsor": "cio", "name": "Ada", "formal": true, "titel": "CIO"}});
    let (status, body) = svc.post(&event).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["problems"][0]["field"], "data.titel");
    assert_eq!(svc.stream_messages().await, 0);
}

#[tokio::test]
async fn oversized_bodies_and_batches_get_413() {
    let svc = start(None).await;
    let big = vec![b' '; 1024 * 1024 + 10];
    let (status, body) = svc.post_raw(big, None).await;
    assert_eq!(status, 413, "{body}");
    let many = Value::Array(
        (0..1001)
            .map(|i| sponsor_named(&format!("e{i}"), "cio"))
            .collect(),
    );
    let (status, body) = svc.post(&many).await;
    assert_eq!(status, 413, "{body}");
    assert_eq!(svc.stream_messages().await, 0);
}

#[tokio::test]
async fn catalogue_health_metrics_and_openapi_routes_answer() {
    let svc = start(None).await;
    svc.post(&sponsor_named("a", "cio")).await;
    let get = |path: &str| svc.http.get(svc.url(path)).send();
    assert_eq!(get("/healthz").await.unwrap().status(), 200);
    assert_eq!(get("/readyz").await.unwrap().status(), 200);
    let metrics = get("/metrics").await.unwrap().text().await.unwrap();
    assert!(
        metrics.contains(
            "govtrack_ingest_events_total{type=\"sponsor.named\",outcome=\"accepted\"} 1"
        ),
        "{metrics}"
    );
    let types: Value = get("/v1/event-types").await.unwrap().json().await.unwrap();
    assert_eq!(
        types["event_types"].as_array().unwrap().len(),
        EventType::ALL.len()
    );
    let one = get("/v1/event-types/dlp_policy.set").await.unwrap();
    assert_eq!(one.status(), 200);
    assert_eq!(get("/v1/event-types/nope").await.unwrap().status(), 404);
    let openapi: Value = get("/openapi.json").await.unwrap().json().await.unwrap();
    assert!(openapi["paths"]["/v1/events"]["post"]["responses"]["409"].is_object());
}

#[tokio::test]
async fn listening_beyond_loopback_without_tokens_is_refused() {
    let nats = govtrack_testkit::TestNats::start();
    let mut settings = govtrack_ingest::Settings::local(&nats.url(), &nats.dir().join("ingest"));
    settings.http_addr = "0.0.0.0:0".parse().unwrap();
    let err = govtrack_ingest::build(settings)
        .await
        .err()
        .expect("refused");
    assert!(err.to_string().contains("without authentication"), "{err}");
}

#[tokio::test]
async fn shutdown_finishes_and_stops_the_server() {
    let svc = start(None).await;
    svc.post(&sponsor_named("a", "cio")).await;
    svc.shutdown.cancel();
    let outcome = tokio::time::timeout(std::time::Duration::from_secs(10), svc.task).await;
    assert!(
        matches!(outcome, Ok(Ok(Ok(())))),
        "ingest did not stop cleanly"
    );
}
