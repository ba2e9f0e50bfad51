//! Records that would count for nothing are refused with 400, naming the field and the
//! valid choices, and nothing is appended.

use crate::common;

use common::start;
use serde_json::{Value, json};

fn event(event_type: &str, data: Value) -> Value {
    json!({"type": event_type, "org": "contoso", "data": data})
}

/// Posts `body`, expects a 400 whose problems name `field` and contain every `words`,
/// and checks the log did not grow.
async fn refused(body: Value, field: &str, words: &[&str]) {
    let svc = start(None).await;
    let (status, answer) = svc.post(&body).await;
    assert_eq!(status, 400, "{answer}");
    let problems = answer["error"]["problems"].as_array().expect("problems");
    let problem = problems
        .iter()
        .find(|p| p["field"] == field)
        .unwrap_or_else(|| panic!("no problem with {field}: {answer}"));
    let reason = problem["reason"].as_str().unwrap();
    for w in words {
        assert!(reason.contains(w), "{w:?} not in {reason:?}");
    }
    assert_eq!(svc.stream_messages().await, 0, "nothing appended");
}

#[tokio::test]
async fn an_assessment_of_a_capability_the_model_lacks_is_refused_with_the_choices() {
    let data = json!({"capability": "automaton", "level": 300, "assessor": "coe-lead"});
    refused(
        event("capability.assessed", data),
        "data.capability",
        &["\"automaton\"", "automation", "governance", "sponsorship"],
    )
    .await;
}

#[tokio::test]
async fn an_assessment_between_levels_is_refused_with_the_levels() {
    let data = json!({"capability": "automation", "level": 350, "assessor": "coe-lead"});
    refused(
        event("capability.assessed", data),
        "data.level",
        &["100, 200, 300, 400, 500", "350"],
    )
    .await;
}

#[tokio::test]
async fn a_target_level_off_the_ladder_is_refused() {
    let data = json!({"capability": "governance", "level": 450, "due": "2027-01-31"});
    refused(event("capability.target_set", data), "data.level", &["450"]).await;
}

#[tokio::test]
async fn evidence_with_a_signal_the_model_does_not_list_is_refused_with_the_signals() {
    let data = json!({"capability": "security", "signal": "conditional_access_for_admins"});
    refused(
        event("evidence.recorded", data),
        "data.signal",
        &["admin_conditional_access", "\"custom\": true"],
    )
    .await;
}

#[tokio::test]
async fn a_key_result_whose_target_is_below_its_baseline_for_an_increase_is_refused() {
    let data = json!({"key_result": "kr", "objective": "o", "title": "Makers trained",
        "unit": "makers", "baseline": 50, "target": 20, "direction": "increase", "due": "2026-12-31"});
    refused(event("key_result.defined", data), "data.target", &[]).await;
}

#[tokio::test]
async fn a_date_sent_as_an_instant_is_refused_with_an_example_date() {
    let data = json!({"capability": "governance", "level": 400, "due": "2026-01-01T00:00:00Z"});
    refused(
        event("capability.target_set", data),
        "data.due",
        &["expected a date such as 2026-03-01"],
    )
    .await;
}

#[tokio::test]
async fn a_batch_with_one_record_for_nothing_appends_nothing_and_names_its_index() {
    let good = json!({"capability": "security", "signal": "admin_conditional_access"});
    let bad = json!({"capability": "automaton", "level": 300, "assessor": "coe-lead"});
    let body = json!([
        event("evidence.recorded", good),
        event("capability.assessed", bad)
    ]);
    let svc = start(None).await;
    let (status, answer) = svc.post(&body).await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(answer["error"]["problems"][0]["index"], 1, "{answer}");
    assert_eq!(svc.stream_messages().await, 0);
}

#[tokio::test]
async fn a_listed_signal_and_a_custom_one_are_both_accepted() {
    let svc = start(None).await;
    let listed = json!({"capability": "security", "signal": "admin_conditional_access"});
    let (status, answer) = svc.post(&event("evidence.recorded", listed)).await;
    assert_eq!(status, 200, "{answer}");
    let own = json!({"capability": "security", "signal": "badge_reader_audit", "custom": true});
    let (status, answer) = svc.post(&event("evidence.recorded", own)).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(svc.stream_messages().await, 2);
}

#[tokio::test]
async fn an_org_on_the_2021_model_is_checked_against_that_model() {
    let nats = govtrack_testkit::TestNats::start();
    let mut settings = govtrack_ingest::Settings::local(&nats.url(), &nats.dir().join("ingest"));
    settings.models =
        govtrack_maturity::Models::from_specs("2025", &["fabrikam=2021".into()]).unwrap();
    let svc = common::start_with(nats, settings).await;
    let data = json!({"capability": "admin_governance", "level": 300, "assessor": "coe-lead"});
    let body = json!({"type": "capability.assessed", "org": "fabrikam", "data": data});
    let (status, answer) = svc.post(&body).await;
    assert_eq!(status, 200, "2021 has admin_governance: {answer}");
    let (status, answer) = svc.post(&event("capability.assessed", data)).await;
    assert_eq!(status, 400, "2025 has no admin_governance: {answer}");
}
