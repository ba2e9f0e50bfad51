//! The contract between the write side and every reader of the log: what ingest
//! appends is on the entity's subject, carries its id as `Nats-Msg-Id`, and decodes
//! back into the same typed event.

use govtrack_events::{EventType, StoredEvent, example_data};
use govtrack_ingest::Settings;
use govtrack_runtime::CancellationToken;
use govtrack_testkit::TestNats;
use serde_json::{Value, json};

#[tokio::test]
async fn every_appended_event_is_on_its_entity_subject_and_decodes_back() {
    let nats = TestNats::start();
    let mut settings = Settings::local(&nats.url(), &nats.dir().join("ingest"));
    settings.http_addr = "127.0.0.1:0".parse().unwrap();
    let app = govtrack_ingest::build(settings).await.unwrap();
    let url = format!("http://{}/v1/events", app.local_addr());
    let shutdown = CancellationToken::new();
    let _guard = shutdown.clone().drop_guard();
    tokio::spawn(app.run(shutdown));

    let sent: Vec<Value> = EventType::ALL
        .iter()
        .filter(|t| !t.is_reserved())
        .enumerate()
        .map(|(i, t)| json!({"id": format!("c-{i}"), "type": t.name(), "org": "contoso", "data": example_data(*t)}))
        .collect();
    let answer: Value = govtrack_runtime::http_client()
        .post(&url)
        .json(&sent)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let results = answer["results"].as_array().expect("batch answer");
    assert_eq!(results.len(), sent.len());

    let js = async_nats::jetstream::new(nats.client().await);
    let stream = js.get_stream("GOVTRACK_EVENTS").await.unwrap();
    for (event, result) in sent.iter().zip(results) {
        let msg = stream
            .get_raw_message(result["sequence"].as_u64().unwrap())
            .await
            .unwrap();
        let stored = StoredEvent::decode(&msg.payload).unwrap();
        assert_eq!(stored.id, event["id"].as_str().unwrap());
        assert_eq!(stored.event_type, event["type"].as_str().unwrap());
        assert_eq!(
            stored.data, event["data"],
            "{} round trip",
            stored.event_type
        );
        assert!(stored.typed().is_ok());
        let msg_id = msg
            .headers
            .get("Nats-Msg-Id")
            .map(|v| v.as_str().to_owned());
        assert_eq!(msg_id.as_deref(), event["id"].as_str());
        let subject = msg.subject.to_string();
        assert!(subject.starts_with("govtrack.events.contoso."), "{subject}");
        assert_eq!(subject.split('.').count(), 5, "{subject}");
    }
    for (event_type, subject) in [
        ("hackathon.held", "govtrack.events.contoso.org.contoso"),
        (
            "dlp_policy.set",
            "govtrack.events.contoso.dlp_policy.default-env",
        ),
    ] {
        let at = sent.iter().position(|e| e["type"] == event_type).unwrap();
        let sequence = results[at]["sequence"].as_u64().unwrap();
        let msg = stream.get_raw_message(sequence).await.unwrap();
        assert_eq!(msg.subject.as_str(), subject);
    }
}
