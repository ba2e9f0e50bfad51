//! The scheduler's projection applies each event id once: a second message of an id,
//! published straight onto the stream far from the first (bypassing ingest and the
//! duplicate window), changes neither maturity nor an initiative's last activity.

use crate::common;

use chrono::{DateTime, Utc};
use common::*;
use govtrack_bus::subjects::event_subject;
use govtrack_events::{Envelope, Event, StoredEvent, validate};
use serde_json::{Value, json};

/// Publishes a copy of event `id` onto the log as a raw message without a
/// `Nats-Msg-Id`, so neither ingest nor the server's window can stop it.
async fn publish_copy(h: &Harness, id: &str, event_type: &str, data: Value, at: DateTime<Utc>) {
    let mut envelope = Envelope::new(event_type, "contoso", data);
    envelope.id = Some(id.to_owned());
    envelope.occurred_at = Some(at.to_rfc3339());
    let event: Event = validate(envelope, at).unwrap();
    let body = StoredEvent::from_event(&event, at).to_bytes();
    let ack = h
        .bus
        .jetstream()
        .publish(event_subject(&event), body.into())
        .await
        .unwrap()
        .await
        .unwrap();
    assert!(!ack.duplicate);
}

async fn emit_with_id(h: &Harness, id: &str, event_type: &str, data: Value, at: DateTime<Utc>) {
    let mut envelope = Envelope::new(event_type, "contoso", data);
    envelope.id = Some(id.to_owned());
    envelope.occurred_at = Some(at.to_rfc3339());
    let event: Event = validate(envelope, at).unwrap();
    h.bus.append(&event, at).await.unwrap();
}

fn level(digest: &Value, capability: &str) -> Value {
    let list = digest["digest"]["maturity"]["capabilities"]
        .as_array()
        .unwrap();
    list.iter().find(|c| c["capability"] == capability).unwrap()["level"].clone()
}

#[tokio::test]
async fn a_second_message_of_a_sponsor_named_does_not_bring_a_stepped_down_sponsor_back() {
    let h = Harness::start().await;
    let settings = h.settings_with_digest("a");
    let named = json!({"sponsor": "cio", "name": "Ada Lovelace", "formal": true});
    emit_with_id(&h, "named-1", "sponsor.named", named.clone(), t0()).await;
    h.emit(
        "contoso",
        "sponsor.stepped_down",
        json!({"sponsor": "cio"}),
        days(2),
    )
    .await;
    h.start_initiative("contoso", "i1", days(2)).await;
    publish_copy(&h, "named-1", "sponsor.named", named, days(3)).await;

    h.run_once(&settings, days(4)).await;
    let digests = h.digests().await;
    assert_eq!(digests.len(), 1, "{digests:?}");
    assert_eq!(
        level(&digests[0], "sponsorship"),
        100,
        "the copy of named-1 is not a new sponsor"
    );
}

#[tokio::test]
async fn a_second_message_of_a_progress_note_does_not_move_the_last_activity() {
    let h = Harness::start().await;
    let settings = h.settings("a");
    h.start_initiative("contoso", "i1", t0()).await;
    let note = json!({"initiative": "i1", "note": "kick-off held"});
    emit_with_id(&h, "note-1", "initiative.progressed", note.clone(), days(1)).await;
    // The same note again, stamped 19 days later.
    publish_copy(&h, "note-1", "initiative.progressed", note, days(20)).await;

    // Two 14-day cadences after the real note (day 1) have passed by day 30; had the
    // copy counted, the last activity would be day 20 and nothing stalled.
    h.run_once(&settings, days(30)).await;
    let stalled = h
        .log_types("govtrack.events.contoso.initiative.>")
        .await
        .iter()
        .filter(|t| *t == "initiative.stalled")
        .count();
    assert_eq!(stalled, 1, "stalled from the note's first time, day 1");
}
