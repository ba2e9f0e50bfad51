//! The security scheme both services share besides bearer and Basic: the token in an
//! `X-Api-Key` header, which Copilot Studio's and other tools' API-key option sends.

use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};

/// The name both documents give the `X-Api-Key` scheme.
pub const API_KEY: &str = "apiKey";

/// `X-Api-Key: <token>`, read when no `Authorization` header is sent.
pub fn api_key_scheme() -> SecurityScheme {
    SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
        "X-Api-Key",
        "The token itself, when no Authorization header is sent (Copilot Studio's API key option).",
    )))
}
