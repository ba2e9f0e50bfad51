//! Webhooks end to end: deliveries in the senders' documented shapes (the fixtures of
//! `services/ingest/tests/fixtures/`) posted to a real ingest, projected by the real
//! projector, read back through the read API: an initiative's last activity moves,
//! it is completed only when every labelled item is closed, a redelivery adds
//! nothing, and a Dataverse row shows in the timeline as the mapped event.

use crate::common;

use std::path::Path;

use chrono::{DateTime, SecondsFormat, Utc};
use common::{Harness, days_ago, example_event};
use govtrack_api::types::InitiativeReport;
use govtrack_events::EventType as T;
use govtrack_ingest::{HooksConfig, Settings};
use govtrack_okr::InitiativeState;
use govtrack_runtime::CancellationToken;
use serde_json::{Value, json};

const SECRET: &str = "e2e-secret";

fn fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../services/ingest/tests/fixtures")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn at(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn sign(body: &[u8]) -> String {
    use hmac::Mac;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

struct Ingest {
    url: String,
    http: reqwest::Client,
    shutdown: CancellationToken,
}

impl Ingest {
    async fn start(h: &Harness) -> Ingest {
        let mut settings = Settings::local(&h.nats.url(), &h.data.path().join("ingest"));
        settings.http_addr = "127.0.0.1:0".parse().unwrap();
        let hooks = h.data.path().join("hooks.toml");
        let file = "[[dataverse.mapping]]\ntable = \"cr5d_coetraining\"\nmessage = \"Create\"\n\
                    type = \"training.held\"\n[dataverse.mapping.fields]\nkind = \"cr5d_kind\"\n\
                    attendees = \"cr5d_attendees\"\n";
        std::fs::write(&hooks, file).unwrap();
        settings.hooks = HooksConfig::load(Some(&hooks), Some(SECRET.to_owned())).unwrap();
        let app = govtrack_ingest::build(settings).await.unwrap();
        let url = format!("http://{}", app.local_addr());
        let shutdown = CancellationToken::new();
        tokio::spawn(app.run(shutdown.clone()));
        Ingest {
            url,
            http: govtrack_runtime::http_client(),
            shutdown,
        }
    }

    /// Posts a delivery; the status and the highest sequence it names.
    async fn post(&self, path: &str, headers: &[(&str, String)], payload: &Value) -> (u16, Value) {
        let mut request = self
            .http
            .post(format!("{}{path}", self.url))
            .body(serde_json::to_vec(payload).unwrap());
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        let response = request.send().await.unwrap();
        (response.status().as_u16(), response.json().await.unwrap())
    }

    async fn github(&self, event: &str, delivery: &str, payload: &Value) -> Value {
        let body = serde_json::to_vec(payload).unwrap();
        let headers = [
            ("x-github-event", event.to_owned()),
            ("x-github-delivery", delivery.to_owned()),
            ("x-hub-signature-256", sign(&body)),
        ];
        let (status, answer) = self
            .post("/v1/hooks/github/contoso", &headers, payload)
            .await;
        assert_eq!(status, 200, "{answer}");
        answer
    }

    async fn ado(&self, payload: &Value) -> Value {
        let (status, answer) = self
            .post("/v1/hooks/azure-devops/contoso", &[], payload)
            .await;
        assert_eq!(status, 200, "{answer}");
        answer
    }
}

fn last_sequence(answer: &Value) -> u64 {
    answer["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["sequence"].as_u64())
        .max()
        .unwrap()
}

async fn initiative(h: &Harness, id: &str) -> InitiativeReport {
    let list = h.client.initiatives("contoso", None).await.unwrap();
    list.initiatives
        .into_iter()
        .find(|i| i.initiative == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

/// The GitHub issue fixture as issue `number` of the onboarding initiative, updated at `when`.
fn issue(name: &str, number: u64, when: DateTime<Utc>) -> Value {
    let mut payload = fixture(name);
    payload["issue"]["number"] = json!(number);
    payload["issue"]["updated_at"] = json!(at(when));
    payload
}

/// The stack, with `initiative` started `days` ago.
async fn start_with_initiative(initiative: &str, days: i64) -> (Harness, Ingest) {
    let h = Harness::start().await;
    let ingest = Ingest::start(&h).await;
    let data = json!({ "initiative": initiative });
    let started = example_event(
        &format!("start-{initiative}"),
        "contoso",
        T::InitiativeStarted,
        days_ago(days),
        Some(data),
    );
    h.append(&[started]).await;
    (h, ingest)
}

/// Waits until the read model has a delivery's events, then reads the initiative.
async fn after(h: &Harness, answer: &Value, id: &str) -> InitiativeReport {
    h.wait_for(last_sequence(answer)).await;
    initiative(h, id).await
}

#[tokio::test]
async fn github_issues_move_the_initiative_and_complete_it_only_when_every_issue_is_closed() {
    let (h, ingest) = start_with_initiative("maker-onboarding", 30).await;
    assert_eq!(
        initiative(&h, "maker-onboarding").await.last_activity_at,
        days_ago(30)
    );

    // A comment on one labelled issue: activity.
    let comment = issue("github-issue-comment.json", 13, days_ago(10));
    let answer = ingest.github("issue_comment", "e2e-1", &comment).await;
    let report = after(&h, &answer, "maker-onboarding").await;
    assert_eq!(report.last_activity_at, days_ago(10));
    assert_eq!(report.state, InitiativeState::Active);

    // The other labelled issue is closed as completed: one of two, not completed.
    let closed = issue("github-issues-closed.json", 12, days_ago(5));
    let answer = ingest.github("issues", "e2e-2", &closed).await;
    let report = after(&h, &answer, "maker-onboarding").await;
    assert_eq!(report.last_activity_at, days_ago(5));
    assert_eq!(report.state, InitiativeState::Active, "{report:?}");
    assert_eq!(report.percent, Some(50));

    // The last one closes: now the initiative is completed.
    let last = issue("github-issues-closed.json", 13, days_ago(2));
    let answer = ingest.github("issues", "e2e-3", &last).await;
    let report = after(&h, &answer, "maker-onboarding").await;
    assert_eq!(report.state, InitiativeState::Completed, "{report:?}");
    assert_eq!(report.last_activity_at, days_ago(2));

    // GitHub redelivers the last one: the timeline gains nothing.
    let timeline = async || h.client.events("contoso", 0, 100).await.unwrap().events;
    let before = timeline().await.len();
    let again = ingest.github("issues", "e2e-3", &last).await;
    assert_eq!(again["results"][0]["duplicate"], true);
    assert_eq!(before, timeline().await.len());
    ingest.shutdown.cancel();
}

#[tokio::test]
async fn an_ado_work_item_moves_its_initiative_and_a_dataverse_row_lands_in_the_timeline() {
    let (h, ingest) = start_with_initiative("dlp-rollout", 40).await;

    // Work item 205 is still active when work item 204 (the fixture) reaches Done.
    let mut created = fixture("ado-workitem-updated.json");
    created["eventType"] = json!("workitem.created");
    created["notificationId"] = json!(3);
    created["createdDate"] = json!(at(days_ago(9)));
    let mut item = created["resource"]["revision"].clone();
    item["id"] = json!(205);
    item["rev"] = json!(1);
    item["fields"]["System.State"] = json!("Active");
    created["resource"] = item;
    let answer = ingest.ado(&created).await;
    h.wait_for(last_sequence(&answer)).await;
    assert_eq!(
        initiative(&h, "dlp-rollout").await.last_activity_at,
        days_ago(9)
    );

    let mut done = fixture("ado-workitem-updated.json");
    done["createdDate"] = json!(at(days_ago(3)));
    let answer = ingest.ado(&done).await;
    let report = after(&h, &answer, "dlp-rollout").await;
    assert_eq!(report.last_activity_at, days_ago(3));
    assert_eq!(
        report.state,
        InitiativeState::Active,
        "one of two work items is open"
    );
    assert!(
        report
            .note
            .as_deref()
            .unwrap_or("")
            .contains("1 of 2 items closed"),
        "{report:?}"
    );

    // A Dataverse row of the mapped table becomes training.held.
    let mut context = fixture("dataverse-create.json");
    context["OperationCreatedOn"] = json!(format!("/Date({})/", days_ago(1).timestamp_millis()));
    let (status, answer) = ingest
        .post("/v1/hooks/dataverse/contoso", &[], &context)
        .await;
    assert_eq!(status, 200, "{answer}");
    h.wait_for(last_sequence(&answer)).await;
    let timeline = h.client.events("contoso", 0, 100).await.unwrap();
    let training = timeline
        .events
        .iter()
        .find(|e| e.id.starts_with("dataverse:"))
        .expect("the row's event");
    let shown = serde_json::to_value(training).unwrap();
    assert_eq!(shown["type"], "training.held", "{shown}");
    ingest.shutdown.cancel();
}
