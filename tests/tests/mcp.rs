//! `/mcp` on the api through a real MCP client (rmcp's, over Streamable HTTP), with a
//! tokens file, over the real projector fed from a real nats-server: the tools a token
//! is offered, their answers against the REST routes, the refusals, the host check,
//! and 256 arbitrary and mutated bodies.

use crate::common;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use common::*;
use govtrack_api::{App, AppState, PublicUrl, Settings};
use govtrack_events::EventType as T;
use rmcp::model::{
    CallToolRequestParams, CallToolResult, ClientCapabilities, ClientConfig, Implementation,
    ProtocolVersion, ReadResourceRequestParams, ResourceContents, Tool,
};
use rmcp::service::RunningService;
use rmcp::transport::StreamableHttpClientTransport;
use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;
use rmcp::{RoleClient, ServiceExt};
use serde_json::{Value, json};
use tempfile::TempDir;

pub const CONTOSO_READER: &str = "contoso-reader-secret";
pub const CONTOSO_WRITER: &str = "contoso-writer-secret";
pub const ADMIN: &str = "mcp-admin-secret";

pub const READ_TOOLS: [&str; 10] = [
    "list_orgs",
    "get_maturity",
    "explain_next_level",
    "get_level_history",
    "get_okrs",
    "list_initiatives",
    "list_alerts",
    "list_sources",
    "describe_model",
    "list_event_types",
];
pub const WRITE_TOOLS: [&str; 3] = ["record_event", "measure_key_result", "check_in_initiative"];

/// A tokens file: a reader of contoso, a reader and writer of contoso, an admin.
pub fn mcp_tokens_file() -> (TempDir, PathBuf) {
    tokens_file(&[
        ("contoso-reader", CONTOSO_READER, &["read:contoso"]),
        (
            "contoso-writer",
            CONTOSO_WRITER,
            &["read:contoso", "emit:contoso"],
        ),
        ("ops", ADMIN, &["admin"]),
    ])
}

/// The harness with contoso (a formal sponsor, the CoE kit) and fabrikam (a vision).
pub async fn start() -> (Harness, TempDir, PathBuf) {
    let (dir, tokens) = mcp_tokens_file();
    let h = Harness::start_with_tokens(Some(tokens.clone())).await;
    let formal = json!({"formal": true});
    h.append(&[
        example_event("c1", "contoso", T::SponsorNamed, days_ago(30), Some(formal)),
        example_event("c2", "contoso", T::CoeKitDeployed, days_ago(20), None),
        example_event("f1", "fabrikam", T::VisionPublished, days_ago(5), None),
    ])
    .await;
    (h, dir, tokens)
}

/// [`start`], and an MCP client of its api with `token` as a bearer.
pub async fn start_client(token: &str) -> (Harness, TempDir, Client) {
    let (h, dir, _) = start().await;
    let client = client(&h.base_url, Sent::Bearer(token)).await;
    (h, dir, client)
}

/// Closes the client, then stops the harness.
pub async fn finish(client: Client, h: Harness) {
    client.cancel().await.unwrap();
    h.stop().await;
}

/// Another api over the harness's read model, its settings adjusted.
pub async fn api_with(h: &Harness, tokens: PathBuf, adjust: impl FnOnce(&mut Settings)) -> String {
    let mut settings = Settings::new(h.data.path());
    settings.http_addr = "127.0.0.1:0".parse().unwrap();
    settings.tokens_file = Some(tokens);
    adjust(&mut settings);
    let state = AppState::new(&settings).with_clock(Arc::new(now));
    let app = App::with_state(&settings, state).await.unwrap();
    let base_url = format!("http://{}", app.local_addr().unwrap());
    tokio::spawn(app.run(h.shutdown.clone()));
    base_url
}

/// How the client sends its token.
#[derive(Clone, Copy)]
pub enum Sent<'a> {
    Bearer(&'a str),
    ApiKey(&'a str),
}

pub type Client = RunningService<RoleClient, ClientConfig>;

/// An MCP client of `{base}/mcp`, initialized at protocol revision 2025-06-18.
pub async fn client(base: &str, token: Sent<'_>) -> Client {
    let mut config = StreamableHttpClientTransportConfig::with_uri(format!("{base}/mcp"));
    config = match token {
        Sent::Bearer(token) => config.auth_header(token),
        Sent::ApiKey(token) => config.custom_headers(HashMap::from([(
            "x-api-key".parse().unwrap(),
            token.parse().unwrap(),
        )])),
    };
    let transport =
        StreamableHttpClientTransport::with_client(govtrack_runtime::http_client(), config);
    let info = ClientConfig::new(
        ClientCapabilities::default(),
        Implementation::new("govtrack-e2e", "1"),
    )
    .with_protocol_version(ProtocolVersion::V_2025_06_18);
    info.serve(transport).await.unwrap()
}

pub async fn call(client: &Client, tool: &str, args: Value) -> CallToolResult {
    let Value::Object(args) = args else {
        panic!("arguments must be an object")
    };
    let request = CallToolRequestParams::new(tool.to_owned()).with_arguments(args);
    client.call_tool(request).await.unwrap()
}

/// The text of a result's first content block.
pub fn text(result: &CallToolResult) -> String {
    let first = result.content.first().expect("no content");
    first.as_text().expect("not text").text.clone()
}

/// The call was answered; the answer's text in the message when not.
#[track_caller]
pub fn assert_answered(result: &CallToolResult) {
    assert_eq!(result.is_error, Some(false), "{}", text(result));
}

/// The result's text contains `needle`.
#[track_caller]
pub fn assert_says(result: &CallToolResult, needle: &str) {
    assert!(text(result).contains(needle), "{}", text(result));
}

/// The result's text starts with `prefix`.
#[track_caller]
pub fn assert_says_first(result: &CallToolResult, prefix: &str) {
    assert!(text(result).starts_with(prefix), "{}", text(result));
}

/// The call was refused with a text that contains `needle`.
#[track_caller]
pub fn assert_refused(result: &CallToolResult, needle: &str) {
    assert_eq!(result.is_error, Some(true), "{}", text(result));
    assert_says(result, needle);
}

/// The call was refused with a text that starts with `prefix`.
#[track_caller]
pub fn assert_refused_starting(result: &CallToolResult, prefix: &str) {
    assert_eq!(result.is_error, Some(true), "{}", text(result));
    assert_says_first(result, prefix);
}

pub fn names(tools: &[Tool]) -> Vec<String> {
    tools.iter().map(|t| t.name.to_string()).collect()
}

/// GET `path` with a bearer token: the JSON.
pub async fn get_json(h: &Harness, base: &str, path: &str, token: &str) -> Value {
    let response = (h.http.get(format!("{base}{path}")).bearer_auth(token))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.unwrap()
}

#[tokio::test]
async fn initialize_then_list_tools_offers_a_reader_the_read_tools_marked_read_only() {
    let (h, _dir, client) = start_client(CONTOSO_READER).await;
    let info = client.peer_info().unwrap();
    assert_eq!(info.protocol_version, ProtocolVersion::V_2025_06_18);
    assert_eq!(info.server_info.as_ref().unwrap().name, "govtrack");
    assert!(info.capabilities.tools.is_some() && info.capabilities.resources.is_some());
    let tools = client.list_all_tools().await.unwrap();
    assert_eq!(names(&tools), READ_TOOLS);
    for tool in &tools {
        let hints = tool.annotations.as_ref().unwrap();
        assert_eq!(hints.read_only_hint, Some(true), "{}", tool.name);
        assert!(
            tool.description.as_ref().unwrap().len() > 80,
            "{}",
            tool.name
        );
        assert_eq!(tool.input_schema["type"], "object", "{}", tool.name);
    }
    finish(client, h).await;
}

#[tokio::test]
async fn get_maturity_answers_the_json_of_the_maturity_route_with_a_summary() {
    let (h, _dir, client) = start_client(CONTOSO_READER).await;
    let result = call(&client, "get_maturity", json!({"org": "contoso"})).await;
    assert_eq!(result.is_error, Some(false));
    let route = get_json(&h, &h.base_url, "/v1/orgs/contoso/maturity", CONTOSO_READER).await;
    assert_eq!(result.structured_content.as_ref(), Some(&route));
    assert_says_first(&result, "Maturity of contoso as of 2026-03-01");
    let past = call(
        &client,
        "get_maturity",
        json!({"org": "contoso", "as_of": "2026-02-01"}),
    )
    .await;
    let route = "/v1/orgs/contoso/maturity?as_of=2026-02-01";
    let route = get_json(&h, &h.base_url, route, CONTOSO_READER).await;
    assert_eq!(past.structured_content.as_ref(), Some(&route));
    let bad = call(
        &client,
        "get_maturity",
        json!({"org": "contoso", "as_of": "soon"}),
    )
    .await;
    assert_refused(&bad, "as_of=\"soon\" is not a valid time");
    finish(client, h).await;
}

#[tokio::test]
async fn every_organisation_read_answers_the_json_of_its_route() {
    let (h, _dir, client) = start_client(ADMIN).await;
    let routes = [
        ("list_orgs", json!({}), "/v1/orgs"),
        (
            "get_okrs",
            json!({"org": "contoso"}),
            "/v1/orgs/contoso/okrs",
        ),
        (
            "list_initiatives",
            json!({"org": "contoso"}),
            "/v1/orgs/contoso/initiatives",
        ),
        (
            "list_initiatives",
            json!({"org": "contoso", "stalled_only": true}),
            "/v1/orgs/contoso/initiatives?status=stalled",
        ),
        (
            "list_alerts",
            json!({"org": "contoso"}),
            "/v1/orgs/contoso/alerts",
        ),
        (
            "list_sources",
            json!({"org": "contoso"}),
            "/v1/orgs/contoso/sources",
        ),
        ("describe_model", json!({}), "/v1/models/2025"),
        (
            "describe_model",
            json!({"model": "2021"}),
            "/v1/models/2021",
        ),
    ];
    for (tool, args, path) in routes {
        let result = call(&client, tool, args).await;
        assert_eq!(result.is_error, Some(false), "{tool}: {}", text(&result));
        let route = get_json(&h, &h.base_url, path, ADMIN).await;
        assert_eq!(
            result.structured_content,
            Some(route),
            "{tool} against {path}"
        );
    }
    let history = call(
        &client,
        "get_level_history",
        json!({"org": "contoso", "capability": "sponsorship"}),
    )
    .await;
    let mut route = get_json(&h, &h.base_url, "/v1/orgs/contoso/maturity/history", ADMIN).await;
    let changes = route["changes"].as_array_mut().unwrap();
    changes.retain(|c| c["capability"] == "sponsorship");
    assert!(!changes.is_empty());
    assert_eq!(history.structured_content, Some(route));
    let types = call(&client, "list_event_types", json!({})).await;
    let listed = &types.structured_content.unwrap()["event_types"];
    let hackathon = (listed.as_array().unwrap().iter()).find(|t| t["type"] == "hackathon.held");
    assert_eq!(hackathon.unwrap()["schema"]["type"], "object");
    finish(client, h).await;
}

#[tokio::test]
async fn explain_next_level_gives_each_missing_requirement_its_words_how_and_source() {
    let (h, _dir, client) = start_client(CONTOSO_READER).await;
    let result = call(
        &client,
        "explain_next_level",
        json!({"org": "contoso", "capability": "governance"}),
    )
    .await;
    assert_answered(&result);
    let explained = result.structured_content.clone().unwrap();
    let maturity = get_json(&h, &h.base_url, "/v1/orgs/contoso/maturity", CONTOSO_READER).await;
    let governance = (maturity["capabilities"].as_array().unwrap().iter())
        .find(|c| c["id"] == "governance")
        .unwrap();
    assert_eq!(explained["level"], governance["level"]);
    assert_eq!(explained["next_level"], governance["next"]["level"]);
    let missing = explained["missing"].as_array().unwrap();
    let words: Vec<&Value> = missing.iter().map(|m| &m["words"]).collect();
    let expected: Vec<&Value> = governance["next"]["missing"]
        .as_array()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(words, expected);
    let model = get_json(&h, &h.base_url, "/v1/models/2025", CONTOSO_READER).await;
    let described = (model["capabilities"].as_array().unwrap().iter())
        .find(|c| c["id"] == "governance")
        .unwrap();
    for m in missing {
        let level = (described["levels"].as_array().unwrap().iter())
            .find(|l| l["level"] == m["level"])
            .unwrap();
        let requirement = (level["requirements"].as_array().unwrap().iter())
            .find(|r| r["words"] == m["words"])
            .unwrap_or_else(|| panic!("{m} is not in the model's level {}", m["level"]));
        assert_eq!(requirement["how"], m["how"]);
        assert_eq!(requirement["source"], m["source"]);
        assert!(m["source"].is_string(), "{m}");
    }
    assert_says(&result, "it still needs:");
    let unknown = call(
        &client,
        "explain_next_level",
        json!({"org": "contoso", "capability": "govrenance"}),
    )
    .await;
    assert_refused_starting(
        &unknown,
        "model 2025 has no capability \"govrenance\"; its capabilities are strategy, ",
    );
    finish(client, h).await;
}

#[tokio::test]
async fn a_token_for_one_organisation_asking_about_another_learns_nothing_of_it() {
    let (h, _dir, client) = start_client(CONTOSO_READER).await;
    let orgs = call(&client, "list_orgs", json!({})).await;
    let listed = &orgs.structured_content.unwrap()["orgs"];
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["org"], "contoso");
    for (tool, extra) in [
        ("get_maturity", json!({})),
        ("explain_next_level", json!({"capability": "strategy"})),
        ("get_level_history", json!({"capability": "strategy"})),
        ("get_okrs", json!({})),
        ("list_initiatives", json!({})),
        ("list_alerts", json!({})),
        ("list_sources", json!({})),
    ] {
        let ask = |org: &str| {
            let mut args = extra.clone();
            args["org"] = json!(org);
            args
        };
        let hidden = call(&client, tool, ask("fabrikam")).await;
        let absent = call(&client, tool, ask("nosuchorg")).await;
        assert_eq!(hidden.is_error, Some(true), "{tool}");
        assert_eq!(hidden.structured_content, None, "{tool}");
        assert_eq!(hidden.content.len(), 1, "{tool}");
        assert_eq!(
            text(&hidden),
            text(&absent).replace("nosuchorg", "fabrikam"),
            "{tool}"
        );
        assert!(
            !text(&hidden).contains("vision"),
            "{tool}: {}",
            text(&hidden)
        );
    }
    finish(client, h).await;
}

#[tokio::test]
async fn a_reading_token_is_offered_no_write_tools_and_calling_one_is_an_error() {
    let (h, _dir, client) = start_client(CONTOSO_READER).await;
    let tools = names(&client.list_all_tools().await.unwrap());
    assert!(
        WRITE_TOOLS.iter().all(|w| !tools.iter().any(|t| t == w)),
        "{tools:?}"
    );
    let result = call(
        &client,
        "measure_key_result",
        json!({"org": "contoso", "key_result": "makers", "value": 3}),
    )
    .await;
    assert_refused(&result, "measure_key_result is not available to you");
    let page = get_json(&h, &h.base_url, "/v1/orgs/contoso/events", ADMIN).await;
    assert_eq!(
        page["events"].as_array().unwrap().len(),
        2,
        "nothing was recorded"
    );
    finish(client, h).await;
}

#[tokio::test]
async fn a_writing_token_is_offered_the_write_tools_unless_writes_are_off() {
    let (h, _dir, tokens) = start().await;
    for token in [CONTOSO_WRITER, ADMIN] {
        let client = client(&h.base_url, Sent::Bearer(token)).await;
        let tools = client.list_all_tools().await.unwrap();
        assert_eq!(names(&tools)[10..], WRITE_TOOLS);
        for tool in &tools[10..] {
            let hints = tool.annotations.as_ref().unwrap();
            let flags = (
                hints.read_only_hint,
                hints.idempotent_hint,
                hints.destructive_hint,
            );
            assert_eq!(
                flags,
                (Some(false), Some(true), Some(false)),
                "{}",
                tool.name
            );
        }
        client.cancel().await.unwrap();
    }
    let off = api_with(&h, tokens, |s| s.mcp_writes = false).await;
    let client = client(&off, Sent::Bearer(ADMIN)).await;
    assert_eq!(names(&client.list_all_tools().await.unwrap()), READ_TOOLS);
    let args = json!({"org": "contoso", "initiative": "x", "note": "done"});
    let result = call(&client, "check_in_initiative", args).await;
    assert_refused(&result, "write tools are off");
    finish(client, h).await;
}

#[tokio::test]
async fn the_token_may_come_as_an_api_key_and_none_at_all_is_401_with_a_challenge() {
    let (h, _dir, _) = start().await;
    let client = client(&h.base_url, Sent::ApiKey(CONTOSO_READER)).await;
    assert_eq!(names(&client.list_all_tools().await.unwrap()), READ_TOOLS);
    client.cancel().await.unwrap();
    let (status, headers, body) = post_mcp(&h, &h.base_url, &[], INITIALIZE).await;
    assert_eq!(status, 401);
    assert_eq!(
        headers.get("www-authenticate").unwrap(),
        "Bearer realm=\"govtrack\""
    );
    assert!(body.contains("X-Api-Key"), "{body}");
    let wrong = [("x-api-key", "not-a-token")];
    assert_eq!(post_mcp(&h, &h.base_url, &wrong, INITIALIZE).await.0, 401);
    let maturity = format!("{}/v1/orgs/contoso/maturity", h.base_url);
    let keyed = h.http.get(maturity).header("x-api-key", CONTOSO_READER);
    let status = keyed.send().await.unwrap().status();
    assert_eq!(status, 200, "the JSON routes take X-Api-Key too");
    h.stop().await;
}

const INITIALIZE: &str = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}"#;

/// POSTs `body` to `{base}/mcp` as a Streamable HTTP client does, with `headers` added.
pub async fn post_mcp(
    h: &Harness,
    base: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, reqwest::header::HeaderMap, String) {
    let mut request = (h.http.post(format!("{base}/mcp")))
        .header("content-type", "application/json")
        .header("accept", "application/json, text/event-stream")
        .body(body.to_owned());
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, headers, response.text().await.unwrap())
}

#[tokio::test]
async fn mcp_answers_loopback_and_the_public_urls_host_and_refuses_others() {
    let (h, _dir, tokens) = start().await;
    let bearer = format!("Bearer {ADMIN}");
    let auth = ("authorization", bearer.as_str());
    let evil = [auth, ("host", "evil.example")];
    assert_eq!(post_mcp(&h, &h.base_url, &evil, INITIALIZE).await.0, 403);
    let public: PublicUrl = "https://govtrack.contoso.example".parse().unwrap();
    let base = api_with(&h, tokens, |s| s.public_url = Some(public)).await;
    let named = [auth, ("host", "govtrack.contoso.example")];
    let (status, _, body) = post_mcp(&h, &base, &named, INITIALIZE).await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains("\"protocolVersion\":\"2025-06-18\""),
        "{body}"
    );
    assert_eq!(
        post_mcp(&h, &base, &[auth], INITIALIZE).await.0,
        200,
        "loopback still answers"
    );
    assert_eq!(post_mcp(&h, &base, &evil, INITIALIZE).await.0, 403);
    let from_page = [auth, ("origin", "https://govtrack.contoso.example")];
    assert_eq!(post_mcp(&h, &base, &from_page, INITIALIZE).await.0, 200);
    let elsewhere = [auth, ("origin", "https://evil.example")];
    assert_eq!(post_mcp(&h, &base, &elsewhere, INITIALIZE).await.0, 403);
    h.stop().await;
}

#[tokio::test]
async fn the_resources_are_the_models_and_the_event_types() {
    let (h, _dir, client) = start_client(CONTOSO_READER).await;
    let templates = client.list_resource_templates(None).await.unwrap();
    let uris: Vec<&str> = (templates.resource_templates.iter())
        .map(|t| t.uri_template.as_str())
        .collect();
    assert_eq!(
        uris,
        ["govtrack://models/{id}", "govtrack://event-types/{type}"]
    );
    let listed = client.list_all_resources().await.unwrap();
    assert!(
        listed
            .iter()
            .any(|r| r.uri == "govtrack://event-types/sponsor.named")
    );
    let read = |uri: &str| client.read_resource(ReadResourceRequestParams::new(uri));
    let model = read("govtrack://models/2025").await.unwrap();
    let ResourceContents::TextResourceContents {
        text, mime_type, ..
    } = &model.contents[0]
    else {
        panic!("not text")
    };
    assert_eq!(mime_type.as_deref(), Some("application/json"));
    let route = get_json(&h, &h.base_url, "/v1/models/2025", CONTOSO_READER).await;
    assert_eq!(serde_json::from_str::<Value>(text).unwrap(), route);
    let hackathon = read("govtrack://event-types/hackathon.held").await.unwrap();
    let ResourceContents::TextResourceContents { text, .. } = &hackathon.contents[0] else {
        panic!("not text")
    };
    assert_eq!(
        serde_json::from_str::<Value>(text).unwrap()["type"],
        "hackathon.held"
    );
    let unknown = read("govtrack://event-types/party.held").await.unwrap_err();
    assert!(
        unknown
            .to_string()
            .contains("unknown event type \"party.held\""),
        "{unknown}"
    );
    finish(client, h).await;
}
