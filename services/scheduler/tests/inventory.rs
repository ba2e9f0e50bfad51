//! The inventory collector against a local HTTP server that speaks the documented
//! Entra ID token and device-code shapes and the inventory query shapes, with a real
//! nats-server: paging, Retry-After, refused tokens, idempotent re-runs, deletions,
//! bound key results, and the device-code sign-in with its stored refresh token.

use crate::common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, TimeDelta, Utc};
use common::*;
use govtrack_scheduler::commands::feeds::{inventory_login, inventory_preview};
use govtrack_scheduler::inventory::{self, InventoryError};
use govtrack_scheduler::{Context, RunReport, Settings};
use serde_json::{Value, json};

const EVENTS: &str = "govtrack.events.contoso.>";
const TENANT: &str = "tenant-1";

/// What the fake Microsoft endpoints answer; tests change it between runs.
#[derive(Default)]
struct Fake {
    /// Inventory rows.
    rows: Vec<Value>,
    /// Bodies of the query requests received.
    queries: Vec<Value>,
    /// Answer the next query with this status (and Retry-After), once.
    next_status: Option<(u16, Option<&'static str>)>,
    /// Answer every query with this status.
    always_status: Option<u16>,
    /// Answer queries with a page that is not JSON.
    garbled: bool,
    /// Refresh tokens the token endpoint accepts, and what each is exchanged for.
    refresh: HashMap<String, String>,
    /// Device-code polls still to answer `authorization_pending` (None: the code expires).
    pending_polls: Option<u32>,
    /// Token requests by grant type.
    grants: Vec<String>,
}

type Shared = Arc<Mutex<Fake>>;

struct Server {
    url: String,
    fake: Shared,
}

impl Server {
    async fn start() -> Server {
        let fake: Shared = Arc::default();
        let app = axum::Router::new()
            .route("/{tenant}/oauth2/v2.0/token", axum::routing::post(token))
            .route(
                "/{tenant}/oauth2/v2.0/devicecode",
                axum::routing::post(device_code),
            )
            .route("/resourcequery/resources/query", axum::routing::post(query))
            .with_state(fake.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Server { url, fake }
    }

    fn with<R>(&self, f: impl FnOnce(&mut Fake) -> R) -> R {
        f(&mut self.fake.lock().unwrap())
    }
}

fn form(body: &str) -> HashMap<String, String> {
    let decode = |s: &str| {
        let bytes = s.replace('+', " ").into_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' && i + 2 < bytes.len() {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    };
    body.split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect()
}

fn oauth_error(error: &str, description: &str) -> Response {
    let body = json!({"error": error, "error_description": description});
    (StatusCode::BAD_REQUEST, Json(body)).into_response()
}

async fn token(State(fake): State<Shared>, Path(tenant): Path<String>, body: String) -> Response {
    assert_eq!(tenant, TENANT);
    let f = form(&body);
    let mut fake = fake.lock().unwrap();
    let grant = f["grant_type"].clone();
    fake.grants.push(grant.clone());
    match grant.as_str() {
        "client_credentials" => {
            assert_eq!(f["scope"], "https://api.powerplatform.com/.default");
            if f["client_secret"] == "s3cret" {
                Json(json!({"token_type": "Bearer", "access_token": "app-token", "expires_in": 3599})).into_response()
            } else {
                oauth_error(
                    "invalid_client",
                    "AADSTS7000215: Invalid client secret provided.",
                )
            }
        }
        "refresh_token" => match fake.refresh.get(&f["refresh_token"]).cloned() {
            Some(next) => Json(
                json!({"access_token": "user-token", "refresh_token": next, "expires_in": 3599}),
            )
            .into_response(),
            None => oauth_error(
                "invalid_grant",
                "AADSTS700082: The refresh token has expired due to inactivity.",
            ),
        },
        "urn:ietf:params:oauth:grant-type:device_code" => {
            assert_eq!(f["device_code"], "device-123");
            match fake.pending_polls {
                None => oauth_error(
                    "expired_token",
                    "AADSTS70020: The provided value for the input parameter 'device_code' is not valid.",
                ),
                Some(0) => {
                    fake.refresh.insert("rt-1".into(), "rt-2".into());
                    Json(json!({"access_token": "user-token", "refresh_token": "rt-1", "expires_in": 3599})).into_response()
                }
                Some(n) => {
                    fake.pending_polls = Some(n - 1);
                    oauth_error(
                        "authorization_pending",
                        "AADSTS70016: OAuth 2.0 device flow error. Authorization is pending.",
                    )
                }
            }
        }
        other => panic!("unexpected grant {other}"),
    }
}

async fn device_code(Path(tenant): Path<String>, body: String) -> Response {
    assert_eq!(tenant, TENANT);
    let f = form(&body);
    assert!(
        f["scope"].contains("offline_access"),
        "a refresh token is asked for"
    );
    Json(json!({"device_code": "device-123", "user_code": "ABCD-EFGH",
        "verification_uri": "https://microsoft.com/devicelogin", "expires_in": 900, "interval": 0,
        "message": "To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code ABCD-EFGH to authenticate."}))
    .into_response()
}

async fn query(
    State(fake): State<Shared>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    let mut fake = fake.lock().unwrap();
    fake.queries.push(body.clone());
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        auth == "Bearer app-token" || auth == "Bearer user-token",
        "{auth}"
    );
    if let Some((status, retry_after)) = fake.next_status.take() {
        let mut r = StatusCode::from_u16(status).unwrap().into_response();
        if let Some(after) = retry_after {
            r.headers_mut()
                .insert("retry-after", after.parse().unwrap());
        }
        return r;
    }
    if let Some(status) = fake.always_status {
        return StatusCode::from_u16(status).unwrap().into_response();
    }
    if fake.garbled {
        return "<html>maintenance</html>".into_response();
    }
    assert_eq!(body["TableName"], "PowerPlatformResources");
    let top = body["Options"]["Top"].as_u64().unwrap() as usize;
    let start: usize = body["Options"]["SkipToken"]
        .as_str()
        .map_or(0, |t| t.parse().unwrap());
    let page: Vec<Value> = fake.rows.iter().skip(start).take(top).cloned().collect();
    let end = start + page.len();
    let mut answer = json!({"totalRecords": fake.rows.len(), "count": page.len(),
        "resultTruncated": "false", "data": page});
    if end < fake.rows.len() {
        answer["skipToken"] = json!(end.to_string());
    }
    Json(answer).into_response()
}

fn env(id: &str, kind: &str, managed: bool) -> Value {
    json!({"name": id, "type": "microsoft.powerplatform/environments",
        "properties": {"displayName": id, "environmentType": kind, "isManaged": managed}})
}

fn resource(id: &str, kind: &str, env: &str) -> Value {
    json!({"name": id, "type": kind, "properties": {"displayName": id, "environmentId": env}})
}

fn tenant_rows() -> Vec<Value> {
    vec![
        env("env-prod", "Production", true),
        env("env-default", "Default", false),
        env("env-dev", "Developer", false),
        resource("app-1", "microsoft.powerapps/canvasapps", "env-prod"),
        resource("app-2", "microsoft.powerapps/modeldrivenapps", "env-prod"),
        resource("app-3", "microsoft.powerapps/canvasapps", "env-default"),
        resource(
            "flow-1",
            "microsoft.powerautomate/cloudflows",
            "env-default",
        ),
        resource("agent-1", "microsoft.copilotstudio/agents", "env-prod"),
    ]
}

fn settings(h: &Harness, server: &Server, auth: &str) -> Settings {
    let secret = h.data.path().join("inventory.secret");
    std::fs::write(&secret, "s3cret\n").unwrap();
    let toml = format!(
        "[inventory]\norg = \"contoso\"\nhost = \"{url}\"\nlogin_host = \"{url}\"\ntenant_id = \"{TENANT}\"\n\
         client_id = \"app-1\"\nauth = \"{auth}\"\nclient_secret_file = \"{secret}\"\npage_size = 3\n\
         retry_budget = \"10s\"\n",
        url = server.url,
        secret = secret.display()
    );
    let file = Settings::from_toml(h.data.path().join("a"), &toml).unwrap();
    let mut s = h.settings_with_watch("a");
    s.inventory = file.inventory;
    s.jobs
        .extend(file.jobs.into_iter().filter(|j| j.name == "inventory-sync"));
    s.jobs
        .retain(|j| j.name == "inventory-sync" || j.name == "source-watch");
    s
}

async fn sync(h: &Harness, s: &Settings, now: DateTime<Utc>) -> RunReport {
    govtrack_scheduler::run_once(s.clone(), h.bus.clone(), now, Some("inventory-sync"))
        .await
        .unwrap()
}

fn count(types: &[String], t: &str) -> usize {
    types.iter().filter(|x| *x == t).count()
}

#[tokio::test]
async fn pages_joined_by_skip_token_become_facts_and_a_second_run_appends_nothing() {
    let h = Harness::start().await;
    let server = Server::start().await;
    server.with(|f| f.rows = tenant_rows());
    let s = settings(&h, &server, "client_credentials");

    let report = sync(&h, &s, t0()).await;
    let run = &report.jobs[0];
    assert_eq!(run.error, None);
    let queries = server.with(|f| f.queries.clone());
    assert_eq!(queries.len(), 3, "8 rows, 3 per page");
    assert_eq!(queries[1]["Options"], json!({"Top": 3, "SkipToken": "3"}));
    let types = h.log_types(EVENTS).await;
    assert_eq!(count(&types, "environment.created"), 3);
    // apps: 2 in managed production, 1 in default; flows: 1 in default; agents: 1 in production.
    assert_eq!(count(&types, "inventory.counted"), 4);
    assert_eq!(run.appended, 7);

    let again = sync(&h, &s, t0() + TimeDelta::hours(1)).await;
    assert_eq!(
        (again.jobs[0].appended, again.jobs[0].duplicates),
        (0, 0),
        "{again:?}"
    );
    assert_eq!(h.log_types(EVENTS).await.len(), 7);
}

#[tokio::test]
async fn a_429_is_retried_after_its_retry_after_then_succeeds() {
    let h = Harness::start().await;
    let server = Server::start().await;
    server.with(|f| {
        f.rows = tenant_rows();
        f.next_status = Some((429, Some("1")));
    });
    let s = settings(&h, &server, "client_credentials");
    let started = Instant::now();
    let report = sync(&h, &s, t0()).await;
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited for Retry-After"
    );
    assert_eq!(report.jobs[0].error, None);
    assert_eq!(report.jobs[0].appended, 7);
}

#[tokio::test]
async fn a_401_fails_the_run_with_a_clear_error_and_a_finding_and_appends_no_facts() {
    let h = Harness::start().await;
    let server = Server::start().await;
    server.with(|f| {
        f.rows = tenant_rows();
        f.always_status = Some(401);
    });
    let s = settings(&h, &server, "client_credentials");
    let report = sync(&h, &s, t0()).await;
    let error = report.jobs[0].error.clone().unwrap();
    assert!(
        error.contains("401") && error.contains("inventory.tenant_id"),
        "{error}"
    );
    let types = h.log_types(EVENTS).await;
    assert_eq!(types, ["source.failed"], "no facts, only the finding");
    let alert = h.only_alert().await;
    assert_eq!(alert["kind"], "source_failed");
    assert!(alert["summary"].as_str().unwrap().contains("401"));

    // Fixed: the next run succeeds and the alert resolves.
    server.with(|f| f.always_status = None);
    let report = sync(&h, &s, t0() + TimeDelta::hours(1)).await;
    assert_eq!(report.jobs[0].error, None);
    let alerts = h.alert_messages().await;
    assert_eq!(alerts.last().unwrap()["status"], "resolved", "{alerts:?}");
    sync(&h, &s, t0() + TimeDelta::hours(2)).await;
    let types = h.log_types(EVENTS).await;
    assert_eq!(
        count(&types, "source.recovered"),
        1,
        "once, after the failure: {types:?}"
    );
    assert_eq!(count(&types, "source.failed"), 1);
}

#[tokio::test]
async fn a_403_to_an_app_token_suggests_the_device_code_sign_in() {
    let h = Harness::start().await;
    let server = Server::start().await;
    server.with(|f| f.always_status = Some(403));
    let s = settings(&h, &server, "client_credentials");
    let error = sync(&h, &s, t0()).await.jobs[0].error.clone().unwrap();
    assert!(
        error.contains("auth = \"device_code\"") && error.contains("govtrack inventory login"),
        "{error}"
    );
}

#[tokio::test]
async fn a_removed_environment_becomes_environment_deleted_and_an_update_is_recorded() {
    let h = Harness::start().await;
    let server = Server::start().await;
    server.with(|f| f.rows = tenant_rows());
    let s = settings(&h, &server, "client_credentials");
    sync(&h, &s, t0()).await;
    server.with(|f| {
        f.rows.retain(|r| r["name"] != "env-dev");
        f.rows[1] = env("env-default", "Default", true);
    });
    let report = sync(&h, &s, t0() + TimeDelta::hours(1)).await;
    let types = h.log_types(EVENTS).await;
    assert_eq!(count(&types, "environment.deleted"), 1);
    assert_eq!(count(&types, "environment.updated"), 1);
    // app-3 and flow-1 now count as in a managed default environment: two counts move
    // from unmanaged to managed, each side changes.
    assert_eq!(count(&types, "inventory.counted"), 4 + 4);
    assert_eq!(report.jobs[0].appended, 2 + 4);
    assert_eq!(
        sync(&h, &s, t0() + TimeDelta::hours(2)).await.jobs[0].appended,
        0
    );
}

#[tokio::test]
async fn a_key_result_bound_to_a_count_is_measured_and_dry_run_appends_nothing() {
    let h = Harness::start().await;
    let server = Server::start().await;
    server.with(|f| f.rows = tenant_rows());
    let s = settings(&h, &server, "client_credentials");
    h.emit(
        "contoso",
        "objective.defined",
        json!({"objective": "gov", "title": "Govern the estate",
        "period_start": "2026-01-01", "period_end": "2026-12-31"}),
        t0(),
    )
    .await;
    h.emit("contoso", "key_result.defined", json!({"key_result": "managed-apps", "objective": "gov",
        "title": "Apps in managed environments", "unit": "apps", "baseline": 0.0, "target": 10.0,
        "direction": "increase", "due": "2026-12-31", "measure": {"resource_type": "apps", "managed": true}}), t0()).await;

    let preview = inventory_preview(s.clone(), h.bus.clone(), t0())
        .await
        .unwrap();
    assert_eq!(preview.changes.len(), 8, "7 facts and a measurement");
    assert_eq!(
        h.log_types(EVENTS).await.len(),
        2,
        "a dry run appends nothing"
    );

    sync(&h, &s, t0()).await;
    let measured: Vec<Value> = h
        .read_bodies(EVENTS)
        .await
        .into_iter()
        .filter(|e| e["type"] == "key_result.measured")
        .collect();
    assert_eq!(measured.len(), 1);
    assert_eq!(
        measured[0]["data"],
        json!({"key_result": "managed-apps", "value": 2.0})
    );

    server.with(|f| {
        f.rows.push(resource(
            "app-4",
            "microsoft.powerapps/canvasapps",
            "env-prod",
        ))
    });
    sync(&h, &s, t0() + TimeDelta::hours(1)).await;
    sync(&h, &s, t0() + TimeDelta::hours(2)).await;
    let values: Vec<Value> = h
        .read_bodies(EVENTS)
        .await
        .into_iter()
        .filter(|e| e["type"] == "key_result.measured")
        .map(|e| e["data"]["value"].clone())
        .collect();
    assert_eq!(values, [json!(2.0), json!(3.0)]);
}

#[tokio::test]
async fn device_code_sign_in_polls_until_signed_in_and_the_stored_refresh_token_runs_the_job() {
    let h = Harness::start().await;
    let server = Server::start().await;
    server.with(|f| {
        f.rows = tenant_rows();
        f.pending_polls = Some(2);
    });
    let s = settings(&h, &server, "device_code");
    let no_login = sync(&h, &s, t0()).await.jobs[0].error.clone().unwrap();
    assert!(no_login.contains("govtrack inventory login"), "{no_login}");

    let mut shown = None;
    inventory_login(&s, |p| shown = Some(p.clone()))
        .await
        .unwrap();
    let prompt = shown.unwrap();
    assert_eq!(
        (prompt.url.as_str(), prompt.code.as_str()),
        ("https://microsoft.com/devicelogin", "ABCD-EFGH")
    );
    let grants = server.with(|f| f.grants.clone());
    assert_eq!(
        grants.len(),
        3,
        "two pending polls, then the token: {grants:?}"
    );
    let stored = s
        .inventory
        .as_ref()
        .unwrap()
        .refresh_token_path(&s.data_dir);
    assert_eq!(std::fs::read_to_string(&stored).unwrap(), "rt-1");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&stored).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }

    let report = sync(&h, &s, t0() + TimeDelta::hours(1)).await;
    assert_eq!(report.jobs[0].error, None);
    assert_eq!(
        report.jobs[0].appended,
        7 + 1,
        "the facts, and source.recovered after the failed run without a sign-in"
    );
    assert_eq!(
        std::fs::read_to_string(&stored).unwrap(),
        "rt-2",
        "the rotated refresh token is kept"
    );

    // The refresh token expires: the run says so and names the fix.
    server.with(|f| f.refresh.clear());
    let error = sync(&h, &s, t0() + TimeDelta::hours(2)).await.jobs[0]
        .error
        .clone()
        .unwrap();
    assert!(
        error.contains("expired") && error.contains("govtrack inventory login"),
        "{error}"
    );
}

#[tokio::test]
async fn a_device_code_that_expires_before_sign_in_says_so() {
    let h = Harness::start().await;
    let server = Server::start().await;
    server.with(|f| f.pending_polls = None);
    let s = settings(&h, &server, "device_code");
    let err = inventory_login(&s, |_| {}).await.unwrap_err();
    assert!(
        err.to_string().contains("expired before anyone signed in"),
        "{err}"
    );
    assert!(
        !s.inventory
            .as_ref()
            .unwrap()
            .refresh_token_path(&s.data_dir)
            .exists()
    );
}

#[tokio::test]
async fn an_https_login_host_is_reached_over_tls() {
    use tokio::io::AsyncReadExt;
    let h = Harness::start().await;
    let server = Server::start().await;
    // A listener that takes the connection and records its first bytes, then hangs up.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let login = format!("https://{}", listener.local_addr().unwrap());
    let hello = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut head = [0u8; 6];
        socket.read_exact(&mut head).await.unwrap();
        head
    });
    let mut s = settings(&h, &server, "client_credentials");
    s.inventory.as_mut().unwrap().login_host = login.clone();
    let error = sync(&h, &s, t0()).await.jobs[0].error.clone().unwrap();
    let head = hello.await.unwrap();
    assert_eq!(
        (head[0], head[5]),
        (0x16, 0x01),
        "a TLS ClientHello: {head:?}"
    );
    assert!(error.contains(&login), "the error names the host: {error}");
    assert!(
        server.with(|f| f.grants.is_empty()),
        "the token server was not asked"
    );
}

#[tokio::test]
async fn sign_in_query_and_answer_failures_are_told_apart_and_keep_their_cause() {
    let h = Harness::start().await;
    let server = Server::start().await;
    server.with(|f| f.garbled = true);
    let closed = "http://127.0.0.1:1".to_owned();
    let run = async |s: &Settings| {
        let ctx = Context::new(s.clone(), h.bus.clone()).unwrap();
        inventory::sync(&ctx, t0(), true).await.unwrap_err()
    };

    let mut s = settings(&h, &server, "client_credentials");
    let err = run(&s).await;
    assert!(matches!(err, InventoryError::Parse { .. }), "{err:?}");
    let cause = std::error::Error::source(&err).expect("the parser's error");
    assert!(cause.to_string().contains("line 1"), "{cause}");

    s.inventory.as_mut().unwrap().host = closed.clone();
    let err = run(&s).await;
    assert!(matches!(err, InventoryError::Query { .. }), "{err:?}");
    let why = govtrack_runtime::error_chain(&err);
    assert!(
        why.contains("inventory.host") && why.contains("onnection refused"),
        "{why}"
    );

    s.inventory.as_mut().unwrap().login_host = closed;
    let err = run(&s).await;
    assert!(
        matches!(err, InventoryError::SignInUnreachable { .. }),
        "{err:?}"
    );
    assert!(std::error::Error::source(&err).is_some());
}
