//! The api's writes go through ingest, the only writer, on behalf of the caller the api
//! authenticated; the timeline API then says who recorded each event, and nothing for
//! events stored before govtrack knew its callers.

use crate::common;

use common::{Harness, days_ago, event, start_ingest};
use govtrack_api::Writer;
use govtrack_bus::NatsSettings;
use govtrack_events::{EventType, RecordedBy};
use serde_json::json;

#[tokio::test]
async fn a_write_forwarded_by_the_api_is_recorded_once_by_the_caller_it_names() {
    let h = Harness::start().await;
    let ingest = start_ingest(&h).await;
    let older = event(
        "older",
        "contoso",
        EventType::WelcomeEmailEnabled,
        days_ago(9),
        None,
    );
    h.append(&[older]).await;

    let writer = Writer::connecting(NatsSettings::new(h.nats.url(), "api-writer-test"));
    let ada = RecordedBy::user("oid-ada", Some("ada@contoso.com".into()));
    let training = json!({"id": "form-1", "type": "training.held", "org": "contoso",
        "data": {"kind": "onboarding", "attendees": 25}});
    let body = serde_json::to_vec(&training).unwrap();
    let first = writer.record("contoso", body.clone(), &ada).await.unwrap();
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(first.body["duplicate"], false);
    let again = writer.record("contoso", body, &ada).await.unwrap();
    assert_eq!(again.body["duplicate"], true, "the same id is stored once");
    assert_eq!(again.body["sequence"], first.body["sequence"]);

    let bad = json!({"type": "training.held", "org": "contoso",
        "data": {"kind": "onboarding", "attendees": "many"}});
    let refused = writer
        .record("contoso", serde_json::to_vec(&bad).unwrap(), &ada)
        .await
        .unwrap();
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert_eq!(
        refused.body["error"]["problems"][0]["field"],
        "data.attendees"
    );

    h.wait_for(first.body["sequence"].as_u64().unwrap()).await;
    let (status, page) = h.get("/v1/orgs/contoso/events").await;
    assert_eq!(status, 200, "{page}");
    let events = page["events"].as_array().unwrap();
    assert_eq!(events.len(), 2, "{page}");
    assert!(
        events[0].get("recorded_by").is_none(),
        "an older event has none"
    );
    assert_eq!(
        events[1]["recorded_by"],
        json!({"kind": "user", "id": "oid-ada", "name": "ada@contoso.com"})
    );
    ingest.cancel();
    h.stop().await;
}

#[tokio::test]
async fn a_write_with_no_ingest_listening_is_an_error_not_a_hang() {
    let h = Harness::start().await;
    let writer = Writer::connecting(NatsSettings::new(h.nats.url(), "api-writer-test"));
    let body = serde_json::to_vec(&json!({"type": "welcome_email.enabled", "org": "contoso"}));
    let e = writer
        .record("contoso", body.unwrap(), &RecordedBy::local())
        .await
        .unwrap_err();
    assert!(e.to_string().contains("ingest did not answer"), "{e}");
    h.stop().await;
}
