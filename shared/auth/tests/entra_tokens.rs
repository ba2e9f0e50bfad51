//! Every check of an access token: each bad token is refused as invalid (HTTP 401),
//! a good one names its person or its app.

use govtrack_auth::oidc::{Principal, TokenError};
use govtrack_testkit::{TestProvider, TestUser};
use serde_json::{Value, json};

use crate::common::{self, AUDIENCE};

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn person(provider: &TestProvider) -> Value {
    let mut claims = provider.standard_claims(AUDIENCE);
    let user = TestUser::new("ada@contoso.com", "Ada Lovelace");
    if let (Value::Object(c), Value::Object(u)) = (&mut claims, user.claims(&provider.tenant())) {
        c.extend(u);
    }
    claims["scp"] = json!("Events.ReadWrite");
    claims
}

/// The reason a token was refused; panics when it was accepted or unverifiable.
async fn refused(provider: &TestProvider, token: &str) -> String {
    match common::verifier(provider).access_token(token).await {
        Err(TokenError::Invalid(why)) => why,
        Err(e) => panic!("refused for the wrong reason: {e}"),
        Ok(identity) => panic!("accepted: {identity:?}"),
    }
}

#[tokio::test]
async fn a_good_person_token_names_the_person() {
    let provider = common::provider().await;
    let user = TestUser::new("ada@contoso.com", "Ada Lovelace").in_groups(&["g-1"]);
    let token = provider.user_token(&user, AUDIENCE);
    let identity = common::verifier(&provider)
        .access_token(&token)
        .await
        .unwrap();
    assert!(matches!(&identity.principal, Principal::User { oid, .. } if *oid == user.oid));
    assert_eq!(identity.display_name(), "Ada Lovelace");
    assert_eq!(identity.groups, ["g-1"]);
}

#[tokio::test]
async fn an_app_only_token_names_the_app() {
    let provider = common::provider().await;
    let token = provider.app_token("flow-app", &["Govtrack.Editor"], AUDIENCE);
    let identity = common::verifier(&provider)
        .access_token(&token)
        .await
        .unwrap();
    assert!(matches!(&identity.principal, Principal::App { app_id, .. } if app_id == "flow-app"));
    assert_eq!(identity.app_roles, ["Govtrack.Editor"]);
}

#[tokio::test]
async fn a_token_expired_an_hour_ago_is_refused() {
    let provider = common::provider().await;
    let mut claims = person(&provider);
    claims["exp"] = json!(now() - 3600);
    let why = refused(&provider, &provider.sign(&claims)).await;
    assert!(why.contains("expired"), "{why}");
}

#[tokio::test]
async fn a_token_expired_within_the_leeway_is_accepted() {
    let provider = common::provider().await;
    let mut claims = person(&provider);
    claims["exp"] = json!(now() - 60);
    let token = provider.sign(&claims);
    assert!(
        common::verifier(&provider)
            .access_token(&token)
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn a_token_not_yet_valid_is_refused() {
    let provider = common::provider().await;
    let mut claims = person(&provider);
    claims["nbf"] = json!(now() + 600);
    let why = refused(&provider, &provider.sign(&claims)).await;
    assert!(why.contains("not valid yet"), "{why}");
}

#[tokio::test]
async fn a_token_for_another_audience_is_refused() {
    let provider = common::provider().await;
    let mut claims = person(&provider);
    claims["aud"] = json!("api://someone-else");
    let why = refused(&provider, &provider.sign(&claims)).await;
    assert!(why.contains("aud"), "{why}");
}

#[tokio::test]
async fn a_token_from_another_issuer_is_refused() {
    let provider = common::provider().await;
    let mut claims = person(&provider);
    claims["iss"] = json!("https://login.microsoftonline.com/another-tenant/v2.0");
    let why = refused(&provider, &provider.sign(&claims)).await;
    assert!(why.contains("iss"), "{why}");
}

#[tokio::test]
async fn a_token_naming_an_unknown_key_is_refused() {
    let provider = common::provider().await;
    let token = provider.sign_naming_kid(&person(&provider), "no-such-key");
    let why = refused(&provider, &token).await;
    assert!(why.contains("no signing key \"no-such-key\""), "{why}");
}

#[tokio::test]
async fn an_unsigned_token_with_alg_none_is_refused() {
    let provider = common::provider().await;
    let why = refused(&provider, &provider.unsigned(&person(&provider))).await;
    assert!(why.contains("not a signed JWT"), "{why}");
}

#[tokio::test]
async fn an_hs256_token_signed_with_the_public_key_is_refused() {
    let provider = common::provider().await;
    let token = provider.hs256_with_public_key(&person(&provider));
    let why = refused(&provider, &token).await;
    assert!(why.contains("only RS256"), "{why}");
}

#[tokio::test]
async fn a_token_whose_payload_was_changed_is_refused() {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let provider = common::provider().await;
    let token = provider.sign(&person(&provider));
    let parts: Vec<&str> = token.split('.').collect();
    let mut claims: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    claims["roles"] = json!(["Govtrack.Admin"]);
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(claims.to_string()),
        parts[2]
    );
    let why = refused(&provider, &forged).await;
    assert!(why.contains("signature"), "{why}");
}
