//! The provider's keys over time: rotation, an outage, and a flood of unknown kids.

use govtrack_auth::oidc::TokenError;
use govtrack_testkit::TestUser;

use crate::common::{self, AUDIENCE};

#[tokio::test]
async fn a_key_the_provider_adds_later_is_accepted_after_the_jwks_is_fetched_again() {
    let provider = common::provider().await;
    let verifier = common::verifier(&provider);
    let ada = TestUser::new("ada@contoso.com", "Ada");
    verifier
        .access_token(&provider.user_token(&ada, AUDIENCE))
        .await
        .unwrap();
    assert_eq!(provider.jwks_fetches(), 1);
    provider.add_key();
    let rotated = provider.user_token(&ada, AUDIENCE);
    verifier.access_token(&rotated).await.unwrap();
    assert_eq!(provider.jwks_fetches(), 2);
    verifier.access_token(&rotated).await.unwrap();
    assert_eq!(provider.jwks_fetches(), 2, "a known key needs no fetch");
}

#[tokio::test]
async fn with_the_provider_stopped_the_keys_held_still_verify() {
    let mut provider = common::provider().await;
    let verifier = common::verifier(&provider);
    let ada = TestUser::new("ada@contoso.com", "Ada");
    let token = provider.user_token(&ada, AUDIENCE);
    verifier.access_token(&token).await.unwrap();
    let later = provider.user_token(&ada, AUDIENCE);
    provider.stop().await;
    let identity = verifier.access_token(&later).await.unwrap();
    assert_eq!(identity.display_name(), "Ada");
}

#[tokio::test]
async fn a_provider_never_reached_makes_tokens_unverifiable_not_invalid() {
    let mut provider = common::provider().await;
    let verifier = common::verifier(&provider);
    let token = provider.user_token(&TestUser::new("ada@contoso.com", "Ada"), AUDIENCE);
    provider.stop().await;
    let e = verifier.access_token(&token).await.unwrap_err();
    assert!(matches!(e, TokenError::Unavailable(_)), "{e}");
}

#[tokio::test]
async fn unknown_kids_fetch_the_jwks_again_at_most_once_a_minute() {
    let provider = common::provider().await;
    let verifier = common::verifier(&provider);
    let claims = provider.standard_claims(AUDIENCE);
    let ada = TestUser::new("ada@contoso.com", "Ada");
    verifier
        .access_token(&provider.user_token(&ada, AUDIENCE))
        .await
        .unwrap();
    for n in 0..5 {
        let token = provider.sign_naming_kid(&claims, &format!("made-up-{n}"));
        assert!(verifier.access_token(&token).await.is_err());
    }
    assert_eq!(provider.jwks_fetches(), 2, "one load, then one refetch");
}
