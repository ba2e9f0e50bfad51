//! Findings and the alert lifecycle with `run_once --now`, against a real nats-server
//! and a real webhook receiver.

use crate::common;

use chrono::TimeDelta;
use common::*;
use govtrack_events::data::SilenceMatchers;
use govtrack_scheduler::commands::{self, SilenceRequest};
use govtrack_scheduler::delivery::Format;

const STALLED: &str = "govtrack.events.contoso.initiative.>";

fn count(types: &[String], t: &str) -> usize {
    types.iter().filter(|x| *x == t).count()
}

#[tokio::test]
async fn not_stalled_a_day_before_two_cadences_then_stalled_and_notified_once() {
    let (h, receiver, settings) = Harness::with_hook(Format::Native).await;
    h.start_initiative("contoso", "i1", t0()).await;

    h.run_once(&settings, days(27)).await;
    assert_eq!(count(&h.log_types(STALLED).await, "initiative.stalled"), 0);
    assert!(h.alert_messages().await.is_empty());

    let report = h.run_once(&settings, days(29)).await;
    assert_eq!(report.jobs.iter().map(|j| j.appended).sum::<u64>(), 1);
    assert_eq!(count(&h.log_types(STALLED).await, "initiative.stalled"), 1);
    let alert = h.only_alert().await;
    assert_eq!(alert["status"], "firing");
    assert_eq!(alert["entity"], "i1");
    assert_eq!(alert["since"], "2026-03-30T09:00:00Z");
    let got = receiver.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].body["reason"], "firing");
}

#[tokio::test]
async fn exactly_one_stalled_event_across_repeated_runs_and_restarts() {
    let h = Harness::start().await;
    let settings = h.settings("a");
    h.start_initiative("contoso", "i1", t0()).await;
    for hour in [0, 0, 5, 10] {
        h.run_once(&settings, days(29) + TimeDelta::hours(hour))
            .await;
    }
    // A scheduler whose store was lost rebuilds it from the log and the alerts stream.
    let fresh = h.settings("fresh");
    h.run_once(&fresh, days(29) + TimeDelta::hours(12)).await;
    h.run_once(&settings, days(29) + TimeDelta::hours(13)).await;
    assert_eq!(count(&h.log_types(STALLED).await, "initiative.stalled"), 1);
    assert_eq!(
        h.alert_messages().await.len(),
        1,
        "one firing notification, no repeats"
    );
}

#[tokio::test]
async fn progress_unstalls_once_and_sends_a_resolved_notification() {
    let (h, receiver, settings) = Harness::with_hook(Format::Alertmanager).await;
    h.start_initiative("contoso", "i1", t0()).await;
    h.run_once(&settings, days(29)).await;
    h.progress("contoso", "i1", days(29) + TimeDelta::hours(2))
        .await;
    h.run_once(&settings, days(29) + TimeDelta::hours(3)).await;
    h.run_once(&settings, days(29) + TimeDelta::hours(4)).await;

    let types = h.log_types(STALLED).await;
    assert_eq!(count(&types, "initiative.stalled"), 1);
    assert_eq!(count(&types, "initiative.unstalled"), 1);
    let statuses: Vec<String> = (h.alert_messages().await.iter())
        .map(|m| m["status"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(statuses, ["firing", "resolved"]);
    let got = receiver.received();
    assert_eq!(got.len(), 2);
    assert_eq!(got[1].body["version"], "4");
    assert_eq!(got[1].body["status"], "resolved");
    assert_eq!(
        got[1].body["alerts"][0]["labels"]["alertname"],
        "InitiativeStalled"
    );
}

#[tokio::test]
async fn completed_or_cancelled_initiatives_never_stall() {
    let h = Harness::start().await;
    let settings = h.settings("a");
    h.start_initiative("contoso", "done", t0()).await;
    h.start_initiative("contoso", "dropped", t0()).await;
    for (event_type, id) in [
        ("initiative.completed", "done"),
        ("initiative.cancelled", "dropped"),
    ] {
        let data = serde_json::json!({ "initiative": id });
        h.emit("contoso", event_type, data, days(1)).await;
    }
    h.run_once(&settings, days(400)).await;
    assert_eq!(count(&h.log_types(STALLED).await, "initiative.stalled"), 0);
    assert!(h.alert_messages().await.is_empty());
}

#[tokio::test]
async fn a_silence_suppresses_notifications_and_its_expiry_lets_them_through() {
    let h = Harness::start().await;
    let settings = h.settings("a");
    h.start_initiative("contoso", "i1", t0()).await;
    let request = SilenceRequest {
        org: "contoso".into(),
        silence: Some("freeze".into()),
        matchers: SilenceMatchers {
            kind: Some("initiative_stalled".into()),
            ..Default::default()
        },
        owner: "coe-lead".into(),
        reason: "owner on leave".into(),
        expires_at: days(35),
    };
    commands::silence_add(&h.bus, request, days(20))
        .await
        .unwrap();
    h.run_once(&settings, days(29)).await;
    h.run_once(&settings, days(34)).await;
    assert_eq!(
        count(&h.log_types(STALLED).await, "initiative.stalled"),
        1,
        "the finding is still recorded"
    );
    assert!(
        h.alert_messages().await.is_empty(),
        "muted while the silence lasts"
    );
    let listed = commands::silence_list(&settings, &h.bus, Some("contoso"), days(34))
        .await
        .unwrap();
    assert!(listed[0].active && listed[0].silence.owner == "coe-lead");

    h.run_once(&settings, days(35)).await;
    let alert = h.only_alert().await;
    assert_eq!(alert["status"], "firing");
}

#[tokio::test]
async fn reminders_come_at_the_repeat_interval_and_not_before() {
    let h = Harness::start().await;
    let settings = h.settings("a");
    h.start_initiative("contoso", "i1", t0()).await;
    let first = days(29);
    h.run_once(&settings, first).await;
    h.run_once(&settings, first + TimeDelta::hours(23)).await;
    assert_eq!(h.alert_messages().await.len(), 1);
    h.run_once(&settings, first + TimeDelta::hours(24)).await;
    let alerts = h.alert_messages().await;
    assert_eq!(alerts.len(), 2);
    assert_eq!(alerts[1]["reason"], "reminder");
    h.run_once(&settings, first + TimeDelta::hours(30)).await;
    assert_eq!(h.alert_messages().await.len(), 2);
    let listed = commands::list_alerts(&settings, Some("contoso")).unwrap();
    assert_eq!((listed[0].status, listed[0].reminders), ("firing", 1));
}

#[tokio::test]
async fn two_schedulers_at_once_produce_one_set_of_events_and_notifications() {
    let h = Harness::start().await;
    let receiver = Receiver::start(&[OLD_SECRET]).await;
    let mut a = h.settings("a");
    let mut b = h.settings("b");
    for s in [&mut a, &mut b] {
        s.webhooks.push(receiver.hook(Format::Slack));
    }
    for i in 0..5 {
        h.start_initiative("contoso", &format!("i{i}"), t0()).await;
    }
    let (ra, rb) = tokio::join!(h.run_once(&a, days(29)), h.run_once(&b, days(29)));
    assert_eq!(
        ra.jobs
            .iter()
            .chain(&rb.jobs)
            .map(|j| j.appended)
            .sum::<u64>(),
        5
    );
    let later = days(29) + TimeDelta::hours(2);
    let (_, _) = tokio::join!(h.run_once(&a, later), h.run_once(&b, later));
    assert_eq!(count(&h.log_types(STALLED).await, "initiative.stalled"), 5);
    assert_eq!(
        h.alert_messages().await.len(),
        5,
        "five alerts, notified once"
    );
    assert_eq!(
        receiver.received().len(),
        1,
        "one grouped webhook for the org"
    );
}

#[tokio::test]
async fn an_overdue_key_result_is_reported_once() {
    let h = Harness::start().await;
    let settings = h.settings("a");
    let kr = serde_json::json!({"key_result": "kr1", "objective": "buy-in", "title": "Reviews", "unit": "reviews",
        "baseline": 0.0, "target": 4.0, "direction": "increase", "due": "2026-03-10"});
    h.emit("contoso", "key_result.defined", kr, t0()).await;
    h.run_once(&settings, days(8)).await;
    h.run_once(&settings, days(9)).await;
    h.run_once(&settings, days(9) + TimeDelta::hours(6)).await;
    let types = h.log_types("govtrack.events.contoso.key_result.>").await;
    assert_eq!(count(&types, "key_result.overdue"), 1);
    let alert = h.only_alert().await;
    assert_eq!(alert["kind"], "key_result_overdue");
}

#[tokio::test]
async fn the_weekly_digest_summarises_okrs_initiatives_and_open_alerts() {
    let h = Harness::start().await;
    let receiver = Receiver::start(&[OLD_SECRET]).await;
    let mut settings = h.settings_with_digest("a");
    settings.webhooks.push(receiver.hook(Format::Teams));
    h.emit(
        "contoso",
        "objective.defined",
        serde_json::json!({"objective": "buy-in", "title": "Buy-in",
        "period_start": "2026-01-01", "period_end": "2026-12-31"}),
        t0(),
    )
    .await;
    h.start_initiative("contoso", "i1", t0()).await;
    h.run_once(&settings, days(29)).await;
    let digests = h.digests().await;
    assert_eq!(digests.len(), 1);
    let d = &digests[0]["digest"];
    assert_eq!(d["objectives"][0]["objective"], "buy-in");
    assert_eq!(d["initiatives"]["active"], 1);
    assert_eq!(d["initiatives"]["stalled"], 1);
    assert_eq!(d["open_alerts"][0]["entity"], "i1");
    let kinds: Vec<String> = receiver
        .received()
        .iter()
        .map(|r| r.body["type"].to_string())
        .collect();
    assert_eq!(
        kinds,
        ["\"message\"", "\"message\""],
        "alert and digest as Teams cards"
    );
}

fn capability<'a>(digest: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    let list = digest["maturity"]["capabilities"].as_array().unwrap();
    list.iter()
        .find(|c| c["capability"] == id)
        .unwrap_or_else(|| panic!("no {id} in {digest}"))
}

#[tokio::test]
async fn the_weekly_digest_reports_maturity_levels_from_the_schedulers_own_projection() {
    let h = Harness::start().await;
    let mut settings = h.settings_with_digest("a");
    settings.models =
        govtrack_scheduler::Models::from_specs("2025", &["fabrikam=2021".into()]).unwrap();
    let informal = serde_json::json!({"sponsor": "cio", "name": "Ada Lovelace", "formal": false});
    h.emit("contoso", "sponsor.named", informal, t0()).await;
    let dlp = serde_json::json!({"policy": "default-env", "scope": "default"});
    h.emit("contoso", "dlp_policy.set", dlp, t0()).await;
    let kit = serde_json::json!({"module": "core"});
    h.emit("contoso", "coe_kit.deployed", kit, t0()).await;
    let target =
        serde_json::json!({"capability": "sponsorship", "level": 300, "due": "2026-09-30"});
    h.emit("contoso", "capability.target_set", target, t0())
        .await;
    // An organisation with maturity facts only, on its own model.
    let formal = serde_json::json!({"sponsor": "ceo", "name": "Grace Hopper", "formal": true});
    h.emit("fabrikam", "sponsor.named", formal, t0()).await;
    h.start_initiative("contoso", "i1", t0()).await;

    h.run_once(&settings, days(1)).await;
    let digests = h.digests().await;
    assert_eq!(digests.len(), 2, "{digests:?}");
    let contoso = &digests[0]["digest"];
    assert_eq!(contoso["org"], "contoso");
    assert_eq!(contoso["maturity"]["model"], "2025");
    let sponsorship = capability(contoso, "sponsorship");
    assert_eq!(sponsorship["level"], 200, "an active, informal sponsor");
    assert_eq!(sponsorship["target"]["level"], 300);
    assert_eq!(sponsorship["target"]["due"], "2026-09-30");
    assert_eq!(sponsorship["next"]["level"], 300);
    let missing = sponsorship["next"]["missing"].to_string();
    assert!(missing.contains("formally identified"), "{missing}");
    assert_eq!(
        capability(contoso, "governance")["level"],
        200,
        "core kit + default DLP"
    );
    assert_eq!(capability(contoso, "community")["level"], 100);
    assert_eq!(contoso["initiatives"]["active"], 1);

    let fabrikam = &digests[1]["digest"];
    assert_eq!(fabrikam["org"], "fabrikam");
    assert_eq!(fabrikam["maturity"]["model"], "2021");
    capability(fabrikam, "admin_governance");

    // A sponsor stepping down is seen by the next digest.
    let down = serde_json::json!({"sponsor": "cio"});
    h.emit("contoso", "sponsor.stepped_down", down, days(2))
        .await;
    h.run_once(&settings, days(8)).await;
    let digests = h.digests().await;
    let latest = digests
        .iter()
        .rfind(|d| d["digest"]["org"] == "contoso")
        .unwrap();
    assert_eq!(capability(&latest["digest"], "sponsorship")["level"], 100);
}

#[tokio::test]
async fn without_a_cadence_a_three_year_initiative_stalls_after_two_90_day_cadences_not_28_days() {
    let h = Harness::start().await;
    let settings = h.settings("a");
    for (id, horizon) in [("now-work", "now"), ("later-work", "three_years")] {
        let data = serde_json::json!({"initiative": id, "objective": "buy-in",
            "title": format!("Initiative {id}"), "owner": "coe-lead", "horizon": horizon});
        h.emit("contoso", "initiative.started", data, t0()).await;
    }
    h.run_once(&settings, days(29)).await;
    let stalled = h.log_types(STALLED).await;
    assert_eq!(
        count(&stalled, "initiative.stalled"),
        1,
        "only the 14-day one: {stalled:?}"
    );

    h.run_once(&settings, days(179)).await;
    assert_eq!(count(&h.log_types(STALLED).await, "initiative.stalled"), 1);
    h.run_once(&settings, days(181)).await;
    assert_eq!(
        count(&h.log_types(STALLED).await, "initiative.stalled"),
        2,
        "the three-year one after 2 x 90 days"
    );
}
