//! Sign-in to the dashboard through a real OpenID provider on loopback: the code flow
//! with PKCE end to end, the session cookie, where a sign-in may return to, signing
//! out, the no-grant page, and Entra access tokens on the read API.

use crate::common::signin::{self, Visitor};
use crate::common::{Harness, example_event as event};

use govtrack_events::EventType as T;
use govtrack_testkit::TestUser;
use serde_json::json;

/// An api with sign-in over a harness holding contoso and northwind.
async fn started() -> (Harness, signin::SignInApi) {
    let h = Harness::start().await;
    let at = crate::common::days_ago(3);
    let sponsor = json!({"sponsor": "cio", "name": "Grace Hopper", "formal": true});
    h.append(&[
        event("c1", "contoso", T::SponsorNamed, at, Some(sponsor.clone())),
        event("n1", "northwind", T::SponsorNamed, at, Some(sponsor)),
    ])
    .await;
    let api = signin::start(h.data.path(), h.shutdown.clone()).await;
    (h, api)
}

fn ada() -> TestUser {
    TestUser::new("ada@contoso.com", "Ada Lovelace").in_groups(&["g-contoso-viewers"])
}

#[tokio::test]
async fn a_person_signs_in_through_the_provider_and_every_page_names_them() {
    let (h, api) = started().await;
    let (mut visitor, hops) = api.visit_as(&ada(), "/orgs/contoso").await;
    let route: Vec<&str> = hops.iter().map(|h| h.url.as_str()).collect();
    assert!(
        route[1].contains("/auth/login?next=%2Forgs%2Fcontoso"),
        "{route:#?}"
    );
    let authorize = route[2];
    assert!(authorize.starts_with(&api.provider.issuer()), "{route:#?}");
    for part in [
        "code_challenge_method=S256",
        "code_challenge=",
        "state=",
        "nonce=",
        "scope=openid",
    ] {
        assert!(authorize.contains(part), "{part} in {authorize}");
    }
    assert!(route[3].contains("/auth/callback?code="), "{route:#?}");
    let callback = &hops[3];
    let session = callback
        .set_cookies
        .iter()
        .find(|c| c.starts_with("govtrack_session="))
        .expect("a session cookie");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=28800"] {
        assert!(session.contains(attribute), "{attribute} in {session}");
    }
    assert!(!session.contains("Secure"), "plain http: {session}");
    assert!(!session.contains("ada@contoso.com"), "sealed: {session}");
    let page = hops.last().unwrap();
    assert_eq!(page.url, api.url("/orgs/contoso"));
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body
            .contains("Signed in as <strong>Ada Lovelace</strong>")
    );
    assert!(page.body.contains(r#"href="/auth/logout""#));
    let index = visitor.get(&api.url("/")).await;
    assert!(index.body.contains("Ada Lovelace") && index.body.contains("contoso"));
    assert!(!index.body.contains("northwind"), "no grant for northwind");
    h.stop().await;
}

#[tokio::test]
async fn a_tampered_session_cookie_is_no_session() {
    let (h, api) = started().await;
    let (mut visitor, _) = api.visit_as(&ada(), "/orgs/contoso").await;
    let cookie = visitor.cookies.get("govtrack_session").unwrap().clone();
    let mut bytes = cookie.into_bytes();
    let middle = bytes.len() / 2;
    bytes[middle] = if bytes[middle] == b'A' { b'B' } else { b'A' };
    visitor
        .cookies
        .insert("govtrack_session".into(), String::from_utf8(bytes).unwrap());
    let hop = visitor.get(&api.url("/orgs/contoso")).await;
    assert_eq!(hop.status, 303);
    assert_eq!(
        hop.location.as_deref(),
        Some("/auth/login?next=%2Forgs%2Fcontoso")
    );
    h.stop().await;
}

#[tokio::test]
async fn a_next_that_would_leave_the_site_lands_on_the_dashboard_root() {
    let (h, api) = started().await;
    api.provider.sign_in_as(&ada());
    for next in ["//evil.example", "https://evil.example", "/\\evil.example"] {
        let mut visitor = Visitor::new();
        let encoded: String = url_encode(next);
        let hops = visitor
            .follow(&format!("{}/auth/login?next={encoded}", api.base_url))
            .await;
        let callback = hops
            .iter()
            .find(|h| h.url.contains("/auth/callback"))
            .unwrap();
        assert_eq!(callback.location.as_deref(), Some("/"), "{next}");
        let last = hops.last().unwrap();
        assert!(last.url.starts_with(&api.base_url), "{next}: {}", last.url);
        assert_eq!(last.status, 200, "{next}");
    }
    h.stop().await;
}

fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn a_callback_whose_state_differs_starts_no_session() {
    let (h, api) = started().await;
    api.provider.sign_in_as(&ada());
    let mut visitor = Visitor::new();
    let login = visitor.get(&api.url("/auth/login")).await;
    let authorize = login.location.unwrap();
    let back = visitor.get(&authorize).await.location.unwrap();
    let forged = back.replace("state=", "state=x");
    let hop = visitor.get(&forged).await;
    assert_eq!(hop.status, 400, "{}", hop.body);
    assert!(hop.body.contains("state does not match"), "{}", hop.body);
    assert!(!visitor.cookies.contains_key("govtrack_session"));
    h.stop().await;
}

#[tokio::test]
async fn signing_out_ends_the_session_and_the_providers() {
    let (h, api) = started().await;
    let (mut visitor, _) = api.visit_as(&ada(), "/orgs/contoso").await;
    let hops = visitor.follow(&api.url("/auth/logout")).await;
    assert!(
        hops[1]
            .url
            .starts_with(&format!("{}/logout?", api.provider.issuer()))
    );
    assert!(hops[1].url.contains("post_logout_redirect_uri="));
    let last = hops.last().unwrap();
    assert!(last.url.ends_with("/auth/signed-out") && last.body.contains("You are signed out"));
    assert_eq!(api.provider.end_sessions(), 1);
    assert!(!visitor.cookies.contains_key("govtrack_session"));
    let again = visitor.get(&api.url("/orgs/contoso")).await;
    assert_eq!(again.status, 303, "signed out: back to the sign-in");
    h.stop().await;
}

#[tokio::test]
async fn someone_without_a_grant_is_told_who_they_are_what_govtrack_saw_and_what_to_ask_for() {
    let (h, api) = started().await;
    let grace = TestUser::new("grace@contoso.com", "Grace Hopper")
        .in_groups(&["g-unrelated"])
        .with_app_roles(&["Other.Role"]);
    let (mut visitor, page) = api.visit_as(&grace, "/orgs/northwind").await;
    let page = page.last().unwrap();
    assert_eq!(page.status, 403);
    for shown in [
        "You may not see northwind",
        "Grace Hopper",
        "grace@contoso.com",
        &api.provider.tenant(),
        "g-unrelated",
        "Other.Role",
        "GOVTRACK_ACCESS_FILE",
        "user = &quot;grace@contoso.com&quot;",
    ] {
        assert!(page.body.contains(shown), "{shown} in {}", page.body);
    }
    assert!(!page.body.contains("_claim_names"), "no overage here");
    let index = visitor.get(&api.url("/")).await;
    assert_eq!(index.status, 403);
    assert!(
        index
            .body
            .contains("You have no access to any organisation yet")
    );
    h.stop().await;
}

#[tokio::test]
async fn a_person_in_too_many_groups_is_told_to_use_app_roles_or_assigned_groups() {
    let (h, api) = started().await;
    let many = TestUser::new("max@contoso.com", "Max").with_group_overage();
    let (_, hops) = api.visit_as(&many, "/orgs/contoso").await;
    let page = hops.last().unwrap();
    assert_eq!(page.status, 403);
    assert!(page.body.contains("_claim_names"), "{}", page.body);
    assert!(page.body.contains("app role") && page.body.contains("assign groups to the app"));
    h.stop().await;
}

#[tokio::test]
async fn entra_access_tokens_read_what_their_grants_allow_and_bad_ones_are_401() {
    let (h, api) = started().await;
    let get = |path: &str, token: String| {
        let url = format!("{}{path}", api.base_url);
        async move {
            let response = govtrack_runtime::http_client()
                .get(url)
                .bearer_auth(token)
                .send()
                .await
                .unwrap();
            response.status().as_u16()
        }
    };
    let p = &api.provider;
    let audience = signin::CLIENT_ID;
    let viewer = p.user_token(&ada(), audience);
    assert_eq!(get("/v1/orgs/contoso/maturity", viewer.clone()).await, 200);
    assert_eq!(get("/v1/orgs/northwind/maturity", viewer).await, 403);
    let app = p.app_token("report-app", &["Govtrack.Viewer"], audience);
    assert_eq!(get("/v1/orgs/northwind/maturity", app).await, 200);
    let mut expired = p.standard_claims(audience);
    expired["exp"] = json!(expired["iat"].as_i64().unwrap() - 3600);
    expired["azp"] = json!("report-app");
    expired["roles"] = json!(["Govtrack.Viewer"]);
    assert_eq!(
        get("/v1/orgs/contoso/maturity", p.sign(&expired)).await,
        401
    );
    let other = p.user_token(&ada(), "api://someone-else");
    assert_eq!(get("/v1/orgs/contoso/maturity", other).await, 401);
    h.stop().await;
}

#[tokio::test]
async fn without_an_identity_provider_sign_in_is_off_and_pages_open_as_before() {
    let h = Harness::start().await;
    let (status, body) = h.get("/auth/login?next=/").await;
    assert_eq!(status, 404, "{body}");
    assert!(body.to_string().contains("sign-in is off"), "{body}");
    let (status, _) = h.get("/").await;
    assert_eq!(status, 200, "loopback without authentication, as before");
    h.stop().await;
}

#[tokio::test]
async fn an_assistant_sending_an_entra_token_to_mcp_records_as_that_person() {
    use crate::mcp::{self, Sent};
    let (h, _tokens_dir, tokens) = mcp::start().await;
    let ingest = crate::common::start_ingest(&h).await;
    let provider =
        govtrack_testkit::TestProvider::start(signin::CLIENT_ID, signin::CLIENT_SECRET).await;
    let files = tempfile::tempdir().unwrap();
    let grants = [govtrack_testkit::Grant::group(
        "g-contoso-editors",
        &["contoso"],
        "editor",
    )];
    let nats = govtrack_bus::NatsSettings::new(h.nats.url(), "api-mcp-entra");
    let base = mcp::api_with(&h, tokens, |s| {
        signin::trust(s, &provider, &grants, files.path());
        s.nats = nats;
    })
    .await;
    let ada = TestUser::new("ada@contoso.com", "Ada Lovelace").in_groups(&["g-contoso-editors"]);
    let token = provider.user_token(&ada, signin::CLIENT_ID);
    let client = mcp::client(&base, Sent::Bearer(&token)).await;
    let args = json!({"org": "contoso", "type": "hackathon.held",
                      "data": govtrack_events::example_data(T::HackathonHeld)});
    let recorded = mcp::call(&client, "record_event", args).await;
    assert_eq!(recorded.is_error, Some(false), "{}", mcp::text(&recorded));
    let sequence = recorded.structured_content.unwrap()["sequence"]
        .as_u64()
        .unwrap();
    h.wait_for(sequence).await;
    let page = mcp::get_json(&h, &base, "/v1/orgs/contoso/events", mcp::ADMIN).await;
    let last = page["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        last["recorded_by"],
        json!({"kind": "user", "id": ada.oid, "name": "ada@contoso.com"})
    );
    client.cancel().await.unwrap();
    ingest.cancel();
    h.stop().await;
}
