//! Read tokens over real HTTP: the api with a tokens file, fed by the real projector
//! from a real nats-server.

use crate::common;

use std::path::PathBuf;

use common::*;
use govtrack_api::client::{ApiClient, ClientError};
use govtrack_api::{App, Settings};
use govtrack_events::EventType as T;
use reqwest::header::WWW_AUTHENTICATE;
use serde_json::Value;
use tempfile::TempDir;

const CONTOSO: &str = "contoso-reader-secret";
const EVERYONE: &str = "all-reader-secret";
const ADMIN: &str = "admin-secret";
const EMITTER: &str = "contoso-emitter-secret";

/// A tokens file: one reader of contoso, one of every org, an admin and an emitter.
fn four_tokens_file() -> (TempDir, PathBuf) {
    tokens_file(&[
        ("contoso-reader", CONTOSO, &["read:contoso"]),
        ("all-reader", EVERYONE, &["read:*"]),
        ("ops", ADMIN, &["admin"]),
        ("hr-sync", EMITTER, &["emit:contoso"]),
    ])
}

/// How a request authenticates.
#[derive(Clone, Copy)]
enum Auth<'a> {
    None,
    Bearer(&'a str),
    Basic(&'a str),
}

struct Answer {
    status: u16,
    challenge: Option<String>,
    body: Value,
}

async fn get(h: &Harness, path: &str, auth: Auth<'_>) -> Answer {
    let request = h.http.get(format!("{}{path}", h.base_url));
    let request = match auth {
        Auth::None => request,
        Auth::Bearer(token) => request.bearer_auth(token),
        Auth::Basic(token) => request.basic_auth("anyone", Some(token)),
    };
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let challenge = response
        .headers()
        .get(WWW_AUTHENTICATE)
        .map(|v| v.to_str().unwrap().to_owned());
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    Answer {
        status,
        challenge,
        body,
    }
}

fn message(answer: &Answer) -> &str {
    answer.body["error"]["message"].as_str().unwrap_or_default()
}

/// The harness with contoso's and fabrikam's events applied.
async fn two_orgs(tokens: PathBuf) -> Harness {
    let h = Harness::start_with_tokens(Some(tokens)).await;
    h.append(&[
        example_event("c1", "contoso", T::SponsorNamed, days_ago(10), None),
        example_event("f1", "fabrikam", T::SponsorNamed, days_ago(10), None),
    ])
    .await;
    h
}

fn org_names(list: &Value) -> Vec<&str> {
    list["orgs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["org"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn a_read_token_reads_its_organisations_and_nothing_else() {
    let (_dir, tokens) = four_tokens_file();
    let h = two_orgs(tokens).await;

    let ok = get(&h, "/v1/orgs/contoso/maturity", Auth::Bearer(CONTOSO)).await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    let other = get(&h, "/v1/orgs/fabrikam/maturity", Auth::Bearer(CONTOSO)).await;
    assert_eq!(other.status, 403, "{}", other.body);
    assert_eq!(
        message(&other),
        "token \"contoso-reader\" may not read organisation \"fabrikam\""
    );
    let alerts = get(&h, "/v1/orgs/fabrikam/alerts", Auth::Bearer(CONTOSO)).await;
    assert_eq!(alerts.status, 403, "{}", alerts.body);
    let emitter = get(&h, "/v1/orgs/contoso/okrs", Auth::Bearer(EMITTER)).await;
    assert_eq!(emitter.status, 403, "an emit scope does not read");

    for token in [EVERYONE, ADMIN] {
        for org in ["contoso", "fabrikam"] {
            for route in [
                "maturity",
                "maturity/history",
                "okrs",
                "initiatives",
                "events",
                "alerts",
            ] {
                let path = format!("/v1/orgs/{org}/{route}");
                let answer = get(&h, &path, Auth::Bearer(token)).await;
                assert_eq!(answer.status, 200, "{path}: {}", answer.body);
            }
        }
    }
    let basic = get(&h, "/v1/orgs/contoso/maturity", Auth::Basic(CONTOSO)).await;
    assert_eq!(basic.status, 200, "Basic works on the JSON routes too");
    h.stop().await;
}

#[tokio::test]
async fn a_missing_or_unknown_token_is_refused_with_a_bearer_challenge() {
    let (_dir, tokens) = four_tokens_file();
    let h = two_orgs(tokens).await;

    let none = get(&h, "/v1/orgs/contoso/maturity", Auth::None).await;
    assert_eq!(none.status, 401);
    assert!(message(&none).starts_with("no token"), "{}", none.body);
    assert_eq!(none.challenge.as_deref(), Some("Bearer realm=\"govtrack\""));
    let wrong = get(&h, "/v1/orgs/contoso/maturity", Auth::Bearer("guess")).await;
    assert_eq!((wrong.status, message(&wrong)), (401, "unknown token"));
    let list = get(&h, "/v1/orgs", Auth::None).await;
    assert_eq!(list.status, 401);

    for open in ["/healthz", "/readyz", "/metrics", "/openapi.json"] {
        assert_eq!(get(&h, open, Auth::None).await.status, 200, "{open}");
    }
    let doc = get(&h, "/openapi.json", Auth::None).await.body;
    assert_eq!(
        doc["components"]["securitySchemes"]["bearerToken"]["scheme"],
        "bearer"
    );
    assert!(doc["paths"]["/v1/orgs/{org}/okrs"]["get"]["responses"]["403"].is_object());
    h.stop().await;
}

#[tokio::test]
async fn the_organisation_list_shows_only_what_the_token_reads() {
    let (_dir, tokens) = four_tokens_file();
    let h = two_orgs(tokens).await;

    let contoso = get(&h, "/v1/orgs", Auth::Bearer(CONTOSO)).await;
    assert_eq!(org_names(&contoso.body), ["contoso"]);
    for token in [EVERYONE, ADMIN] {
        let all = get(&h, "/v1/orgs", Auth::Bearer(token)).await;
        assert_eq!(org_names(&all.body), ["contoso", "fabrikam"]);
    }
    let emitter = get(&h, "/v1/orgs", Auth::Bearer(EMITTER)).await;
    assert_eq!((emitter.status, org_names(&emitter.body).len()), (200, 0));
    h.stop().await;
}

#[tokio::test]
async fn the_client_sends_its_token_and_names_a_refusal() {
    let (_dir, tokens) = four_tokens_file();
    let h = two_orgs(tokens).await;

    let reader = ApiClient::new(&h.base_url).with_token(Some(CONTOSO.to_owned()));
    assert_eq!(
        reader.maturity("contoso", None).await.unwrap().org,
        "contoso"
    );
    assert!(
        !format!("{reader:?}").contains(CONTOSO),
        "Debug hides the token"
    );
    match reader.maturity("fabrikam", None).await.unwrap_err() {
        e @ ClientError::TokenRefused { status: 403, .. } => assert!(
            e.to_string().starts_with("the api refused the token: "),
            "{e}"
        ),
        e => panic!("expected a refused token, got {e:?}"),
    }
    let wrong = ApiClient::new(&h.base_url).with_token(Some("guess".to_owned()));
    let e = wrong.okrs("contoso").await.unwrap_err();
    assert!(
        matches!(e, ClientError::TokenRefused { status: 401, .. }),
        "{e:?}"
    );
    let e = h.client.okrs("contoso").await.unwrap_err();
    assert!(matches!(e, ClientError::TokenRequired(_)), "{e:?}");
    h.stop().await;
}

#[tokio::test]
async fn dashboard_pages_ask_the_browser_for_the_token() {
    let (_dir, tokens) = four_tokens_file();
    let h = two_orgs(tokens).await;

    for page in ["/", "/orgs/contoso"] {
        let refused = get(&h, page, Auth::None).await;
        assert_eq!(refused.status, 401, "{page}");
        assert_eq!(
            refused.challenge.as_deref(),
            Some("Basic realm=\"govtrack\", charset=\"UTF-8\""),
            "{page}"
        );
        assert!(refused.body.as_str().unwrap().contains("<html"), "{page}");
    }
    let index = get(&h, "/", Auth::Basic(CONTOSO)).await;
    assert_eq!(index.status, 200);
    let html = index.body.as_str().unwrap();
    assert!(
        html.contains("/orgs/contoso") && !html.contains("fabrikam"),
        "{html}"
    );
    let page = get(&h, "/orgs/contoso", Auth::Basic(CONTOSO)).await;
    assert_eq!(page.status, 200);
    assert_eq!(
        get(&h, "/orgs/contoso", Auth::Bearer(CONTOSO)).await.status,
        200
    );
    let other = get(&h, "/orgs/fabrikam", Auth::Basic(CONTOSO)).await;
    assert_eq!(other.status, 403);
    assert!(other.body.as_str().unwrap().contains("may not read"));
    let wrong = get(&h, "/", Auth::Basic("guess")).await;
    assert_eq!(wrong.status, 401);
    let css = get(&h, "/static/govtrack.css", Auth::None).await;
    assert_eq!(css.status, 200, "the stylesheet stays open");
    h.stop().await;
}

#[tokio::test]
async fn without_tokens_only_a_loopback_address_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = Settings::new(dir.path());
    settings.http_addr = "0.0.0.0:0".parse().unwrap();
    let Err(e) = App::build(&settings).await else {
        panic!("bound 0.0.0.0 without tokens");
    };
    assert!(
        e.to_string()
            .starts_with("refusing to listen on 0.0.0.0:0 without authentication"),
        "{e}"
    );
    assert!(e.to_string().contains("GOVTRACK_TOKENS_FILE"), "{e}");

    let (_tokens_dir, tokens) = four_tokens_file();
    settings.tokens_file = Some(tokens);
    assert!(App::build(&settings).await.is_ok(), "with tokens it binds");

    settings.tokens_file = Some(dir.path().join("missing.toml"));
    settings.http_addr = "127.0.0.1:0".parse().unwrap();
    let Err(e) = App::build(&settings).await else {
        panic!("started with a missing tokens file");
    };
    assert!(e.to_string().contains("missing.toml"), "{e}");
}

#[tokio::test]
async fn me_names_the_caller_and_whether_it_may_record_even_for_a_token_that_only_records() {
    let (_dir, tokens) = four_tokens_file();
    let h = two_orgs(tokens).await;
    let cases = [
        (CONTOSO, "contoso-reader", false),
        (EVERYONE, "all-reader", false),
        (ADMIN, "ops", true),
        (EMITTER, "hr-sync", true),
    ];
    for (token, name, may_record) in cases {
        let me = get(&h, "/v1/me", Auth::Bearer(token)).await;
        assert_eq!(me.status, 200, "{name}: {}", me.body);
        assert_eq!(me.body["recorded_by"]["kind"], "token", "{}", me.body);
        assert_eq!(me.body["recorded_by"]["id"], name, "{}", me.body);
        assert_eq!(me.body["may_record_somewhere"], may_record, "{}", me.body);
    }
    let client = ApiClient::new(h.base_url.clone()).with_token(Some(EMITTER.into()));
    assert!(client.me().await.unwrap().may_record_somewhere);
    let none = get(&h, "/v1/me", Auth::None).await;
    assert_eq!(none.status, 401, "{}", none.body);
    let wrong = get(&h, "/v1/me", Auth::Bearer("guess")).await;
    assert_eq!((wrong.status, message(&wrong)), (401, "unknown token"));
    h.stop().await;
}
