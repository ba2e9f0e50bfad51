//! The Power Automate custom connector (`deploy/power-platform/connector/`): its
//! definition is valid Swagger 2.0 (checked by openapi-spec-validator, which
//! `scripts/test.sh` installs into `target/venv`), fully described, under 1 MB; every
//! event type's connector schema is valid Swagger 2.0 and agrees with the catalogue;
//! and each action, posted as Power Automate posts it, lands on the stream.

use crate::common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use base64::Engine;
use common::{Running, assert_problems_mention, start, start_with_token, types};
use govtrack_events::{EventType, example_data};
use serde_json::{Map, Value, json};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn connector_file(name: &str) -> PathBuf {
    workspace()
        .join("deploy/power-platform/connector")
        .join(name)
}

fn definition() -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(connector_file("apiDefinition.swagger.json")).unwrap(),
    )
    .unwrap()
}

/// Runs openapi-spec-validator (from `target/venv`) on `files`.
fn validate(files: &[&Path]) {
    govtrack_testkit::openapi::validate_files(files);
}

#[test]
fn the_connector_definition_is_valid_swagger_2_under_1_mb_and_every_input_is_described() {
    let path = connector_file("apiDefinition.swagger.json");
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(
        size < 1024 * 1024,
        "{size} bytes: a custom connector takes at most 1 MB"
    );
    validate(&[&path]);

    let doc = definition();
    let mut operation_ids = BTreeSet::new();
    for (route, methods) in doc["paths"].as_object().unwrap() {
        for (method, op) in methods.as_object().unwrap() {
            let at = format!("{method} {route}");
            let id = op["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{at}: no operationId"));
            assert!(
                operation_ids.insert(id.to_owned()),
                "{at}: operationId {id} twice"
            );
            assert!(
                op["summary"].as_str().is_some_and(|s| !s.is_empty()),
                "{at}: no summary"
            );
            for param in op["parameters"].as_array().into_iter().flatten() {
                let name = &param["name"];
                assert!(
                    param["x-ms-summary"].is_string(),
                    "{at} {name}: no x-ms-summary"
                );
                assert!(
                    param["description"].is_string(),
                    "{at} {name}: no description"
                );
                if let Some(schema) = param.get("schema") {
                    described(schema, &format!("{at} {name}"));
                }
            }
        }
    }
    // The dynamic lists and schemas point at operations the file has.
    let text = doc.to_string();
    for needed in [
        "ListEventTypes",
        "GetEventDataSchema",
        "RecordEvent",
        "MeasureKeyResult",
        "ReportInitiativeProgress",
        "GetMaturity",
    ] {
        assert!(operation_ids.contains(needed), "no {needed}");
    }
    assert!(text.contains("\"x-ms-dynamic-values\"") && text.contains("\"x-ms-dynamic-schema\""));
    assert_eq!(doc["securityDefinitions"]["basic_auth"]["type"], "basic");

    let properties: Value = serde_json::from_str(
        &std::fs::read_to_string(connector_file("apiProperties.json")).unwrap(),
    )
    .unwrap();
    let policies = properties["properties"]["policyTemplateInstances"]
        .as_array()
        .unwrap();
    assert!(
        policies.iter().any(|p| p["templateId"] == "dynamichosturl"),
        "the host is the customer's own"
    );
    // Two ways to sign in: Entra ID (OAuth 2.0) or a token as the Basic password,
    // each with the host the dynamic-host policy reads.
    assert_eq!(doc["securityDefinitions"]["oauth2_auth"]["type"], "oauth2");
    let sets = properties["properties"]["connectionParameterSets"]["values"]
        .as_array()
        .unwrap();
    let entra = sets.iter().find(|s| s["name"] == "entra-id").unwrap();
    let oauth = &entra["parameters"]["token"]["oAuthSettings"];
    assert_eq!(oauth["identityProvider"], "aad");
    assert!(
        oauth["scopes"][0]
            .as_str()
            .unwrap()
            .starts_with("api://govtrack/")
    );
    let basic = sets.iter().find(|s| s["name"] == "token").unwrap();
    assert_eq!(basic["parameters"]["password"]["type"], "securestring");
    for set in sets {
        assert!(set["parameters"]["hostUrl"].is_object(), "{}", set["name"]);
    }
    let icon = std::fs::read(connector_file("icon.png")).unwrap();
    assert!(icon.starts_with(b"\x89PNG"), "icon.png is a PNG");
}

/// Every property of a body schema has a label and a description, all the way down
/// (a `$ref` is described where it is defined).
fn described(schema: &Value, at: &str) {
    if let Some(properties) = schema["properties"].as_object() {
        for (name, property) in properties {
            let here = format!("{at}.{name}");
            assert!(
                property["x-ms-summary"].is_string(),
                "{here}: no x-ms-summary"
            );
            assert!(
                property["description"].is_string(),
                "{here}: no description"
            );
            described(property, &here);
        }
    }
    if let Some(items) = schema.get("items") {
        described(items, &format!("{at}[]"));
    }
}

async fn get(svc: &Running, path: &str) -> Value {
    let resp = svc.http.get(svc.url(path)).send().await.unwrap();
    assert_eq!(resp.status(), 200, "{path}");
    resp.json().await.unwrap()
}

#[tokio::test]
async fn every_event_types_connector_schema_is_valid_swagger_2_and_agrees_with_the_catalogue() {
    let svc = start(None).await;
    let listed = get(&svc, "/v1/event-types?format=connector").await;
    let listed: Vec<&str> = listed["event_types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            assert!(t["title"].as_str().is_some_and(|s| !s.is_empty()), "{t}");
            t["type"].as_str().unwrap()
        })
        .collect();
    let recordable: Vec<&str> = EventType::ALL
        .iter()
        .filter(|t| !t.is_reserved())
        .map(|t| t.name())
        .collect();
    assert_eq!(
        listed, recordable,
        "the dropdown lists every type a flow may record"
    );

    let mut definitions = Map::new();
    let mut examples = Map::new();
    for t in EventType::ALL {
        let answer = get(
            &svc,
            &format!("/v1/event-types/{}/connector-schema", t.name()),
        )
        .await;
        let schema = answer["schema"].clone();
        agrees(*t, &schema);
        definitions.insert(t.name().to_owned(), schema);
        examples.insert(t.name().to_owned(), example_data(*t));
    }
    // Each schema inside a Swagger 2.0 document, so the validator checks it as one.
    let doc = json!({"swagger": "2.0", "info": {"title": "connector schemas", "version": "1"},
                     "paths": {}, "definitions": definitions});
    let dir = tempfile::tempdir().unwrap();
    let doc_path = dir.path().join("schemas.json");
    let examples_path = dir.path().join("catalogue.examples.json");
    std::fs::write(&doc_path, doc.to_string()).unwrap();
    std::fs::write(&examples_path, Value::Object(examples).to_string()).unwrap();
    // The catalogue's own example of every type (which ingest accepts) validates
    // against the type's Swagger schema.
    validate(&[&doc_path, &examples_path]);

    let (status, _) = svc_get_status(&svc, "/v1/event-types/no.such/connector-schema").await;
    assert_eq!(status, 404);
    let (status, _) = svc_get_status(&svc, "/v1/event-types?format=yaml").await;
    assert_eq!(status, 400);
}

async fn svc_get_status(svc: &Running, path: &str) -> (u16, String) {
    let resp = svc.http.get(svc.url(path)).send().await.unwrap();
    (resp.status().as_u16(), resp.text().await.unwrap())
}

/// The Swagger schema has the catalogue's fields, the same required ones, and no
/// JSON Schema construct Swagger 2.0 lacks.
fn agrees(t: EventType, swagger: &Value) {
    let json_schema = t.data_schema();
    let names = |s: &Value| -> BTreeSet<String> {
        s["properties"]
            .as_object()
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default()
    };
    let required = |s: &Value| -> BTreeSet<String> {
        s["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(names(swagger), names(&json_schema), "{t}: fields");
    assert_eq!(
        required(swagger),
        required(&json_schema),
        "{t}: required fields"
    );
    assert_eq!(swagger["type"], "object", "{t}");
    let text = swagger.to_string();
    for construct in [
        "\"oneOf\"",
        "\"anyOf\"",
        "\"$ref\"",
        "\"null\"",
        "\"const\"",
        "\"$defs\"",
    ] {
        assert!(!text.contains(construct), "{t}: {construct} in {text}");
    }
    for (name, property) in swagger["properties"].as_object().into_iter().flatten() {
        assert!(property["x-ms-summary"].is_string(), "{t}.{name}: no label");
        assert!(
            property["description"].is_string(),
            "{t}.{name}: no description"
        );
        assert!(
            property["type"].is_string() || property.get("enum").is_some(),
            "{t}.{name}: no type in {property}"
        );
    }
}

/// The headers a Power Automate custom connector action sends (the connector's Basic
/// auth, the run's tracking headers).
fn power_automate_headers(token: &str) -> Vec<(&'static str, String)> {
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("power-automate:{token}"));
    vec![
        ("authorization", format!("Basic {basic}")),
        ("content-type", "application/json; charset=utf-8".to_owned()),
        ("accept-language", "en-US".to_owned()),
        (
            "user-agent",
            "azure-logic-apps/1.0 (workflow 4a7b; version 08584)".to_owned(),
        ),
        (
            "x-ms-workflow-run-id",
            "08584629581234567890123456789CU00".to_owned(),
        ),
        (
            "x-ms-client-tracking-id",
            "08584629581234567890123456789CU00".to_owned(),
        ),
        (
            "x-ms-correlation-id",
            "1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d".to_owned(),
        ),
    ]
}

#[tokio::test]
async fn each_connector_action_posted_as_power_automate_sends_it_lands_on_the_stream() {
    let svc = start_with_token("flow-token").await;
    let headers = power_automate_headers("flow-token");
    let post = |path: &'static str, body: Value| {
        let headers = headers.clone();
        let svc = &svc;
        async move {
            svc.post_to(path, &headers, serde_json::to_vec(&body).unwrap())
                .await
        }
    };

    // Record an adoption event: the type is the path (the dropdown), data the dynamic
    // schema's fields; the flow leaves the advanced fields empty, the source defaults.
    let (status, answer) = post(
        "/v1/events/sponsor.named",
        json!({"org": "contoso", "source": "power-automate",
               "data": {"sponsor": "cio", "name": "Ada Lovelace", "formal": true}}),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        (answer["sequence"].as_u64(), &answer["duplicate"]),
        (Some(1), &json!(false))
    );
    assert!(answer["id"].is_string());

    // The run's id as the event id: a retried run records it once.
    let measured = json!({"org": "contoso", "id": "run-08584629581234567890123456789CU00",
                          "occurred_at": "2026-03-04T10:00:00Z",
                          "data": {"key_result": "makers-trained", "value": 42.5}});
    let (status, answer) = post("/v1/events/key_result.measured", measured.clone()).await;
    assert_eq!(status, 200, "{answer}");
    let (_, again) = post("/v1/events/key_result.measured", measured).await;
    assert_eq!(again["duplicate"], true);

    let (status, answer) = post(
        "/v1/events/initiative.progressed",
        json!({"org": "contoso", "data": {"initiative": "dlp-rollout", "note": "Policy drafted", "percent": 40}}),
    )
    .await;
    assert_eq!(status, 200, "{answer}");

    let (status, answer) = post(
        "/v1/events/batch",
        json!([{"type": "training.held", "org": "contoso", "data": {"kind": "app_in_a_day", "attendees": 12}},
               {"type": "hackathon.held", "org": "contoso", "data": {"name": "Spring hack", "participants": 30}}]),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["results"].as_array().unwrap().len(), 2);

    // A bad field is named; a type in the body as well as the path is refused.
    let (status, answer) = post(
        "/v1/events/key_result.measured",
        json!({"org": "contoso", "data": {"key_result": "makers-trained", "valeu": 1}}),
    )
    .await;
    assert_eq!(status, 400, "{answer}");
    assert_problems_mention(&answer, "data.valeu");
    let (status, _) = post(
        "/v1/events/sponsor.named",
        json!({"type": "x", "org": "contoso", "data": {}}),
    )
    .await;
    assert_eq!(status, 400);

    let events = svc.stream_events().await;
    assert_eq!(
        types(&events),
        [
            "sponsor.named",
            "key_result.measured",
            "initiative.progressed",
            "training.held",
            "hackathon.held"
        ]
    );
    assert_eq!(events[0].source.as_deref(), Some("power-automate"));
    assert_eq!(events[1].id, "run-08584629581234567890123456789CU00");
    assert_eq!(events[1].data["value"], 42.5);
}
