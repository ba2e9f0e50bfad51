//! Webhook deliveries over real HTTP to a real ingest on a real nats-server, built from
//! the senders' documented payload shapes (`tests/fixtures/`), checked on the stream.

use crate::common;

use base64::Engine;
use common::{
    Running, assert_problems_mention, fixture, github_signature, start_with, tokens_file, types,
};
use govtrack_ingest::{HooksConfig, Settings};
use govtrack_testkit::{TestNats, assert_error_mentions};
use serde_json::{Value, json};

const SECRET: &str = "gh-webhook-s3cret";
const TOKEN: &str = "hooks-token";

const HOOKS_FILE: &str = r#"
[dataverse]
source = "dataverse-coe"

[[dataverse.mapping]]
table = "cr5d_coetraining"
message = "Create"
type = "training.held"
[dataverse.mapping.fields]
kind = "cr5d_kind"
attendees = "cr5d_attendees"

[[dataverse.mapping]]
table = "cr5d_hackathon"
message = "Create"
type = "hackathon.held"
[dataverse.mapping.fields]
name = "cr5d_name"
participants = "cr5d_participants"
"#;

async fn start() -> Running {
    start_on(TestNats::start()).await
}

/// Ingest with its state under `nats`'s folder (the same after a restart).
async fn start_on(nats: TestNats) -> Running {
    let mut settings = Settings::local(&nats.url(), &nats.dir().join("ingest"));
    let hooks = nats.dir().join("hooks.toml");
    std::fs::write(&hooks, HOOKS_FILE).unwrap();
    settings.hooks = HooksConfig::load(Some(&hooks), Some(SECRET.to_owned())).unwrap();
    settings.tokens_file = Some(tokens_file(nats.dir(), TOKEN));
    start_with(nats, settings).await
}

fn basic() -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("azure-devops:{TOKEN}"));
    format!("Basic {encoded}")
}

async fn github(svc: &Running, event: &str, delivery: &str, payload: &Value) -> (u16, Value) {
    let body = serde_json::to_vec(payload).unwrap();
    let headers = [
        ("content-type", "application/json".to_owned()),
        ("x-github-event", event.to_owned()),
        ("x-github-delivery", delivery.to_owned()),
        ("x-hub-signature-256", github_signature(SECRET, &body)),
        ("user-agent", "GitHub-Hookshot/7a1b2c3".to_owned()),
    ];
    svc.post_to("/v1/hooks/github/contoso", &headers, body)
        .await
}

async fn ado(svc: &Running, payload: &Value) -> (u16, Value) {
    let headers = [
        ("content-type", "application/json; charset=utf-8".to_owned()),
        ("authorization", basic()),
    ];
    svc.post_to(
        "/v1/hooks/azure-devops/contoso",
        &headers,
        serde_json::to_vec(payload).unwrap(),
    )
    .await
}

async fn dataverse(svc: &Running, payload: &Value) -> (u16, Value) {
    let headers = [
        ("content-type", "application/json".to_owned()),
        ("authorization", format!("Bearer {TOKEN}")),
    ];
    svc.post_to(
        "/v1/hooks/dataverse/contoso",
        &headers,
        serde_json::to_vec(payload).unwrap(),
    )
    .await
}

/// The closed-issue fixture as issue `number`, titled `title`.
/// (Closed a day after the fixture's other deliveries.)
fn closed_issue(number: u64, title: &str) -> Value {
    let mut payload = fixture("github-issues-closed.json");
    payload["issue"]["number"] = json!(number);
    payload["issue"]["title"] = json!(title);
    payload["issue"]["updated_at"] = json!("2026-03-05T09:00:00Z");
    payload["issue"]["closed_at"] = json!("2026-03-05T09:00:00Z");
    payload
}

#[tokio::test]
async fn github_issues_complete_the_initiative_only_when_every_labelled_issue_is_closed() {
    let svc = start().await;

    let (status, answer) = github(
        &svc,
        "issue_comment",
        "d-1",
        &fixture("github-issue-comment.json"),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    let (status, answer) = github(
        &svc,
        "issues",
        "d-2",
        &closed_issue(12, "Run the first maker onboarding session"),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    let events = svc.stream_events().await;
    assert_eq!(
        types(&events),
        ["initiative.progressed", "initiative.progressed"]
    );
    let comment = &events[0];
    assert_eq!(comment.data["initiative"], "maker-onboarding");
    let note = comment.data["note"].as_str().unwrap();
    assert!(
        note.contains("contoso/coe-backlog#13") && note.contains("commented: First draft"),
        "{note}"
    );
    assert_eq!(comment.source.as_deref(), Some("github"));
    assert_eq!(
        comment.recorded_by,
        Some(govtrack_events::RecordedBy::hook("github")),
        "a webhook's events are recorded by its sender"
    );
    assert_eq!(comment.id, "github:d-1:maker-onboarding");
    let closed = events[1].data["note"].as_str().unwrap();
    assert!(closed.contains("1 of 2 items closed"), "{closed}");

    let (status, answer) = github(
        &svc,
        "issues",
        "d-3",
        &closed_issue(13, "Write the welcome email for new makers"),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    let events = svc.stream_events().await;
    let last = events.last().unwrap();
    assert_eq!(last.event_type, "initiative.completed", "{:?}", last.data);
    assert!(
        last.data["note"]
            .as_str()
            .unwrap()
            .contains("all 2 items closed")
    );

    // GitHub redelivers with the same X-GitHub-Delivery: nothing more is appended, and
    // the answer names the original sequence.
    let (status, again) = github(
        &svc,
        "issues",
        "d-3",
        &closed_issue(13, "Write the welcome email for new makers"),
    )
    .await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["results"][0]["duplicate"], true);
    assert_eq!(
        again["results"][0]["sequence"],
        answer["results"][0]["sequence"]
    );
    assert_eq!(svc.stream_events().await.len(), 3);
}

#[tokio::test]
async fn a_missing_or_wrong_github_signature_gets_401_and_appends_nothing() {
    let svc = start().await;
    let body = serde_json::to_vec(&fixture("github-issue-comment.json")).unwrap();
    let unsigned = [
        ("x-github-event", "issue_comment".to_owned()),
        ("x-github-delivery", "d-9".to_owned()),
    ];
    let (status, answer) = svc
        .post_to("/v1/hooks/github/contoso", &unsigned, body.clone())
        .await;
    assert_eq!(status, 401, "{answer}");
    assert_error_mentions(&answer, "X-Hub-Signature-256");
    let mut wrong = unsigned.to_vec();
    wrong.push((
        "x-hub-signature-256",
        github_signature("not-the-secret", &body),
    ));
    let (status, _) = svc
        .post_to("/v1/hooks/github/contoso", &wrong, body.clone())
        .await;
    assert_eq!(status, 401);
    // A signature over another body does not carry over.
    let mut tampered = unsigned.to_vec();
    tampered.push(("x-hub-signature-256", github_signature(SECRET, b"{}")));
    let (status, _) = svc
        .post_to("/v1/hooks/github/contoso", &tampered, body)
        .await;
    assert_eq!(status, 401);
    assert_eq!(svc.stream_messages().await, 0);
}

#[tokio::test]
async fn an_unlabelled_issue_or_a_ping_gets_202_with_the_reason_and_is_counted() {
    let svc = start().await;
    let mut payload = fixture("github-issue-comment.json");
    payload["issue"]["labels"] = json!([{"name": "bug"}]);
    let (status, answer) = github(&svc, "issue_comment", "d-4", &payload).await;
    assert_eq!(status, 202, "{answer}");
    assert!(
        answer["ignored"]
            .as_str()
            .unwrap()
            .contains("no govtrack:<initiative> label"),
        "{answer}"
    );
    let (status, answer) = github(
        &svc,
        "ping",
        "d-5",
        &json!({"zen": "Keep it logically awesome.", "hook_id": 1}),
    )
    .await;
    assert_eq!(status, 202, "{answer}");
    assert_eq!(svc.stream_messages().await, 0);
    let metrics = govtrack_testkit::get_text(&svc.http, svc.url("/metrics")).await;
    let line = metrics
        .lines()
        .find(|l| {
            l.contains("hook_deliveries")
                && l.contains("outcome=\"ignored\"")
                && l.contains("sender=\"github\"")
        })
        .unwrap_or_else(|| panic!("no ignored count in {metrics}"));
    assert!(line.ends_with(" 2"), "{line}");
}

#[tokio::test]
async fn an_ado_work_item_moved_to_done_drives_the_initiative_and_a_redelivery_appends_nothing() {
    let svc = start().await;
    // Another work item of the initiative, still active, is created first.
    let mut created = fixture("ado-workitem-updated.json");
    created["eventType"] = json!("workitem.created");
    created["notificationId"] = json!(3);
    let mut item = created["resource"]["revision"].clone();
    item["id"] = json!(205);
    item["rev"] = json!(1);
    item["fields"]["System.State"] = json!("Active");
    item["fields"]["System.Title"] = json!("Run the DLP impact analysis");
    created["resource"] = item;
    let (status, answer) = ado(&svc, &created).await;
    assert_eq!(status, 200, "{answer}");

    let done = fixture("ado-workitem-updated.json");
    let (status, answer) = ado(&svc, &done).await;
    assert_eq!(status, 200, "{answer}");
    let events = svc.stream_events().await;
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].event_type, "initiative.progressed");
    let note = events[0].data["note"].as_str().unwrap();
    assert!(note.contains("CoE User Story #205"), "{note}");
    assert_eq!(
        events[1].event_type, "initiative.progressed",
        "one of two items is still active"
    );
    let note = events[1].data["note"].as_str().unwrap();
    assert!(
        note.contains("#204") && note.contains("1 of 2 items closed"),
        "{note}"
    );
    assert_eq!(events[1].source.as_deref(), Some("azure-devops"));

    // The service hook retries the same notification: stored once.
    let (status, again) = ado(&svc, &done).await;
    assert_eq!(status, 200);
    assert_eq!(again["results"][0]["duplicate"], true);
    assert_eq!(svc.stream_messages().await, 2);

    // The other item reaches Done: now the initiative is completed.
    let mut last = fixture("ado-workitem-updated.json");
    last["notificationId"] = json!(18);
    last["resource"]["workItemId"] = json!(205);
    last["resource"]["rev"] = json!(2);
    last["resource"]["revision"]["fields"]["System.Title"] = json!("Run the DLP impact analysis");
    let (status, answer) = ado(&svc, &last).await;
    assert_eq!(status, 200, "{answer}");
    let events = svc.stream_events().await;
    assert_eq!(events.last().unwrap().event_type, "initiative.completed");
    assert_eq!(events.last().unwrap().data["initiative"], "dlp-rollout");
}

#[tokio::test]
async fn a_blocked_tag_blocks_the_initiative_and_removing_it_is_progress() {
    let svc = start().await;
    let mut blocked = fixture("ado-workitem-updated.json");
    blocked["resource"]["revision"]["fields"]["System.State"] = json!("Active");
    blocked["resource"]["revision"]["fields"]["System.Tags"] =
        json!("govtrack:dlp-rollout; Blocked");
    blocked["resource"]["fields"] = json!({"System.Tags": {"oldValue": "govtrack:dlp-rollout", "newValue": "govtrack:dlp-rollout; Blocked"}});
    assert_eq!(ado(&svc, &blocked).await.0, 200);
    let mut unblocked = blocked.clone();
    unblocked["notificationId"] = json!(19);
    unblocked["resource"]["rev"] = json!(6);
    unblocked["resource"]["revision"]["fields"]["System.Tags"] = json!("govtrack:dlp-rollout");
    assert_eq!(ado(&svc, &unblocked).await.0, 200);
    let events = svc.stream_events().await;
    assert_eq!(events[0].event_type, "initiative.blocked");
    assert!(
        events[0].data["reason"]
            .as_str()
            .unwrap()
            .contains("blocked")
    );
    assert_eq!(events[1].event_type, "initiative.progressed");
    assert!(
        events[1].data["note"]
            .as_str()
            .unwrap()
            .contains("unblocked")
    );
}

#[tokio::test]
async fn ado_and_dataverse_deliveries_need_the_token() {
    let svc = start().await;
    let body = serde_json::to_vec(&fixture("ado-workitem-updated.json")).unwrap();
    let (status, _) = svc
        .post_to("/v1/hooks/azure-devops/contoso", &[], body)
        .await;
    assert_eq!(status, 401);
    let body = serde_json::to_vec(&fixture("dataverse-create.json")).unwrap();
    let wrong = [("authorization", "Bearer nope".to_owned())];
    let (status, _) = svc
        .post_to("/v1/hooks/dataverse/contoso", &wrong, body)
        .await;
    assert_eq!(status, 401);
    assert_eq!(svc.stream_messages().await, 0);
}

#[tokio::test]
async fn a_dataverse_row_becomes_the_mapped_event_once() {
    let svc = start().await;
    let context = fixture("dataverse-create.json");
    let (status, answer) = dataverse(&svc, &context).await;
    assert_eq!(status, 200, "{answer}");
    let events = svc.stream_events().await;
    assert_eq!(events.len(), 1);
    let event = &events[0];
    assert_eq!(event.event_type, "training.held");
    assert_eq!(event.data, json!({"kind": "app_in_a_day", "attendees": 24}));
    assert_eq!(event.source.as_deref(), Some("dataverse-coe"));
    assert_eq!(
        event.id,
        "dataverse:3f2e1d0c-9b8a-4765-8432-10fedcba9876:Create"
    );
    assert_eq!(event.occurred_at.to_rfc3339(), "2026-03-04T00:00:00+00:00");
    let (status, again) = dataverse(&svc, &context).await;
    assert_eq!(status, 200);
    assert_eq!(again["results"][0]["duplicate"], true);
    assert_eq!(svc.stream_messages().await, 1);
}

#[tokio::test]
async fn a_dataverse_row_without_a_mapped_attribute_gets_422_naming_the_field() {
    let svc = start().await;
    let mut context = fixture("dataverse-create.json");
    let attributes = context["InputParameters"][0]["value"]["Attributes"]
        .as_array_mut()
        .unwrap();
    attributes.retain(|a| a["key"] != "cr5d_attendees");
    let (status, answer) = dataverse(&svc, &context).await;
    assert_eq!(status, 422, "{answer}");
    assert_problems_mention(&answer, "attendees");
    assert_eq!(svc.stream_messages().await, 0);

    let mut unmapped = fixture("dataverse-create.json");
    unmapped["PrimaryEntityName"] = json!("account");
    let (status, answer) = dataverse(&svc, &unmapped).await;
    assert_eq!(status, 202, "{answer}");
    assert!(
        answer["ignored"].as_str().unwrap().contains("\"account\""),
        "{answer}"
    );
}

#[tokio::test]
async fn malformed_payloads_get_400_naming_what_is_missing() {
    let svc = start().await;
    let mut no_revision = fixture("ado-workitem-updated.json");
    no_revision["resource"]
        .as_object_mut()
        .unwrap()
        .remove("revision");
    let (status, answer) = ado(&svc, &no_revision).await;
    assert_eq!(status, 400, "{answer}");
    assert_error_mentions(&answer, "resource.revision.fields");

    let mut no_operation = fixture("dataverse-create.json");
    no_operation.as_object_mut().unwrap().remove("OperationId");
    let (status, answer) = dataverse(&svc, &no_operation).await;
    assert_eq!(status, 400);
    assert_error_mentions(&answer, "OperationId");

    let body = b"not json".to_vec();
    let headers = [
        ("x-github-event", "issues".to_owned()),
        ("x-github-delivery", "d-7".to_owned()),
        ("x-hub-signature-256", github_signature(SECRET, &body)),
    ];
    let (status, answer) = svc
        .post_to("/v1/hooks/github/contoso", &headers, body)
        .await;
    assert_eq!(status, 400);
    assert_error_mentions(&answer, "not JSON");

    let (status, answer) = github(&svc, "issues", "d-8", &json!({"action": "opened"})).await;
    assert_eq!(status, 400);
    assert_error_mentions(&answer, "`issue`");
    assert_eq!(svc.stream_messages().await, 0);
}

#[tokio::test]
async fn an_invalid_initiative_label_gets_422_naming_the_field() {
    let svc = start().await;
    let mut payload = fixture("github-issue-comment.json");
    payload["issue"]["labels"] = json!([{"name": "govtrack:Not An Id"}]);
    let (status, answer) = github(&svc, "issue_comment", "d-10", &payload).await;
    assert_eq!(status, 422, "{answer}");
    assert_problems_mention(&answer, "data.initiative");
    assert_eq!(svc.stream_messages().await, 0);
}

#[tokio::test]
async fn labelling_an_issue_closed_long_ago_is_activity_not_a_completion() {
    let svc = start().await;
    let mut labelled = fixture("github-issues-closed.json");
    labelled["action"] = json!("labeled");
    labelled["label"] = json!({"name": "govtrack:maker-onboarding"});
    let (status, answer) = github(&svc, "issues", "d-11", &labelled).await;
    assert_eq!(status, 200, "{answer}");
    let events = svc.stream_events().await;
    assert_eq!(events[0].event_type, "initiative.progressed");
    let note = events[0].data["note"].as_str().unwrap();
    assert!(
        note.contains("labelled govtrack:maker-onboarding") && note.contains("1 of 1 items closed"),
        "{note}"
    );
}

#[tokio::test]
async fn the_items_state_survives_a_restart_of_ingest() {
    let svc = start().await;
    let comment = fixture("github-issue-comment.json");
    assert_eq!(github(&svc, "issue_comment", "r-1", &comment).await.0, 200);
    let first = closed_issue(12, "Run the first maker onboarding session");
    assert_eq!(github(&svc, "issues", "r-2", &first).await.0, 200);
    svc.shutdown.cancel();
    svc.task.await.unwrap().unwrap();

    // The same data dir: issue 13 is still known as open, 12 as closed.
    let svc = start_on(svc.nats).await;
    let (status, again) = github(&svc, "issues", "r-2", &first).await;
    assert_eq!(status, 200);
    assert_eq!(again["results"][0]["duplicate"], true, "{again}");
    let last = closed_issue(13, "Write the welcome email for new makers");
    assert_eq!(github(&svc, "issues", "r-3", &last).await.0, 200);
    let events = svc.stream_events().await;
    assert_eq!(
        types(&events),
        [
            "initiative.progressed",
            "initiative.progressed",
            "initiative.completed"
        ]
    );
}
