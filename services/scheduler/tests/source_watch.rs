//! The watch on every feed with `run_once --now`, against a real nats-server and a real
//! webhook receiver: a source silent past twice its cadence is found once, resolves
//! when it speaks again, and a silence mutes it.

use crate::common;

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use common::*;
use govtrack_events::data::SilenceMatchers;
use govtrack_scheduler::Settings;
use govtrack_scheduler::commands::feeds::{source_expect, source_list};
use govtrack_scheduler::commands::{self, SilenceRequest};
use govtrack_scheduler::delivery::Format;
use govtrack_scheduler::rules::source_watch::SourceStatus;
use serde_json::json;

const ORG_EVENTS: &str = "govtrack.events.contoso.>";

fn hours(n: i64) -> DateTime<Utc> {
    t0() + TimeDelta::hours(n)
}

fn count(types: &[String], t: &str) -> usize {
    types.iter().filter(|x| *x == t).count()
}

async fn hackathon_from_hr_sync(h: &Harness, at: DateTime<Utc>) {
    let data = json!({"name": format!("hack {at}"), "participants": 10});
    h.emit_from("hr-sync", "contoso", "hackathon.held", data, at)
        .await;
}

/// A harness whose `hr-sync` spoke at t0 and is expected daily, with a webhook receiver
/// and the source watch on.
async fn hr_sync_expected_daily() -> (Harness, Receiver, Settings) {
    let h = Harness::start().await;
    let receiver = Receiver::start(&[OLD_SECRET]).await;
    let mut settings = h.settings_with_watch("a");
    let hook = receiver.hook(Format::Native);
    settings.webhooks.push(hook);
    hackathon_from_hr_sync(&h, t0()).await;
    let daily = Duration::from_secs(24 * 3600);
    source_expect(&h.bus, "contoso", "hr-sync", daily, t0())
        .await
        .unwrap();
    (h, receiver, settings)
}

#[tokio::test]
async fn a_source_silent_past_twice_its_cadence_fires_once_and_resolves_when_it_speaks() {
    let (h, receiver, settings) = hr_sync_expected_daily().await;

    h.run_once(&settings, hours(47)).await;
    assert_eq!(count(&h.log_types(ORG_EVENTS).await, "source.silent"), 0);
    let listed = source_list(&settings, &h.bus, Some("contoso"), hours(47))
        .await
        .unwrap();
    let hr = listed.iter().find(|s| s.source == "hr-sync").unwrap();
    assert_eq!((hr.status, hr.every_hours), (SourceStatus::Late, Some(24)));

    for at in [hours(49), hours(50), hours(60)] {
        h.run_once(&settings, at).await;
    }
    assert_eq!(
        count(&h.log_types(ORG_EVENTS).await, "source.silent"),
        1,
        "found once"
    );
    let alert = h.only_alert().await;
    assert_eq!(alert["status"], "firing");
    assert_eq!(alert["kind"], "source_silent");
    assert_eq!(alert["entity"], "hr-sync");
    assert_eq!(
        alert["since"], "2026-03-04T09:00:00Z",
        "two cadences after it last spoke"
    );
    assert_eq!(receiver.received().len(), 1);

    hackathon_from_hr_sync(&h, hours(61)).await;
    h.run_once(&settings, hours(62)).await;
    let alerts = h.alert_messages().await;
    assert_eq!(alerts.len(), 2, "{alerts:?}");
    assert_eq!(alerts[1]["status"], "resolved");
    let listed = source_list(&settings, &h.bus, Some("contoso"), hours(62))
        .await
        .unwrap();
    assert_eq!(
        listed
            .iter()
            .find(|s| s.source == "hr-sync")
            .unwrap()
            .status,
        SourceStatus::Ok
    );

    // Silent again later: a second finding, for the new last-seen time.
    h.run_once(&settings, hours(61 + 49)).await;
    assert_eq!(count(&h.log_types(ORG_EVENTS).await, "source.silent"), 2);
}

#[tokio::test]
async fn a_silence_mutes_a_silent_source() {
    let (h, receiver, settings) = hr_sync_expected_daily().await;
    let request = SilenceRequest {
        org: "contoso".into(),
        silence: Some("hr-migration".into()),
        matchers: SilenceMatchers {
            org: None,
            kind: Some("source_silent".into()),
            entity: Some("hr-sync".into()),
        },
        owner: "coe-lead".into(),
        reason: "HR system migration this week".into(),
        expires_at: hours(24 * 7),
    };
    commands::silence_add(&h.bus, request, hours(1))
        .await
        .unwrap();

    h.run_once(&settings, hours(49)).await;
    h.run_once(&settings, hours(80)).await;
    assert_eq!(
        count(&h.log_types(ORG_EVENTS).await, "source.silent"),
        1,
        "still found, on the log"
    );
    assert!(
        h.alert_messages().await.is_empty(),
        "muted while the silence lasts"
    );
    assert!(receiver.received().is_empty());
}

#[tokio::test]
async fn a_source_that_was_never_expected_never_fires_and_a_cadence_must_be_whole_hours() {
    let h = Harness::start().await;
    let settings = h.settings_with_watch("a");
    hackathon_from_hr_sync(&h, t0()).await;
    h.run_once(&settings, hours(24 * 400)).await;
    assert_eq!(count(&h.log_types(ORG_EVENTS).await, "source.silent"), 0);
    let listed = source_list(&settings, &h.bus, Some("contoso"), hours(1))
        .await
        .unwrap();
    assert_eq!(listed[0].status, SourceStatus::Unwatched);
    let err = source_expect(
        &h.bus,
        "contoso",
        "hr-sync",
        Duration::from_secs(90 * 60),
        t0(),
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("whole hours"), "{err}");
}
