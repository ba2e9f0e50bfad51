//! Alerts on the read side over real HTTP: the scheduler's findings and silences on a
//! real nats-server, folded by the real projector into the read model, answered by
//! `GET /v1/orgs/{org}/alerts` and shown on the dashboard.

use crate::common;

use chrono::TimeDelta;
use common::*;
use govtrack_events::EventType as T;
use serde_json::{Value, json};

const TITLE: &str = "Set up a sponsor review cadence";

fn silence(
    id: &str,
    at_days_ago: i64,
    expires: chrono::DateTime<chrono::Utc>,
) -> govtrack_events::Event {
    example_event(
        &format!("silence-{id}"),
        "contoso",
        T::SilenceCreated,
        days_ago(at_days_ago),
        Some(json!({"silence": id, "expires_at": expires})),
    )
}

/// An initiative started 60 days ago and found stalled 10 days ago (with `stalled` as
/// the finding's data, else its example data).
fn started_and_stalled(stalled: Option<Value>) -> [govtrack_events::Event; 2] {
    [
        example_event("start", "contoso", T::InitiativeStarted, days_ago(60), None),
        example_event(
            "stalled",
            "contoso",
            T::InitiativeStalled,
            days_ago(10),
            stalled,
        ),
    ]
}

async fn alerts(h: &Harness) -> Vec<Value> {
    let (status, body) = h.get("/v1/orgs/contoso/alerts").await;
    assert_eq!(status, 200, "{body}");
    body["alerts"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_stalled_finding_opens_an_alert_that_silences_mute_and_unstalled_resolves() {
    let h = Harness::start().await;
    h.append(&started_and_stalled(Some(
        json!({"last_activity_at": days_ago(60)}),
    )))
    .await;
    let open = alerts(&h).await;
    assert_eq!(open.len(), 1, "{open:?}");
    assert_eq!(open[0]["kind"], "initiative_stalled");
    assert_eq!(open[0]["entity"], "sponsor-cadence");
    assert_eq!(open[0]["title"], TITLE);
    assert_eq!(open[0]["since"], json!(days_ago(10)));
    assert_eq!(open[0]["silenced"], false);
    let section = h.dashboard_section("contoso", "alerts").await;
    assert!(section.contains(TITLE), "{section}");
    assert!(
        section.contains("initiative_stalled, firing for 10 days"),
        "{section}"
    );

    // A silence that ran out an hour ago mutes nothing now; one running two more days does.
    h.append(&[
        silence("short", 2, now() - TimeDelta::hours(1)),
        silence("freeze", 1, now() + TimeDelta::days(2)),
    ])
    .await;
    let open = alerts(&h).await;
    assert_eq!(open[0]["silenced"], true, "{open:?}");
    assert_eq!(open[0]["silenced_by"], "freeze");
    assert_eq!(open[0]["silenced_until"], json!(now() + TimeDelta::days(2)));
    assert!(
        h.dashboard_section("contoso", "alerts")
            .await
            .contains("silenced by freeze")
    );

    // Lifted early: the short one is all that matches, and it has run out.
    h.append(&[example_event(
        "lift",
        "contoso",
        T::SilenceExpired,
        now() - TimeDelta::minutes(5),
        Some(json!({"silence": "freeze"})),
    )])
    .await;
    let open = alerts(&h).await;
    assert_eq!(open[0]["silenced"], false, "{open:?}");
    assert_eq!(open[0]["silenced_by"], "short");

    h.append(&[example_event(
        "unstalled",
        "contoso",
        T::InitiativeUnstalled,
        now() - TimeDelta::minutes(1),
        None,
    )])
    .await;
    assert_eq!(alerts(&h).await, Vec::<Value>::new());
    assert!(
        h.dashboard_section("contoso", "alerts")
            .await
            .contains("No open alerts.")
    );
    h.stop().await;
}

#[tokio::test]
async fn an_overdue_key_result_fires_until_a_measurement_reaches_its_target_and_a_rebuild_agrees() {
    let h = Harness::start().await;
    let mut events = vec![
        example_event(
            "objective",
            "contoso",
            T::ObjectiveDefined,
            days_ago(90),
            None,
        ),
        example_event("kr", "contoso", T::KeyResultDefined, days_ago(90), None),
    ];
    events.extend(started_and_stalled(None));
    events.push(example_event(
        "overdue",
        "contoso",
        T::KeyResultOverdue,
        days_ago(5),
        None,
    ));
    h.append(&events).await;
    let kinds = |list: Vec<Value>| list.iter().map(|a| a["kind"].clone()).collect::<Vec<_>>();
    assert_eq!(
        kinds(alerts(&h).await),
        [json!("initiative_stalled"), json!("key_result_overdue")]
    );
    let target = govtrack_events::example_data(T::KeyResultDefined)["target"].clone();
    h.append(&[example_event(
        "measured",
        "contoso",
        T::KeyResultMeasured,
        days_ago(1),
        Some(json!({"value": target})),
    )])
    .await;
    assert_eq!(kinds(alerts(&h).await), [json!("initiative_stalled")]);

    let before = alerts(&h).await;
    let settings = govtrack_projector::Settings::new(h.data.path());
    govtrack_projector::rebuild(&settings, &h.bus, Default::default())
        .await
        .unwrap();
    assert_eq!(alerts(&h).await, before);
    h.stop().await;
}

#[tokio::test]
async fn an_org_without_events_has_no_alerts_to_list() {
    let h = Harness::start().await;
    let (status, body) = h.get("/v1/orgs/nobody/alerts").await;
    assert_eq!(status, 404, "{body}");
    h.stop().await;
}
