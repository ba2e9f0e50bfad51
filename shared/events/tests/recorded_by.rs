//! Who recorded an event: never from the body, kept on the log, read back by both
//! decoders, and absent (not an error) on older events.

use chrono::{TimeZone, Utc};
use govtrack_events::{
    BatchError, DecodedEvent, Envelope, EventType, RecordedBy, StoredEvent, example_data,
    parse_batch, validate,
};
use serde_json::json;

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
}

fn problems(body: serde_json::Value) -> Vec<(Option<usize>, String, String)> {
    match parse_batch(&serde_json::to_vec(&body).unwrap()) {
        Err(BatchError::Invalid(e)) => e
            .problems
            .into_iter()
            .map(|p| (p.index, p.field, p.reason))
            .collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn a_body_that_names_who_recorded_it_is_refused_by_that_field() {
    let event = json!({"type": "training.held", "org": "contoso",
        "data": {"kind": "onboarding", "attendees": 25},
        "recorded_by": {"kind": "user", "id": "someone-else"}});
    let found = problems(event.clone());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, "recorded_by");
    assert!(found[0].2.contains("leave it out"), "{}", found[0].2);
    let batch = problems(json!([
        {"type": "welcome_email.enabled", "org": "contoso", "data": {}},
        event
    ]));
    assert_eq!(batch[0].0, Some(1), "the batch index of the bad event");
}

#[test]
fn the_recorder_is_stored_and_both_decoders_read_it_back() {
    let t = EventType::TrainingHeld;
    let envelope = Envelope::new(t.name(), "contoso", example_data(t));
    let by = RecordedBy::user("oid-7", Some("ada@contoso.com".into()));
    let event = validate(envelope, now()).unwrap().recorded_by(by.clone());
    let bytes = StoredEvent::from_event(&event, now()).to_bytes();
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(
        text.contains(r#""recorded_by":{"kind":"user","id":"oid-7","name":"ada@contoso.com"}"#),
        "{text}"
    );
    assert_eq!(
        StoredEvent::decode(&bytes).unwrap().recorded_by,
        Some(by.clone())
    );
    assert_eq!(DecodedEvent::decode(&bytes).unwrap().recorded_by, Some(by));
}

#[test]
fn an_event_stored_before_recorders_existed_decodes_without_one() {
    let older = json!({"id": "01JDV5K3Q8AAAAAAAAAAAAAAAA", "type": "welcome_email.enabled",
        "v": 1, "org": "contoso", "occurred_at": "2025-01-01T00:00:00Z",
        "recorded_at": "2025-01-01T00:00:01Z", "data": {}});
    let bytes = serde_json::to_vec(&older).unwrap();
    assert_eq!(StoredEvent::decode(&bytes).unwrap().recorded_by, None);
    assert_eq!(DecodedEvent::decode(&bytes).unwrap().recorded_by, None);
    let stored = StoredEvent::decode(&bytes).unwrap();
    assert!(
        !String::from_utf8(stored.to_bytes())
            .unwrap()
            .contains("recorded_by")
    );
}
