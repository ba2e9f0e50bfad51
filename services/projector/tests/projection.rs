//! The projector against a real nats-server and real SQLite files.

use crate::common;

use std::time::Duration;

use async_nats::jetstream::message::PublishMessage;
use chrono::{TimeDelta, Utc};
use common::*;
use govtrack_bus::streams::StreamSettings;
use govtrack_bus::subjects::event_subject;
use govtrack_events::{EventType, StoredEvent};
use govtrack_readmodel::{self as store, read};

fn reader(h: &Harness) -> rusqlite::Connection {
    store::open_reader(&current_path(h.data.path()).unwrap()).unwrap()
}

#[tokio::test]
async fn appended_events_land_in_every_read_model() {
    let h = Harness::start().await;
    let (shutdown, task) = spawn_projector(h.settings(), h.bus.clone());
    let t = base_time();
    let events = vec![
        event("e1", "contoso", EventType::SponsorNamed, t),
        event("e2", "contoso", EventType::ObjectiveDefined, t),
        event("e3", "contoso", EventType::KeyResultDefined, t),
        event(
            "e4",
            "contoso",
            EventType::KeyResultMeasured,
            t + TimeDelta::days(3),
        ),
        event(
            "e5",
            "contoso",
            EventType::InitiativeStarted,
            t + TimeDelta::days(1),
        ),
        event(
            "e6",
            "contoso",
            EventType::InitiativeBlocked,
            t + TimeDelta::days(2),
        ),
        event("e7", "fabrikam", EventType::DlpPolicySet, t),
        event(
            "e8",
            "fabrikam",
            EventType::DlpPolicyRemoved,
            t + TimeDelta::days(1),
        ),
    ];
    let last = h.append_all(&events).await;
    h.wait_for(last).await;
    let conn = reader(&h);

    let orgs: Vec<(String, u64)> = read::orgs(&conn)
        .unwrap()
        .into_iter()
        .map(|o| (o.org, o.events))
        .collect();
    assert_eq!(
        orgs,
        vec![("contoso".to_owned(), 6), ("fabrikam".to_owned(), 2)]
    );
    let facts = read::facts(&conn, "contoso").unwrap();
    assert_eq!(facts.len(), 6);
    assert_eq!(facts[0].event_type, "sponsor.named");
    assert_eq!(facts[0].data["name"], "Ada Lovelace");
    assert_eq!(
        read::objectives(&conn, "contoso").unwrap()[0].objective,
        "buy-in"
    );
    let krs = read::key_results(&conn, "contoso").unwrap();
    assert_eq!(
        (krs[0].key_result.as_str(), krs[0].target),
        ("exec-reviews", Some(4.0))
    );
    let measured = read::measurements(&conn, "contoso", Utc::now()).unwrap();
    assert_eq!(
        measured.iter().map(|m| m.value).collect::<Vec<_>>(),
        vec![2.0]
    );
    let initiatives = read::initiatives(&conn, "contoso").unwrap();
    assert_eq!(initiatives[0].state, "blocked");
    assert_eq!(
        initiatives[0].title.as_deref(),
        Some("Set up a sponsor review cadence")
    );
    assert_eq!(initiatives[0].last_activity_at, t + TimeDelta::days(2));
    let page = read::events_page(&conn, "fabrikam", 0, 10).unwrap();
    assert_eq!(
        page.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
        vec!["e7", "e8"]
    );
    let policy_active: bool = conn
        .query_row(
            "SELECT active FROM current_facts WHERE org = 'fabrikam' AND kind = 'dlp_policy'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!policy_active, "a removed policy no longer stands");

    shutdown.cancel();
    task.await.unwrap().unwrap();
}

#[tokio::test]
async fn the_same_event_id_is_applied_once_even_when_nats_stores_it_twice() {
    let h = Harness::start_with(StreamSettings {
        duplicate_window: Duration::from_secs(1),
        ..Default::default()
    })
    .await;
    let (shutdown, task, metrics) = spawn_with_metrics(h.settings(), h.bus.clone());
    let ev = event(
        "dup-1",
        "contoso",
        EventType::KeyResultMeasured,
        base_time(),
    );
    h.append_all(std::slice::from_ref(&ev)).await;
    let again = h.bus.append(&ev, Utc::now()).await.unwrap();
    assert!(
        again.duplicate,
        "inside the window NATS itself drops the copy"
    );

    // Far apart: other events in batches of their own between the copies.
    let between = h.append_all(&mixed_events("between", 600, 3)).await;
    h.wait_for(between).await;

    // Past the window NATS stores the same id again; so does a raw publish under another
    // message id.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let late = h.bus.append(&ev, Utc::now()).await.unwrap();
    assert!(!late.duplicate);
    let body = StoredEvent::from_event(&ev, Utc::now()).to_bytes();
    let raw = PublishMessage::build()
        .payload(body.into())
        .message_id("another-msg-id");
    let ack = h
        .bus
        .jetstream()
        .send_publish(event_subject(&ev), raw)
        .await
        .unwrap()
        .await
        .unwrap();
    h.wait_for(ack.sequence).await;

    let conn = reader(&h);
    assert_eq!(
        read::measurements(&conn, "contoso", Utc::now())
            .unwrap()
            .len(),
        1
    );
    assert_eq!(read::org(&conn, "contoso").unwrap().unwrap().events, 1);
    let copies: i64 = conn
        .query_row("SELECT count(*) FROM events WHERE id = 'dup-1'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(copies, 1, "one row in the timeline for the id");
    shutdown.cancel();
    task.await.unwrap().unwrap();
    // Read after the projector stopped: every committed batch has been counted.
    assert_eq!((metrics.applied.get(), metrics.duplicates.get()), (601, 2));
}

#[tokio::test]
async fn an_invalid_message_is_dead_lettered_and_later_events_still_apply() {
    let h = Harness::start().await;
    let (shutdown, task, metrics) = spawn_with_metrics(h.settings(), h.bus.clone());
    let js = h.bus.jetstream();
    let bad = js
        .publish("govtrack.events.contoso.org.contoso", "not an event".into())
        .await
        .unwrap()
        .await
        .unwrap();
    let unknown = serde_json::json!({"id": "x1", "type": "sponsor.promoted", "v": 1, "org": "contoso",
        "occurred_at": "2026-01-01T00:00:00Z", "recorded_at": "2026-01-01T00:00:00Z", "data": {}});
    let subject = "govtrack.events.contoso.org.contoso";
    let unknown = js
        .publish(subject, unknown.to_string().into())
        .await
        .unwrap()
        .await
        .unwrap();
    let typo = serde_json::json!({"id": "x2", "type": "sponsor.named", "v": 1, "org": "contoso",
        "occurred_at": "2026-01-01T00:00:00Z", "recorded_at": "2026-01-01T00:00:00Z",
        "data": {"sponsor": "cio", "name": "Ada", "formal": true, "fromal": true}});
    let typo = js
        .publish(subject, typo.to_string().into())
        .await
        .unwrap()
        .await
        .unwrap();
    let last = h
        .append_all(&[event(
            "ok-1",
            "contoso",
            EventType::VisionPublished,
            base_time(),
        )])
        .await;
    h.wait_for(last).await;

    let conn = reader(&h);
    let letters = read::dead_letters(&conn, 0, 10).unwrap();
    let sequences: Vec<u64> = letters.iter().map(|l| l.sequence).collect();
    assert_eq!(
        sequences,
        vec![bad.sequence, unknown.sequence, typo.sequence]
    );
    assert_eq!(letters[0].raw, b"not an event");
    assert!(
        letters[0].reason.contains("not an event"),
        "{}",
        letters[0].reason
    );
    assert!(
        letters[1].reason.contains("sponsor.promoted"),
        "{}",
        letters[1].reason
    );
    assert!(
        letters[2].reason.contains("fromal"),
        "{}",
        letters[2].reason
    );
    assert_eq!(read::facts(&conn, "contoso").unwrap().len(), 1);
    shutdown.cancel();
    task.await.unwrap().unwrap();
    // Read after the projector stopped: every committed batch has been counted.
    assert_eq!((metrics.dead_letters.get(), metrics.applied.get()), (3, 1));
    assert_eq!(metrics.checkpoint.get() as u64, last);
}

#[tokio::test]
async fn a_restarted_projector_continues_from_its_checkpoint() {
    let h = Harness::start().await;
    let (shutdown, task) = spawn_projector(h.settings(), h.bus.clone());
    let first = h.append_all(&mixed_events("a", 700, 5)).await;
    h.wait_for(first).await;
    shutdown.cancel();
    task.await.unwrap().unwrap();

    let last = h.append_all(&mixed_events("b", 300, 5)).await;
    let (shutdown, task) = spawn_projector(h.settings(), h.bus.clone());
    h.wait_for(last).await;
    let conn = reader(&h);
    let events: i64 = conn
        .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
        .unwrap();
    assert_eq!(events, 1000);
    shutdown.cancel();
    task.await.unwrap().unwrap();
}

#[tokio::test]
async fn a_rebuild_equals_the_live_read_model_and_the_live_projector_follows_it() {
    let h = Harness::start().await;
    let (shutdown, task) = spawn_projector(h.settings(), h.bus.clone());
    let first = h.append_all(&mixed_events("a", 2000, 20)).await;
    h.wait_for(first).await;
    let before = h.read_model().current().unwrap().unwrap();

    let report = govtrack_projector::rebuild(&h.settings(), &h.bus, Default::default())
        .await
        .unwrap();
    assert_eq!(report.sequence, first);
    assert_eq!(report.generation, before.number + 1);
    assert_eq!(
        h.read_model().current().unwrap().unwrap().number,
        report.generation
    );

    // The live projector moves to the new generation and keeps applying there.
    let last = h.append_all(&mixed_events("b", 500, 20)).await;
    h.wait_for(last).await;
    let live = h.dump();
    shutdown.cancel();
    task.await.unwrap().unwrap();
    assert!(
        !before.path.exists(),
        "the replaced generation is removed once the projector left it"
    );

    let fresh = govtrack_projector::rebuild(&h.settings(), &h.bus, Default::default())
        .await
        .unwrap();
    assert_eq!(fresh.sequence, last);
    assert_eq!(h.dump(), live);
}
