//! The token of a request, from its `Authorization` header: `Bearer <token>`, or HTTP
//! Basic with the token as the password (the user name is ignored), which is what a
//! browser sends after a `WWW-Authenticate: Basic` challenge; or, without an
//! `Authorization` header, from `X-Api-Key: <token>`, which is what a client configured
//! with "an API key in a header" sends (Copilot Studio's MCP tools, API gateways).

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::caller::Caller;
use crate::tokens::TokenStore;

/// The credentials a request presents. `Debug` hides the token.
#[derive(Clone, PartialEq, Eq)]
pub enum Credentials {
    /// `Authorization: Bearer <token>`.
    Bearer(String),
    /// `Authorization: Basic base64(user:token)`.
    Basic(String),
    /// `X-Api-Key: <token>`.
    ApiKey(String),
}

/// The header that carries a token when `Authorization` does not (lower case, as HTTP/2
/// and the `http` crate spell header names).
pub const API_KEY_HEADER: &str = "x-api-key";

/// Why a request is not authenticated (HTTP 401).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// Neither an `Authorization` nor an `X-Api-Key` header.
    #[error("no token: send `Authorization: Bearer <token>` or `X-Api-Key: <token>`")]
    Missing,
    /// A header that is neither `Bearer <token>` nor `Basic …`.
    #[error("the Authorization header must be `Bearer <token>`")]
    Malformed,
    /// `Basic` credentials that are not base64 of `user:token`.
    #[error("the Basic credentials must be base64 of `user:token`")]
    MalformedBasic,
    /// An `X-Api-Key` header that is empty or not visible ASCII.
    #[error("the X-Api-Key header must be the token alone")]
    MalformedApiKey,
    /// A well-formed token that is not in the tokens file.
    #[error("unknown token")]
    UnknownToken,
}

impl Credentials {
    /// Reads an `Authorization` header value (`None`: no header). Scheme names are
    /// case-insensitive.
    pub fn from_header(value: Option<&str>) -> Result<Credentials, AuthError> {
        let value = value.ok_or(AuthError::Missing)?.trim();
        let (scheme, rest) = value.split_once(' ').unwrap_or((value, ""));
        let rest = rest.trim();
        if scheme.eq_ignore_ascii_case("bearer") && !rest.is_empty() {
            Ok(Credentials::Bearer(rest.to_owned()))
        } else if scheme.eq_ignore_ascii_case("basic") {
            basic_password(rest).map(Credentials::Basic)
        } else {
            Err(AuthError::Malformed)
        }
    }

    /// Reads a request's `Authorization` and `X-Api-Key` header values (`None`: no
    /// such header; `Some("")` for a value that is not text). `Authorization` wins when
    /// both are sent; `X-Api-Key` is the token itself, surrounding blanks ignored.
    pub fn from_headers(
        authorization: Option<&str>,
        api_key: Option<&str>,
    ) -> Result<Credentials, AuthError> {
        match (authorization, api_key) {
            (None, Some(key)) => {
                let key = key.trim();
                let visible = |b: u8| b.is_ascii_graphic();
                if key.is_empty() || !key.bytes().all(visible) {
                    return Err(AuthError::MalformedApiKey);
                }
                Ok(Credentials::ApiKey(key.to_owned()))
            }
            (authorization, _) => Credentials::from_header(authorization),
        }
    }

    /// The token, whichever way it came.
    pub fn token(&self) -> &str {
        match self {
            Credentials::Bearer(t) | Credentials::Basic(t) | Credentials::ApiKey(t) => t,
        }
    }

    /// The caller these credentials name in `tokens`.
    pub fn caller(&self, tokens: &TokenStore) -> Result<Caller, AuthError> {
        tokens
            .authenticate(self.token())
            .ok_or(AuthError::UnknownToken)
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::Bearer(_) => f.write_str("Bearer(<redacted>)"),
            Credentials::Basic(_) => f.write_str("Basic(<redacted>)"),
            Credentials::ApiKey(_) => f.write_str("ApiKey(<redacted>)"),
        }
    }
}

/// The password of `base64(user:password)`.
fn basic_password(encoded: &str) -> Result<String, AuthError> {
    let decoded = STANDARD
        .decode(encoded)
        .map_err(|_| AuthError::MalformedBasic)?;
    let text = String::from_utf8(decoded).map_err(|_| AuthError::MalformedBasic)?;
    match text.split_once(':') {
        Some((_, password)) if !password.is_empty() => Ok(password.to_owned()),
        _ => Err(AuthError::MalformedBasic),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basic(user_and_password: &str) -> String {
        format!("Basic {}", STANDARD.encode(user_and_password))
    }

    #[test]
    fn bearer_and_basic_both_carry_the_token() {
        let bearer = Credentials::from_header(Some("Bearer s3cret")).unwrap();
        assert_eq!(bearer, Credentials::Bearer("s3cret".into()));
        let lower = Credentials::from_header(Some("bearer  s3cret ")).unwrap();
        assert_eq!(lower.token(), "s3cret");
        let from_browser = Credentials::from_header(Some(&basic("anyone:s3:cret"))).unwrap();
        assert_eq!(from_browser, Credentials::Basic("s3:cret".into()));
        let no_user = Credentials::from_header(Some(&basic(":s3cret"))).unwrap();
        assert_eq!(no_user.token(), "s3cret");
    }

    #[test]
    fn missing_or_malformed_headers_say_what_is_wrong() {
        assert_eq!(Credentials::from_header(None), Err(AuthError::Missing));
        for bad in ["Bearer", "Token abc", "s3cret"] {
            let e = Credentials::from_header(Some(bad)).unwrap_err();
            assert_eq!(e, AuthError::Malformed, "{bad}");
        }
        for bad in ["Basic !!!", "Basic dXNlcg==", "Basic"] {
            let e = Credentials::from_header(Some(bad)).unwrap_err();
            assert_eq!(e, AuthError::MalformedBasic, "{bad}");
        }
        assert!(basic_password(&STANDARD.encode("user:")).is_err());
    }

    #[test]
    fn an_api_key_header_carries_the_token_when_authorization_is_absent() {
        let key = Credentials::from_headers(None, Some(" s3cret ")).unwrap();
        assert_eq!(key, Credentials::ApiKey("s3cret".into()));
        assert_eq!(key.token(), "s3cret");
        let both = Credentials::from_headers(Some("Bearer other"), Some("s3cret")).unwrap();
        assert_eq!(both, Credentials::Bearer("other".into()));
        let bearer = Credentials::from_headers(Some("Bearer s3cret"), None).unwrap();
        assert_eq!(bearer, Credentials::Bearer("s3cret".into()));
    }

    #[test]
    fn an_empty_or_spaced_api_key_is_refused_and_none_at_all_is_missing() {
        for bad in ["", "  ", "two words"] {
            let e = Credentials::from_headers(None, Some(bad)).unwrap_err();
            assert_eq!(e, AuthError::MalformedApiKey, "{bad:?}");
        }
        assert_eq!(
            Credentials::from_headers(None, None),
            Err(AuthError::Missing)
        );
        let missing = AuthError::Missing.to_string();
        assert!(missing.contains("X-Api-Key"), "{missing}");
    }

    #[test]
    fn debug_never_shows_the_token() {
        let c = Credentials::Bearer("s3cret".into());
        assert!(!format!("{c:?}").contains("s3cret"));
        let k = Credentials::ApiKey("s3cret".into());
        assert!(!format!("{k:?}").contains("s3cret"));
    }
}
