//! Entra ID access tokens on ingest, against a real OpenID provider on loopback: the
//! grants decide who may record, every bad token is 401, and each event names its
//! recorder (the person, the app, or the tokens-file token).

use std::path::PathBuf;

use govtrack_auth::oidc::OidcSettings;
use govtrack_events::{EventType, RecordedBy, example_data};
use govtrack_ingest::Settings;
use govtrack_testkit::{
    Grant, TestNats, TestProvider, TestUser, assert_error_mentions, write_grants,
};
use serde_json::{Value, json};

use crate::common::{self, Running, sponsor_named};

const CLIENT_ID: &str = "0f6c2d3e-govtrack";
const AUDIENCE: &str = "api://govtrack";

/// Viewers and editors everywhere by app role, the CoE group editing contoso, admins of
/// contoso by app role.
const GRANTS: &[Grant] = &[
    Grant::app_role("Govtrack.Viewer", &["*"], "viewer"),
    Grant::app_role("Govtrack.Editor", &["*"], "editor"),
    Grant::group("g-coe", &["contoso"], "editor"),
    Grant::app_role("Govtrack.Admin", &["contoso"], "admin"),
];

struct Entra {
    svc: Running,
    provider: TestProvider,
    _files: tempfile::TempDir,
}

/// Ingest trusting a fresh provider, with the grants above and one tokens-file token
/// (`hooks`, admin) whose secret is "s3cret".
async fn start() -> Entra {
    let provider = TestProvider::start(CLIENT_ID, "secret").await;
    let files = tempfile::tempdir().unwrap();
    let access = write_grants(files.path(), GRANTS);
    let tokens = common::tokens_file(files.path(), "s3cret");
    let nats = TestNats::start();
    let mut settings = Settings::local(&nats.url(), &nats.dir().join("ingest"));
    settings.tokens_file = Some(tokens);
    settings.oidc = oidc(&provider, Some(access));
    let svc = common::start_with(nats, settings).await;
    Entra {
        svc,
        provider,
        _files: files,
    }
}

fn oidc(provider: &TestProvider, access: Option<PathBuf>) -> Option<OidcSettings> {
    OidcSettings::new(
        Some(&provider.issuer()),
        Some(CLIENT_ID),
        Some(AUDIENCE),
        None,
        access,
    )
    .unwrap()
}

async fn post(svc: &Running, id: &str, token: &str) -> (u16, Value) {
    let body = serde_json::to_vec(&sponsor_named(id, "cio")).unwrap();
    svc.post_raw(body, Some(token)).await
}

#[tokio::test]
async fn a_viewers_token_may_not_record_and_nothing_is_appended() {
    let e = start().await;
    let viewer = TestUser::new("vera@contoso.com", "Vera").with_app_roles(&["Govtrack.Viewer"]);
    let (status, answer) = post(&e.svc, "v1", &e.provider.user_token(&viewer, AUDIENCE)).await;
    assert_eq!(status, 403, "{answer}");
    assert_error_mentions(&answer, "vera@contoso.com");
    assert_eq!(e.svc.stream_messages().await, 0);
}

#[tokio::test]
async fn an_editors_token_records_under_the_persons_object_id_and_user_name() {
    let e = start().await;
    let ada = TestUser::new("ada@contoso.com", "Ada Lovelace").in_groups(&["g-coe"]);
    let (status, answer) = post(&e.svc, "e1", &e.provider.user_token(&ada, AUDIENCE)).await;
    assert_eq!(status, 200, "{answer}");
    let events = e.svc.stream_events().await;
    assert_eq!(
        events[0].recorded_by,
        Some(RecordedBy::user(&ada.oid, Some("ada@contoso.com".into())))
    );
    // The group grants contoso only.
    let mut elsewhere = sponsor_named("e2", "cfo");
    elsewhere["org"] = json!("fabrikam");
    let token = e.provider.user_token(&ada, AUDIENCE);
    let (status, _) = e
        .svc
        .post_raw(serde_json::to_vec(&elsewhere).unwrap(), Some(&token))
        .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn only_an_admin_records_silences_and_feed_cadences() {
    let e = start().await;
    let admin_only = |t: EventType, id: &str| json!({"id": id, "type": t.name(), "org": "contoso", "data": example_data(t)});
    let ada = TestUser::new("ada@contoso.com", "Ada Lovelace").in_groups(&["g-coe"]);
    let editor = e.provider.user_token(&ada, AUDIENCE);
    for t in [EventType::SilenceCreated, EventType::SourceExpected] {
        let body = serde_json::to_vec(&admin_only(t, "by-editor")).unwrap();
        let (status, answer) = e.svc.post_raw(body, Some(&editor)).await;
        assert_eq!(status, 403, "{t}: {answer}");
        let message = answer["error"]["message"].as_str().unwrap();
        assert!(message.contains("admin"), "{message}");
    }
    assert_eq!(e.svc.stream_messages().await, 0, "nothing appended");
    let root = TestUser::new("root@contoso.com", "Root").with_app_roles(&["Govtrack.Admin"]);
    let admin = e.provider.user_token(&root, AUDIENCE);
    let body = serde_json::to_vec(&admin_only(EventType::SilenceCreated, "by-admin")).unwrap();
    let (status, answer) = e.svc.post_raw(body, Some(&admin)).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(e.svc.stream_messages().await, 1);
}

#[tokio::test]
async fn an_app_only_token_records_under_the_app_id() {
    let e = start().await;
    let token = e
        .provider
        .app_token("flow-app-id", &["Govtrack.Editor"], AUDIENCE);
    let (status, answer) = post(&e.svc, "a1", &token).await;
    assert_eq!(status, 200, "{answer}");
    let events = e.svc.stream_events().await;
    assert_eq!(
        events[0].recorded_by,
        Some(RecordedBy::app("flow-app-id", None))
    );
}

#[tokio::test]
async fn a_tokens_file_token_still_records_under_its_name_beside_entra() {
    let e = start().await;
    let (status, answer) = post(&e.svc, "t1", "s3cret").await;
    assert_eq!(status, 200, "{answer}");
    let events = e.svc.stream_events().await;
    assert_eq!(events[0].recorded_by, Some(RecordedBy::token("hooks")));
}

#[tokio::test]
async fn every_bad_token_is_401_and_appends_nothing() {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let e = start().await;
    let p = &e.provider;
    let editor = TestUser::new("ed@contoso.com", "Ed").with_app_roles(&["Govtrack.Editor"]);
    let claims = |patch: Value| {
        let mut c = p.standard_claims(AUDIENCE);
        for (k, v) in editor.claims(&p.tenant()).as_object().unwrap() {
            c[k] = v.clone();
        }
        c["scp"] = json!("Events.ReadWrite");
        for (k, v) in patch.as_object().unwrap() {
            c[k] = v.clone();
        }
        c
    };
    let now = p.standard_claims(AUDIENCE)["iat"].as_i64().unwrap();
    let good = p.sign(&claims(json!({})));
    let parts: Vec<&str> = good.split('.').collect();
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(claims(json!({"roles": ["Govtrack.Admin"]})).to_string()),
        parts[2]
    );
    let bad = [
        (
            "expired an hour ago",
            p.sign(&claims(json!({"exp": now - 3600}))),
        ),
        ("not yet valid", p.sign(&claims(json!({"nbf": now + 600})))),
        ("wrong aud", p.sign(&claims(json!({"aud": "api://other"})))),
        (
            "wrong iss",
            p.sign(&claims(json!({"iss": "https://login.example/x/v2.0"}))),
        ),
        (
            "unknown kid",
            p.sign_naming_kid(&claims(json!({})), "nobody-knows"),
        ),
        ("alg none", p.unsigned(&claims(json!({})))),
        (
            "HS256 with the public key",
            p.hs256_with_public_key(&claims(json!({}))),
        ),
        ("tampered payload", tampered),
    ];
    for (n, (case, token)) in bad.iter().enumerate() {
        let (status, answer) = post(&e.svc, &format!("b{n}"), token).await;
        assert_eq!(status, 401, "{case}: {answer}");
        assert!(
            answer["error"]["message"]
                .as_str()
                .unwrap()
                .starts_with("invalid Entra ID token"),
            "{case}: {answer}"
        );
    }
    assert_eq!(e.svc.stream_messages().await, 0);
    let (status, answer) = post(&e.svc, "g1", &good).await;
    assert_eq!(status, 200, "the good one passes: {answer}");
}

#[tokio::test]
async fn a_rotated_key_is_accepted_and_with_the_provider_down_held_keys_still_verify() {
    let mut e = start().await;
    let editor = TestUser::new("ed@contoso.com", "Ed").with_app_roles(&["Govtrack.Editor"]);
    let (status, _) = post(&e.svc, "r1", &e.provider.user_token(&editor, AUDIENCE)).await;
    assert_eq!(status, 200);
    e.provider.add_key();
    let rotated = e.provider.user_token(&editor, AUDIENCE);
    let (status, answer) = post(&e.svc, "r2", &rotated).await;
    assert_eq!(status, 200, "the new key is fetched: {answer}");
    let later = e.provider.user_token(&editor, AUDIENCE);
    e.provider.stop().await;
    let (status, answer) = post(&e.svc, "r3", &later).await;
    assert_eq!(status, 200, "held keys outlive the provider: {answer}");
    assert_eq!(e.svc.stream_messages().await, 3);
}

#[tokio::test]
async fn a_bad_grants_file_stops_ingest_at_start_with_the_line() {
    let provider = TestProvider::start(CLIENT_ID, "secret").await;
    let files = tempfile::tempdir().unwrap();
    let access = files.path().join("access.toml");
    std::fs::write(
        &access,
        "[[grant]]\ngroup = \"g\"\norgs = [\"*\"]\nrole = \"owner\"\n",
    )
    .unwrap();
    let nats = TestNats::start();
    let mut settings = Settings::local(&nats.url(), &nats.dir().join("ingest"));
    settings.http_addr = "127.0.0.1:0".parse().unwrap();
    settings.oidc = oidc(&provider, Some(access));
    let e = govtrack_ingest::build(settings).await.err().unwrap();
    let text = format!("{e:#}");
    assert!(
        text.contains("line 4") && text.contains("unknown role \"owner\""),
        "{text}"
    );
}
