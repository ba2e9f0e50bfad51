//! `/mcp`'s write tools end to end: an MCP client calls the api, the api forwards the
//! event to ingest over NATS on behalf of the token it authenticated, ingest validates,
//! checks its durable id index and appends to the real log, and the projector shows
//! who recorded it.

use crate::common;
use crate::mcp::{
    self, CONTOSO_WRITER, Sent, assert_answered, assert_refused, assert_refused_starting,
    assert_says, assert_says_first, call,
};

use common::*;
use govtrack_bus::NatsSettings;
use govtrack_events::{EventType as T, example_data};
use govtrack_runtime::CancellationToken;
use serde_json::{Value, json};

/// Messages on the log.
async fn logged(h: &Harness) -> u64 {
    h.nats.log_messages().await
}

/// The harness, ingest, and an api whose writer reaches ingest over the test's NATS.
pub async fn start_writing() -> (Harness, tempfile::TempDir, CancellationToken, String) {
    let (h, dir, tokens) = mcp::start().await;
    let ingest = start_ingest(&h).await;
    let nats = NatsSettings::new(h.nats.url(), "api-mcp-test");
    let base = mcp::api_with(&h, tokens, |s| s.nats = nats).await;
    (h, dir, ingest, base)
}

#[tokio::test]
async fn record_event_appends_once_and_the_same_call_again_appends_nothing() {
    let (h, _dir, ingest, base) = start_writing().await;
    let client = mcp::client(&base, Sent::Bearer(CONTOSO_WRITER)).await;
    let before = logged(&h).await;
    let args = json!({"org": "contoso", "type": "hackathon.held",
                      "data": example_data(T::HackathonHeld)});
    let first = call(&client, "record_event", args.clone()).await;
    assert_answered(&first);
    let answer = first.structured_content.clone().unwrap();
    assert_eq!(answer["duplicate"], false, "{answer}");
    let id = answer["id"].as_str().unwrap();
    assert!(id.starts_with("mcp-hackathon.held-20"), "{id}");
    assert_says_first(&first, "Recorded hackathon.held for contoso");
    assert_eq!(logged(&h).await, before + 1);

    let again = call(&client, "record_event", args).await;
    let repeated = again.structured_content.clone().unwrap();
    assert_eq!(repeated["duplicate"], true, "{repeated}");
    assert_eq!(
        (&repeated["id"], &repeated["sequence"]),
        (&answer["id"], &answer["sequence"])
    );
    assert_says_first(&again, "Already recorded");
    assert_eq!(
        logged(&h).await,
        before + 1,
        "the same call appends nothing"
    );

    h.wait_for(answer["sequence"].as_u64().unwrap()).await;
    let page = events(&h, &base).await;
    let last = page.last().unwrap();
    assert_eq!(last["id"], answer["id"]);
    assert_eq!(last["source"], "govtrack-mcp");
    assert_eq!(
        last["recorded_by"],
        json!({"kind": "token", "id": "contoso-writer"})
    );
    client.cancel().await.unwrap();
    ingest.cancel();
    h.stop().await;
}

/// The timeline of contoso, as the admin token reads it.
async fn events(h: &Harness, base: &str) -> Vec<Value> {
    let url = format!("{base}/v1/orgs/contoso/events");
    let response = h
        .http
        .get(url)
        .bearer_auth(mcp::ADMIN)
        .send()
        .await
        .unwrap();
    let page: Value = response.json().await.unwrap();
    page["events"].as_array().unwrap().clone()
}

#[tokio::test]
async fn measure_and_check_in_record_their_events_and_refusals_name_the_problem() {
    let (h, _dir, ingest, base) = start_writing().await;
    let client = mcp::client(&base, Sent::Bearer(CONTOSO_WRITER)).await;
    let before = logged(&h).await;
    let measured = call(
        &client,
        "measure_key_result",
        json!({"org": "contoso", "key_result": "makers-trained", "value": 42.5}),
    )
    .await;
    assert_answered(&measured);
    let checked_in = call(
        &client,
        "check_in_initiative",
        json!({"org": "contoso", "initiative": "app-in-a-day", "note": "first session held", "percent": 40}),
    )
    .await;
    assert_answered(&checked_in);
    assert_eq!(logged(&h).await, before + 2);
    let sequence = checked_in.structured_content.as_ref().unwrap()["sequence"].as_u64();
    h.wait_for(sequence.unwrap()).await;
    let page = events(&h, &base).await;
    let data: Vec<(&Value, &Value)> = page.iter().map(|e| (&e["type"], &e["data"])).collect();
    assert!(
        data.contains(&(
            &json!("key_result.measured"),
            &json!({"key_result": "makers-trained", "value": 42.5})
        )),
        "{page:?}"
    );
    assert!(
        data.contains(&(
            &json!("initiative.progressed"),
            &json!({"initiative": "app-in-a-day", "note": "first session held", "percent": 40})
        )),
        "{page:?}"
    );

    let bad = call(
        &client,
        "record_event",
        json!({"org": "contoso", "type": "training.held", "data": {"kind": "onboarding", "attendees": "many"}}),
    )
    .await;
    assert_refused_starting(&bad, "ingest refused the event (400)");
    assert_says(&bad, "\n- data.attendees: ");
    let elsewhere = call(
        &client,
        "check_in_initiative",
        json!({"org": "fabrikam", "initiative": "x", "note": "hello"}),
    )
    .await;
    assert_refused(
        &elsewhere,
        "may not record events for organisation \"fabrikam\"",
    );
    let unknown_field = call(
        &client,
        "measure_key_result",
        json!({"org": "contoso", "key_result": "k", "value": 1, "unit": "%"}),
    )
    .await;
    assert_refused(&unknown_field, "unknown field `unit`");
    assert_eq!(logged(&h).await, before + 2, "no refused call appended");
    client.cancel().await.unwrap();
    ingest.cancel();
    h.stop().await;
}
