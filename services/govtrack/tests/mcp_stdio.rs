//! `govtrack mcp` as an assistant starts it: a child process speaking MCP on stdio,
//! driven by rmcp's client, over a `govtrack up --demo` with a tokens file. It offers
//! the same tools as the api's `/mcp`, explains a level in the words `govtrack model
//! show` prints, and records through ingest once however often it is asked.

use std::collections::HashMap;
use std::path::Path;
use std::process::Stdio;

use rmcp::model::{CallToolRequestParams, CallToolResult, Tool};
use rmcp::service::RunningService;
use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;
use rmcp::transport::{StreamableHttpClientTransport, TokioChildProcess};
use rmcp::{RoleClient, ServiceExt};
use serde_json::{Value, json};
use tokio::process::Command;

use crate::up::{Up, demo_applied, sigterm, up_with};

const BIN: &str = env!("CARGO_BIN_EXE_govtrack");
const ADMIN: &str = "stdio-admin-secret";
const READER: &str = "stdio-reader-secret";
const FABRIKAM_EDITOR: &str = "stdio-fabrikam-editor-secret";

type Client = RunningService<RoleClient, ()>;

/// `govtrack up --demo` with an admin token (`ops`), a reader of contoso (`dash`) and an
/// editor of fabrikam (`fab`).
async fn up_with_tokens(dir: &Path) -> Up {
    let entry = |name: &str, secret: &str, scope: &str| {
        let hash = govtrack_auth::hash_token(secret);
        format!("[[token]]\nname = \"{name}\"\nsha256 = \"{hash}\"\nscopes = [\"{scope}\"]\n\n")
    };
    let tokens = dir.join("tokens.toml");
    let text = entry("ops", ADMIN, "admin")
        + &entry("dash", READER, "read:contoso")
        + &entry("fab", FABRIKAM_EDITOR, "emit:fabrikam");
    std::fs::write(&tokens, text).unwrap();
    let data = dir.join("data");
    let up = up_with(&data, true, &["--tokens-file", tokens.to_str().unwrap()]).await;
    demo_applied(&up, Some(ADMIN)).await;
    up
}

/// `govtrack mcp` against `up` with `token`, as a child process on stdio.
async fn stdio(up: &Up, token: &str) -> Client {
    stdio_with(up, token, "on").await
}

/// The same with `GOVTRACK_MCP_WRITES=writes`.
async fn stdio_with(up: &Up, token: &str, writes: &str) -> Client {
    let mut command = Command::new(BIN);
    command
        .args(["mcp", "--url", &up.api, "--ingest-url", &up.ingest])
        .args(["--token", token])
        .env("GOVTRACK_MCP_WRITES", writes);
    let (transport, _) = TokioChildProcess::builder(command)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    ().serve(transport).await.unwrap()
}

/// The api's `/mcp` with `token`.
async fn http(up: &Up, token: &str) -> Client {
    let config = StreamableHttpClientTransportConfig::with_uri(format!("{}/mcp", up.api))
        .auth_header(token)
        .custom_headers(HashMap::new());
    let transport =
        StreamableHttpClientTransport::with_client(govtrack_runtime::http_client(), config);
    ().serve(transport).await.unwrap()
}

async fn call(client: &Client, tool: &str, args: Value) -> CallToolResult {
    let Value::Object(args) = args else {
        panic!("arguments must be an object")
    };
    let request = CallToolRequestParams::new(tool.to_owned()).with_arguments(args);
    client.call_tool(request).await.unwrap()
}

fn text(result: &CallToolResult) -> String {
    (result.content.first())
        .and_then(|c| c.as_text())
        .map(|t| t.text.clone())
        .unwrap_or_default()
}

/// The call was answered; the answer's text in the message when not.
#[track_caller]
fn assert_answered(result: &CallToolResult) {
    assert_eq!(result.is_error, Some(false), "{}", text(result));
}

/// The call was refused with a text that contains `needle`.
#[track_caller]
fn assert_refused(result: &CallToolResult, needle: &str) {
    assert_eq!(result.is_error, Some(true), "{}", text(result));
    assert!(text(result).contains(needle), "{}", text(result));
}

fn as_json(tools: &[Tool]) -> Value {
    serde_json::to_value(tools).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn govtrack_mcp_over_stdio_offers_the_same_tools_as_the_apis_mcp() {
    let dir = tempfile::tempdir().unwrap();
    let up = up_with_tokens(dir.path()).await;
    let local = stdio(&up, ADMIN).await;
    let remote = http(&up, ADMIN).await;
    let over_stdio = local.list_all_tools().await.unwrap();
    assert_eq!(over_stdio.len(), 13);
    assert_eq!(
        as_json(&over_stdio),
        as_json(&remote.list_all_tools().await.unwrap())
    );
    let info = local.peer_info().unwrap();
    assert_eq!(info.server_info.as_ref().unwrap().name, "govtrack");
    let maturity = call(&local, "get_maturity", json!({"org": "contoso"})).await;
    let over_http = call(&remote, "get_maturity", json!({"org": "contoso"})).await;
    let strip = |r: &CallToolResult| {
        let mut v = r.structured_content.clone().unwrap();
        v["as_of"] = Value::Null;
        v
    };
    assert_eq!(strip(&maturity), strip(&over_http));
    let read_only = stdio_with(&up, ADMIN, "off").await;
    let names: Vec<String> = (read_only.list_all_tools().await.unwrap().iter())
        .map(|t| t.name.to_string())
        .collect();
    assert_eq!(names.len(), 10, "{names:?}");
    assert!(!names.iter().any(|n| n == "record_event"), "{names:?}");
    read_only.cancel().await.unwrap();
    local.cancel().await.unwrap();
    remote.cancel().await.unwrap();
    sigterm(up).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn explain_next_level_says_what_govtrack_model_show_says() {
    let dir = tempfile::tempdir().unwrap();
    let up = up_with_tokens(dir.path()).await;
    let client = stdio(&up, READER).await;
    let shown = Command::new(BIN)
        .args(["model", "show", "--json", "--capability", "governance"])
        .output()
        .await
        .unwrap();
    assert!(shown.status.success());
    let model: Value = serde_json::from_slice(&shown.stdout).unwrap();
    let explained = call(
        &client,
        "explain_next_level",
        json!({"org": "contoso", "capability": "governance"}),
    )
    .await;
    assert_answered(&explained);
    let explained = explained.structured_content.unwrap();
    let missing = explained["missing"].as_array().unwrap();
    assert!(!missing.is_empty(), "{explained}");
    let levels = model["capabilities"][0]["levels"].as_array().unwrap();
    for m in missing {
        let level = levels.iter().find(|l| l["level"] == m["level"]).unwrap();
        let shown = (level["requirements"].as_array().unwrap().iter())
            .find(|r| r["words"] == m["words"])
            .unwrap_or_else(|| {
                panic!(
                    "{} is not what model show says at {}",
                    m["words"], m["level"]
                )
            });
        for field in ["kind", "how", "source", "any"] {
            assert_eq!(shown.get(field), m.get(field), "{field} of {}", m["words"]);
        }
    }
    client.cancel().await.unwrap();
    sigterm(up).await;
}

/// The JSON at `url`, read with the admin token.
async fn get_as_admin(url: &str) -> Value {
    let request = govtrack_runtime::http_client().get(url).bearer_auth(ADMIN);
    request.send().await.unwrap().json().await.unwrap()
}

/// Events of contoso the api has applied, as the admin reads them.
async fn applied(up: &Up) -> u64 {
    let orgs = get_as_admin(&format!("{}/v1/orgs", up.api)).await;
    (orgs["orgs"].as_array().unwrap().iter())
        .find(|o| o["org"] == "contoso")
        .and_then(|o| o["events"].as_u64())
        .unwrap()
}

async fn applied_at_least(up: &Up, count: u64) -> u64 {
    for _ in 0..300 {
        let now = applied(up).await;
        if now >= count {
            return now;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("fewer than {count} events applied after 30 s")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn govtrack_mcp_records_through_ingest_once_and_a_reader_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let up = up_with_tokens(dir.path()).await;
    let before = applied(&up).await;
    let client = stdio(&up, ADMIN).await;
    let args = json!({"org": "contoso", "initiative": "app-in-a-day", "note": "second cohort booked", "percent": 60});
    let first = call(&client, "check_in_initiative", args.clone()).await;
    assert_answered(&first);
    let answer = first.structured_content.clone().unwrap();
    assert_eq!(answer["duplicate"], false, "{answer}");
    let again = call(&client, "check_in_initiative", args).await;
    let repeated = again.structured_content.clone().unwrap();
    assert_eq!(
        (&repeated["duplicate"], &repeated["sequence"]),
        (&json!(true), &answer["sequence"])
    );
    applied_at_least(&up, before + 1).await;
    // The scheduler may append its own findings meanwhile: count this call's id.
    let after = answer["sequence"].as_u64().unwrap() - 1;
    let page = get_as_admin(&format!("{}/v1/orgs/contoso/events?after={after}", up.api)).await;
    let same_id = (page["events"].as_array().unwrap().iter())
        .filter(|e| e["id"] == answer["id"])
        .count();
    assert_eq!(same_id, 1, "the repeated call is stored once: {page}");
    let event = &page["events"][0];
    assert_eq!(event["id"], answer["id"]);
    assert_eq!(event["recorded_by"], json!({"kind": "token", "id": "ops"}));

    // A reader is offered no write tool, and one called anyway is refused by name.
    let reader = stdio(&up, READER).await;
    let offered = reader.list_all_tools().await.unwrap();
    assert_eq!(offered.len(), 10, "{:?}", as_json(&offered));
    let measure = json!({"org": "contoso", "key_result": "k", "value": 1});
    let refused = call(&reader, "measure_key_result", measure.clone()).await;
    assert_refused(&refused, "may not record events for any organisation");
    // An editor of fabrikam is offered them; ingest refuses its contoso measurement.
    let editor = stdio(&up, FABRIKAM_EDITOR).await;
    assert_eq!(editor.list_all_tools().await.unwrap().len(), 13);
    let refused = call(&editor, "measure_key_result", measure).await;
    assert_refused(&refused, "ingest refused the event (403)");
    editor.cancel().await.unwrap();
    let hidden = call(&reader, "get_maturity", json!({"org": "fabrikam"})).await;
    let absent = call(&reader, "get_maturity", json!({"org": "nosuchorg"})).await;
    assert_eq!(
        text(&hidden),
        text(&absent).replace("nosuchorg", "fabrikam")
    );
    client.cancel().await.unwrap();
    reader.cancel().await.unwrap();
    sigterm(up).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_the_api_refuses_ends_govtrack_mcp_with_the_apis_reason() {
    let dir = tempfile::tempdir().unwrap();
    let up = up_with_tokens(dir.path()).await;
    let output = Command::new(BIN)
        .args(["mcp", "--url", &up.api, "--ingest-url", &up.ingest])
        .args(["--token", "not-a-token-of-this-api"])
        .stdin(Stdio::null())
        .output()
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!("the api at {} says", up.api)),
        "{stderr}"
    );
    assert!(stderr.contains("refused the token"), "{stderr}");
    sigterm(up).await;
}
