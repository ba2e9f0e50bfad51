//! The read API over real HTTP, fed by the real projector from a real nats-server.

use crate::common;

use async_nats::jetstream::message::PublishMessage;
use chrono::Utc;
use common::*;
use govtrack_bus::subjects::event_subject;
use govtrack_events::{EventType as T, StoredEvent};
use govtrack_okr::{CheckIn, KrStatus};
use serde_json::json;
use tokio_util::sync::CancellationToken;

fn sponsorship(
    report: &govtrack_api::types::MaturityReport,
) -> &govtrack_api::types::CapabilityLevel {
    report
        .capabilities
        .iter()
        .find(|c| c.id == "sponsorship")
        .unwrap()
}

/// The level of contoso's sponsorship `days` before the api's now.
async fn sponsorship_level(h: &Harness, days: i64) -> u16 {
    let report = h.client.maturity("contoso", Some(days_ago(days))).await;
    sponsorship(&report.unwrap()).level
}

/// The harness with one event of contoso applied, so that the organisation exists.
async fn with_contoso() -> Harness {
    let h = Harness::start().await;
    h.append(&[contoso_event("x1", T::VisionPublished, 1, None)])
        .await;
    h
}

#[tokio::test]
async fn events_on_the_log_appear_in_maturity_okrs_initiatives_and_the_timeline() {
    let h = Harness::start().await;
    h.append(&[
        contoso_event("s1", T::SponsorNamed, 60, None),
        contoso_event("s2", T::SponsorReviewHeld, 20, None),
        contoso_event(
            "o1",
            T::ObjectiveDefined,
            59,
            Some(json!({"period_start": "2026-01-01"})),
        ),
        contoso_event("k1", T::KeyResultDefined, 59, None),
        contoso_event("m1", T::KeyResultMeasured, 5, Some(json!({"value": 3.0}))),
        contoso_event("i1", T::InitiativeStarted, 50, None),
    ])
    .await;

    let report = h.client.maturity("contoso", None).await.unwrap();
    assert_eq!(
        (report.org.as_str(), report.model.as_str(), report.as_of),
        ("contoso", "2025", now())
    );
    let sponsor = sponsorship(&report);
    assert_eq!(sponsor.level, 400, "{sponsor:?}");
    assert_eq!(sponsor.since, Some(days_ago(20)));
    let next = sponsor.next.as_ref().unwrap();
    assert_eq!(next.level, 500);
    assert!(
        next.missing.iter().any(|m| m.contains("hackathon")),
        "{next:?}"
    );

    let okrs = h.client.okrs("contoso").await.unwrap();
    let objective = &okrs.objectives[0];
    let kr = &objective.key_results[0];
    assert_eq!((kr.current, kr.progress), (Some(3.0), Some(0.75)));
    assert_eq!(objective.progress, 0.75);
    assert_ne!(kr.status, KrStatus::NotStarted);
    assert_eq!(objective.initiatives[0].initiative, "sponsor-cadence");
    // The measurement of its key result 5 days ago is the initiative's last activity.
    let initiative = &h
        .client
        .initiatives("contoso", None)
        .await
        .unwrap()
        .initiatives[0];
    assert_eq!(
        (initiative.last_activity_at, initiative.checkin),
        (days_ago(5), CheckIn::Fresh)
    );

    let orgs = h.client.orgs().await.unwrap();
    assert_eq!(orgs.orgs.len(), 1);
    assert_eq!(orgs.orgs[0].events, 6);
    let page = h.client.events("contoso", 0, 100).await.unwrap();
    let ids: Vec<&str> = page.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["s1", "s2", "o1", "k1", "m1", "i1"]);
    assert_eq!(page.events[0].data["name"], "Ada Lovelace");
    h.stop().await;
}

#[tokio::test]
async fn cached_answers_follow_the_log_and_ask_time_for_each_instant() {
    let h = Harness::start().await;
    h.append(&[
        contoso_event("c1", T::SponsorNamed, 60, None),
        contoso_event("c0", T::ObjectiveDefined, 59, None),
        contoso_event("c2", T::KeyResultDefined, 59, None),
        contoso_event("c2b", T::KeyResultMeasured, 30, Some(json!({"value": 0.5}))),
    ])
    .await;
    // Asked twice: the second answer comes from the cached timeline and rows.
    for _ in 0..2 {
        let report = h.client.maturity("contoso", None).await.unwrap();
        assert_eq!(sponsorship(&report).level, 300, "{report:?}");
        let okrs = h.client.okrs("contoso").await.unwrap();
        assert_eq!(
            okrs.objectives[0].key_results[0].current,
            Some(0.5),
            "{okrs:?}"
        );
    }
    // A new event of the organisation: the next answers include it.
    h.append(&[
        contoso_event("c3", T::SponsorReviewHeld, 1, None),
        contoso_event("c4", T::KeyResultMeasured, 1, Some(json!({"value": 2.0}))),
        // Sent later but measured earlier: not the current value.
        contoso_event("c5", T::KeyResultMeasured, 3, Some(json!({"value": 1.0}))),
    ])
    .await;
    let report = h.client.maturity("contoso", None).await.unwrap();
    assert_eq!(sponsorship(&report).level, 400, "{report:?}");
    assert_eq!(sponsorship(&report).since, Some(days_ago(1)));
    let rows = h.client.okrs("contoso").await.unwrap();
    let measured: Vec<Option<f64>> = (rows.objectives.iter())
        .flat_map(|o| o.key_results.iter().map(|k| k.current))
        .collect();
    assert_eq!(measured, [Some(2.0)], "{rows:?}");
    // Earlier instants from the same cached timeline still answer as they were.
    assert_eq!(sponsorship_level(&h, 2).await, 300);
    assert_eq!(sponsorship_level(&h, 61).await, 100);
    // A back-dated event (earlier than the latest one): the timeline is built afresh.
    h.append(&[contoso_event("c6", T::SponsorSteppedDown, 2, None)])
        .await;
    let report = h.client.maturity("contoso", None).await.unwrap();
    assert_eq!(sponsorship(&report).level, 100, "{report:?}");
    assert_eq!(sponsorship(&report).since, Some(days_ago(2)));
    h.stop().await;
}

#[tokio::test]
async fn the_same_events_sent_twice_are_counted_once() {
    let h = Harness::start().await;
    let events = [
        contoso_event("d1", T::KeyResultDefined, 30, None),
        contoso_event("d2", T::KeyResultMeasured, 3, Some(json!({"value": 1.0}))),
        contoso_event("d3", T::HackathonHeld, 3, None),
    ];
    h.append(&events).await;
    h.append(&events).await;
    // The same id stored again by NATS (another message id): still applied once.
    let body = StoredEvent::from_event(&events[2], Utc::now()).to_bytes();
    let raw = PublishMessage::build()
        .payload(body.into())
        .message_id("not-the-event-id");
    let ack = h
        .bus
        .jetstream()
        .send_publish(event_subject(&events[2]), raw)
        .await
        .unwrap()
        .await
        .unwrap();
    h.wait_for(ack.sequence).await;

    let page = h.client.events("contoso", 0, 100).await.unwrap();
    assert_eq!(page.events.len(), 3);
    assert_eq!(h.client.orgs().await.unwrap().orgs[0].events, 3);
    h.stop().await;
}

#[tokio::test]
async fn an_unknown_org_is_a_404_with_a_message() {
    let h = with_contoso().await;
    for path in [
        "maturity",
        "maturity/history",
        "okrs",
        "initiatives",
        "events",
    ] {
        let (status, body) = h.get(&format!("/v1/orgs/nobody/{path}")).await;
        assert_eq!(status, 404, "{path}");
        assert_error_mentions(&body, "\"nobody\"");
    }
    let (status, body) = h.get("/v1/orgs/Not_An_Org/maturity").await;
    assert_eq!(status, 400);
    assert_error_mentions(&body, "[a-z0-9]");
    h.stop().await;
}

#[tokio::test]
async fn bad_parameters_are_400s_that_say_what_is_expected() {
    let h = with_contoso().await;
    let (status, body) = h.get("/v1/orgs/contoso/maturity?as_of=yesterday").await;
    assert_eq!(status, 400);
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("as_of") && message.contains("RFC 3339") && message.contains("2026-03-01"),
        "{message}"
    );
    let (status, body) = h.get("/v1/orgs/contoso/initiatives?status=sleeping").await;
    assert_eq!(status, 400);
    assert_error_mentions(&body, "stalled");
    let (status, body) = h.get("/v1/orgs/contoso/events?limit=5000").await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "bad_request", "{body}");
    let (status, body) = h.get("/v1/orgs/contoso/events?limit=many").await;
    assert_eq!(
        status, 400,
        "axum's query rejection, in the same JSON shape"
    );
    assert_eq!(body["error"]["code"], "bad_request", "{body}");
    assert_error_mentions(&body, "limit");
    let (status, body) = h.get("/v2/nothing").await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found", "{body}");
    assert_error_mentions(&body, "/v2/nothing");
    h.stop().await;
}

#[tokio::test]
async fn maturity_as_of_a_past_date_and_its_history() {
    let h = Harness::start().await;
    h.append(&[
        contoso_event("s1", T::SponsorNamed, 60, Some(json!({"formal": false}))),
        contoso_event("s2", T::SponsorNamed, 30, Some(json!({"formal": true}))),
        contoso_event("s3", T::SponsorSteppedDown, 10, None),
    ])
    .await;
    for (days, level) in [(90, 100), (45, 200), (20, 300), (0, 100)] {
        assert_eq!(sponsorship_level(&h, days).await, level, "{days} days ago");
    }
    let (status, body) = h.get("/v1/orgs/contoso/maturity?as_of=2026-01-15").await;
    assert_eq!(
        (status, body["as_of"].as_str()),
        (200, Some("2026-01-15T23:59:59.999Z"))
    );

    let history = h.client.maturity_history("contoso").await.unwrap();
    let sponsor: Vec<(u16, u16)> = history
        .changes
        .iter()
        .filter(|c| c.capability == "sponsorship")
        .map(|c| (c.from, c.to))
        .collect();
    assert_eq!(sponsor, [(100, 200), (200, 300), (300, 100)]);
    let last = history
        .changes
        .iter()
        .rfind(|c| c.capability == "sponsorship")
        .unwrap();
    assert_eq!(last.at, days_ago(10));
    assert!(
        last.cause.contains("sponsor.stepped_down"),
        "{}",
        last.cause
    );
    h.stop().await;
}

#[tokio::test]
async fn initiatives_are_filtered_by_status() {
    let h = Harness::start().await;
    let started = |id: &str, days| {
        contoso_event(
            &format!("start-{id}"),
            T::InitiativeStarted,
            days,
            Some(json!({"initiative": id, "key_results": [], "checkin_days": 14})),
        )
    };
    h.append(&[
        started("quiet", 40),
        started("busy", 40),
        contoso_event(
            "p1",
            T::InitiativeProgressed,
            2,
            Some(json!({"initiative": "busy"})),
        ),
        started("late", 20),
        started("done", 40),
        contoso_event(
            "c1",
            T::InitiativeCompleted,
            39,
            Some(json!({"initiative": "done"})),
        ),
    ])
    .await;
    let ids = |list: govtrack_api::types::InitiativeList| {
        list.initiatives
            .into_iter()
            .map(|i| i.initiative)
            .collect::<Vec<_>>()
    };
    let listed = async |status| ids(h.client.initiatives("contoso", status).await.unwrap());
    for (status, expected) in [
        ("stalled", &["quiet"][..]),
        ("due_for_check_in", &["late"]),
        ("completed", &["done"]),
        ("open", &["busy", "late", "quiet"]),
    ] {
        assert_eq!(listed(Some(status)).await, expected, "{status}");
    }
    assert_eq!(listed(None).await.len(), 4);
    h.stop().await;
}

#[tokio::test]
async fn the_timeline_is_paged_by_sequence() {
    let h = Harness::start().await;
    let events: Vec<_> = (0..25)
        .map(|n| contoso_event(&format!("t{n}"), T::TrainingHeld, 30 - n, None))
        .collect();
    h.append(&events).await;
    let mut seen = Vec::new();
    let mut after = 0;
    loop {
        let page = h.client.events("contoso", after, 10).await.unwrap();
        seen.extend(page.events.iter().map(|e| e.id.clone()));
        match page.next_after {
            Some(next) => after = next,
            None => break,
        }
    }
    let expected: Vec<String> = (0..25).map(|n| format!("t{n}")).collect();
    assert_eq!(seen, expected);
    h.stop().await;
}

#[tokio::test]
async fn openapi_health_readiness_and_metrics_answer() {
    let h = with_contoso().await;
    let (status, doc) = h.get("/openapi.json").await;
    assert_eq!(status, 200);
    for path in [
        "/v1/orgs",
        "/v1/orgs/{org}/maturity",
        "/v1/orgs/{org}/maturity/history",
        "/v1/orgs/{org}/okrs",
        "/v1/orgs/{org}/initiatives",
        "/v1/orgs/{org}/events",
        "/healthz",
        "/readyz",
        "/metrics",
        "/openapi.json",
        "/v1/models",
        "/v1/models/{id}",
    ] {
        assert!(
            doc["paths"][path]["get"].is_object(),
            "{path} is not described"
        );
    }
    assert_eq!(h.get("/healthz").await.0, 200);
    assert_eq!(h.get("/readyz").await.0, 200);
    h.client.maturity("contoso", None).await.unwrap();
    let (status, metrics) = h.get("/metrics").await;
    assert_eq!(status, 200);
    let text = metrics.as_str().unwrap();
    assert!(
        text.contains(
            "govtrack_api_requests_total{route=\"/v1/orgs/{org}/maturity\",status=\"200\"} 1"
        ),
        "{text}"
    );
    h.stop().await;
}

#[tokio::test]
async fn without_a_read_model_the_api_is_not_ready_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let shutdown = tokio_util::sync::CancellationToken::new();
    let base = start_api(dir.path(), shutdown.clone()).await;
    let http = govtrack_runtime::http_client();
    let (status, text) = govtrack_testkit::get(&http, format!("{base}/readyz")).await;
    assert_eq!(status, 503);
    assert!(text.contains("projector"));
    let (status, _) = govtrack_testkit::get(&http, format!("{base}/healthz")).await;
    assert_eq!(status, 200);
    shutdown.cancel();
}

#[tokio::test]
async fn warm_up_fills_the_caches_of_the_active_orgs_and_waits_for_a_read_model() {
    let h = Harness::start().await;
    let mut settings = govtrack_api::Settings::new(h.data.path().join("elsewhere"));
    settings.http_addr = "127.0.0.1:0".parse().unwrap();
    let empty = govtrack_api::AppState::new(&settings);
    assert!(
        govtrack_api::warm_up(&empty, &CancellationToken::new()).is_err(),
        "no read model yet: nothing to warm"
    );
    h.append(&[
        contoso_event("w1", T::SponsorNamed, 10, None),
        example_event("w2", "fabrikam", T::SponsorNamed, days_ago(5), None),
    ])
    .await;
    let state = govtrack_api::AppState::new(&govtrack_api::Settings::new(h.data.path()))
        .with_clock(std::sync::Arc::new(now));
    assert_eq!(
        govtrack_api::warm_up(&state, &CancellationToken::new()).unwrap(),
        2
    );
    let stopped = CancellationToken::new();
    stopped.cancel();
    assert_eq!(govtrack_api::warm_up(&state, &stopped).unwrap(), 0);
    h.stop().await;
}

#[tokio::test]
async fn a_key_result_without_a_target_reads_target_not_set_until_one_is_set() {
    let h = Harness::start().await;
    let stakeholders = json!({"period_start": "2026-01-01", "goal": "get_leadership_buy_in",
        "stakeholders": ["it_leadership", "hr"]});
    let blank = json!({"key_result": "use-cases", "objective": "buy-in", "title": "___ use cases",
        "unit": "use cases", "baseline": 0.0, "direction": "increase", "due": "2026-12-31",
        "target": null});
    h.append(&[
        contoso_event("o1", T::ObjectiveDefined, 59, Some(stakeholders)),
        contoso_event("k1", T::KeyResultDefined, 59, Some(blank)),
    ])
    .await;
    let okrs = h.client.okrs("contoso").await.unwrap();
    let objective = &okrs.objectives[0];
    assert_eq!(objective.goal.as_deref(), Some("get_leadership_buy_in"));
    assert_eq!(
        objective.goal_title.as_deref(),
        Some("Get leadership buy-in and organization alignment")
    );
    assert_eq!(objective.stakeholders, ["it_leadership", "hr"]);
    let kr = &objective.key_results[0];
    assert_eq!((kr.target, kr.progress), (None, None));
    assert_eq!(kr.status, KrStatus::TargetNotSet);

    let set = json!({"key_result": "use-cases", "target": 8.0});
    let measured = json!({"key_result": "use-cases", "value": 2.0});
    h.append(&[
        contoso_event("t1", T::KeyResultTargetSet, 10, Some(set)),
        contoso_event("m1", T::KeyResultMeasured, 5, Some(measured)),
    ])
    .await;
    let okrs = h.client.okrs("contoso").await.unwrap();
    let kr = &okrs.objectives[0].key_results[0];
    assert_eq!((kr.target, kr.progress), (Some(8.0), Some(0.25)));
    assert_ne!(kr.status, KrStatus::TargetNotSet);
}

#[tokio::test]
async fn the_models_are_served_with_words_how_and_source() {
    let h = Harness::start().await;
    let (status, list) = h.get("/v1/models").await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list["models"][0]["id"], "2025");
    assert_eq!(list["models"][0]["default"], true);
    assert!(
        list["models"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["id"] == "2021")
    );

    let (status, model) = h.get("/v1/models/2025").await;
    assert_eq!(status, 200, "{model}");
    let sponsorship = model["capabilities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "sponsorship")
        .unwrap();
    let efficient = &sponsorship["levels"][4];
    assert_eq!(
        (efficient["level"].as_u64(), efficient["name"].as_str()),
        (Some(500), Some("Efficient"))
    );
    let group = &efficient["requirements"][0];
    assert_eq!(group["kind"], "any");
    assert!(group["any"].as_array().unwrap().len() >= 2, "{group}");
    assert!(
        group["source"]
            .as_str()
            .unwrap()
            .starts_with("seeds/004 level 500")
    );
    assert!(
        group["any"][0]["how"]
            .as_str()
            .unwrap()
            .starts_with("govtrack emit")
    );

    let (status, missing) = h.get("/v1/models/1999").await;
    assert_eq!(status, 404);
    assert!(missing.to_string().contains("2021"), "{missing}");
    h.stop().await;
}
