//! Feeds on the read side over real HTTP: events with a `source`, an expectation and a
//! collector failure on a real nats-server, folded by the real projector into the read
//! model, answered by `GET /v1/orgs/{org}/sources` and shown on the dashboard.

use crate::common;

use chrono::{DateTime, TimeDelta, Utc};
use common::*;
use govtrack_events::Event;
use serde_json::{Value, json};

fn from(source: &str, id: &str, event_type: &str, data: Value, at: DateTime<Utc>) -> Event {
    event_from(source, id, "contoso", event_type, data, at)
}

#[tokio::test]
async fn every_source_has_its_last_seen_time_cadence_and_status_in_json_and_on_the_dashboard() {
    let h = Harness::start().await;
    let hack = json!({"name": "Spring hack", "participants": 40});
    h.append_received(
        &[
            from("hr-sync", "a", "hackathon.held", hack.clone(), days_ago(5)),
            from("govtrack-cli", "b", "source.expected", json!({"source": "hr-sync", "every_hours": 24}), days_ago(4)),
            from("github", "c", "hackathon.held", hack.clone(), now() - TimeDelta::hours(1)),
            from("inventory-sync", "d", "environment.created",
                json!({"environment": "env-1", "kind": "production", "managed": true}), days_ago(3)),
            from("govtrack-scheduler", "e", "source.failed",
                json!({"source": "inventory-sync", "error": "401 Unauthorized: check inventory.tenant_id"}), days_ago(1)),
            from("govtrack-scheduler", "s", "source.silent",
                json!({"source": "hr-sync", "last_seen_at": days_ago(5), "every_hours": 24}), days_ago(2)),
        ],
    )
    .await;

    // The scheduler's findings are open alerts in the read API too.
    let open_alerts = |body: Value| -> Vec<(String, String)> {
        let mut open: Vec<(String, String)> = body["alerts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["kind"].as_str().unwrap().to_owned(),
                    a["entity"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        open.sort();
        open
    };
    let (status, alerts) = h.get("/v1/orgs/contoso/alerts").await;
    assert_eq!(status, 200, "{alerts}");
    assert_eq!(
        open_alerts(alerts.clone()),
        [
            ("source_failed".to_owned(), "inventory-sync".to_owned()),
            ("source_silent".to_owned(), "hr-sync".to_owned())
        ],
        "{alerts}"
    );
    assert!(
        alerts
            .to_string()
            .contains("Feed \\\"hr-sync\\\" has sent nothing since"),
        "{alerts}"
    );

    let (status, body) = h.get("/v1/orgs/contoso/sources").await;
    assert_eq!(status, 200, "{body}");
    let by_name = |name: &str| -> Value {
        body["sources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name)
            .cloned()
            .unwrap()
    };
    let hr = by_name("hr-sync");
    assert_eq!(
        (hr["status"].as_str(), hr["every_hours"].as_u64()),
        (Some("silent"), Some(24))
    );
    assert_eq!(hr["last_seen_at"], json!(days_ago(5)));
    assert_eq!(by_name("github")["status"], "unwatched");
    let inv = by_name("inventory-sync");
    assert_eq!(inv["status"], "failed");
    assert!(
        inv["error"]
            .as_str()
            .unwrap()
            .contains("inventory.tenant_id")
    );

    let section = h.dashboard_section("contoso", "sources").await;
    assert!(
        section.contains(r#"<span class="badge st-off-track">silent</span>"#),
        "{section}"
    );
    assert!(
        section.contains("hr-sync") && section.contains("24 hours"),
        "{section}"
    );

    // The source speaks again: ok; a later collector event clears the failure.
    h.append_received(&[
        from(
            "hr-sync",
            "f",
            "hackathon.held",
            hack,
            now() - TimeDelta::hours(2),
        ),
        from(
            "inventory-sync",
            "g",
            "environment.deleted",
            json!({"environment": "env-1"}),
            now() - TimeDelta::hours(1),
        ),
        // A collector that failed and then recovered without appending a fact.
        from(
            "govtrack-scheduler",
            "h",
            "source.failed",
            json!({"source": "crm-sync", "error": "503"}),
            now() - TimeDelta::hours(3),
        ),
        from(
            "govtrack-scheduler",
            "i",
            "source.recovered",
            json!({"source": "crm-sync"}),
            now() - TimeDelta::hours(2),
        ),
    ])
    .await;
    let (_, body) = h.get("/v1/orgs/contoso/sources").await;
    let statuses: Vec<(&str, &str)> = body["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["name"].as_str().unwrap(), s["status"].as_str().unwrap()))
        .collect();
    assert!(statuses.contains(&("hr-sync", "ok")), "{statuses:?}");
    // hr-sync spoke after its silence finding: that alert is resolved. inventory-sync
    // has no source.recovered yet, so its failure alert stands; crm-sync's recovered.
    let (_, alerts) = h.get("/v1/orgs/contoso/alerts").await;
    assert_eq!(
        open_alerts(alerts.clone()),
        [("source_failed".to_owned(), "inventory-sync".to_owned())],
        "{alerts}"
    );
    let (_, body) = h.get("/v1/orgs/contoso/sources").await;
    assert!(
        body["sources"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["status"] != "failed"),
        "{body}"
    );
    assert!(
        statuses.contains(&("inventory-sync", "unwatched")),
        "{statuses:?}"
    );
    assert!(
        statuses.contains(&("crm-sync", "unwatched")),
        "recovered: {statuses:?}"
    );
}

#[tokio::test]
async fn sources_of_an_unknown_or_malformed_organisation_are_clear_errors() {
    let h = Harness::start().await;
    let (status, body) = h.get("/v1/orgs/nobody/sources").await;
    assert_eq!(status, 404, "{body}");
    assert_error_mentions(&body, "nobody");
    let (status, body) = h.get("/v1/orgs/Bad%20Org/sources").await;
    assert_eq!(status, 400, "{body}");
}
