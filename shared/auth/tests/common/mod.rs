//! A provider and a verifier of its tokens.

use std::sync::Arc;

use govtrack_auth::oidc::{Provider, TokenVerifier};
use govtrack_testkit::TestProvider;

pub const CLIENT_ID: &str = "11111111-2222-3333-4444-555555555555";
pub const AUDIENCE: &str = "api://govtrack";

pub async fn provider() -> TestProvider {
    TestProvider::start(CLIENT_ID, "test-secret").await
}

pub fn verifier(provider: &TestProvider) -> TokenVerifier {
    TokenVerifier::new(
        Arc::new(Provider::new(&provider.issuer())),
        AUDIENCE,
        CLIENT_ID,
    )
}
