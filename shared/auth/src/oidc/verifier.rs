//! Verifies the provider's JWTs: access tokens that apps and flows send to ingest and
//! the api, and the ID token of a dashboard sign-in.
//!
//! RS256 only: the algorithm comes from govtrack, never from the token, so `alg: none`
//! and an HS256 token "signed" with the public key are refused before any key is
//! looked at. The key is the provider's, by `kid`. Then `iss` (the issuer), `aud` (the
//! audience for access tokens, the client id for ID tokens), `exp` and `nbf`, with two
//! minutes of leeway for clocks that disagree.

use std::sync::Arc;

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, Validation};

use super::claims::{Claims, Identity};
use super::provider::{Provider, ProviderError};

/// Clock skew allowed on `exp` and `nbf`, in seconds.
pub const LEEWAY_SECONDS: u64 = 120;

/// Why a token is not accepted.
#[derive(Debug, Clone, thiserror::Error)]
pub enum TokenError {
    /// It fails a check: the caller's problem (HTTP 401).
    #[error("{0}")]
    Invalid(String),
    /// The provider's keys could not be had (HTTP 503).
    #[error(transparent)]
    Unavailable(#[from] ProviderError),
}

/// Checks tokens of one provider.
#[derive(Clone)]
pub struct TokenVerifier {
    provider: Arc<Provider>,
    audience: String,
    client_id: String,
}

impl TokenVerifier {
    /// Access tokens must carry `audience`; ID tokens `client_id`.
    pub fn new(provider: Arc<Provider>, audience: &str, client_id: &str) -> TokenVerifier {
        TokenVerifier {
            provider,
            audience: audience.to_owned(),
            client_id: client_id.to_owned(),
        }
    }

    /// The provider whose tokens these are.
    pub fn provider(&self) -> &Arc<Provider> {
        &self.provider
    }

    /// The identity of a valid access token.
    pub async fn access_token(&self, token: &str) -> Result<Identity, TokenError> {
        let claims = self.verify(token, &self.audience).await?;
        Identity::from_claims(claims).map_err(|e| TokenError::Invalid(e.to_string()))
    }

    /// The identity of a valid ID token issued for this client with `nonce`.
    pub async fn id_token(&self, token: &str, nonce: &str) -> Result<Identity, TokenError> {
        let claims = self.verify(token, &self.client_id).await?;
        if claims.nonce.as_deref() != Some(nonce) {
            return Err(TokenError::Invalid(
                "the ID token's nonce is not the one this sign-in sent".into(),
            ));
        }
        Identity::from_claims(claims).map_err(|e| TokenError::Invalid(e.to_string()))
    }

    async fn verify(&self, token: &str, audience: &str) -> Result<Claims, TokenError> {
        let invalid = |why: String| TokenError::Invalid(why);
        let header = jsonwebtoken::decode_header(token)
            .map_err(|e| invalid(format!("not a signed JWT: {e}")))?;
        if header.alg != Algorithm::RS256 {
            return Err(invalid(format!(
                "the token is signed with {:?}; only RS256 is accepted",
                header.alg
            )));
        }
        let kid = header
            .kid
            .ok_or_else(|| invalid("the token names no key (kid)".into()))?;
        let key = self
            .provider
            .key(&kid)
            .await?
            .ok_or_else(|| invalid(format!("the provider has no signing key {kid:?}")))?;
        let data = jsonwebtoken::decode::<Claims>(token, &key, &self.validation(audience))
            .map_err(|e| invalid(self.reason(e.kind(), audience)))?;
        Ok(data.claims)
    }

    fn validation(&self, audience: &str) -> Validation {
        let mut validation = Validation::new(Algorithm::RS256);
        validation.leeway = LEEWAY_SECONDS;
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.set_audience(&[audience]);
        validation.set_issuer(&[self.provider.issuer()]);
        validation.set_required_spec_claims(&["exp", "iss", "aud"]);
        validation
    }

    fn reason(&self, kind: &ErrorKind, audience: &str) -> String {
        match kind {
            ErrorKind::ExpiredSignature => "the token has expired".into(),
            ErrorKind::ImmatureSignature => "the token is not valid yet (nbf)".into(),
            ErrorKind::InvalidAudience => format!("the token's aud is not {audience:?}"),
            ErrorKind::InvalidIssuer => {
                format!("the token's iss is not {:?}", self.provider.issuer())
            }
            ErrorKind::InvalidSignature => "the token's signature does not verify".into(),
            ErrorKind::MissingRequiredClaim(claim) => format!("the token has no {claim}"),
            other => format!("the token cannot be read: {other:?}"),
        }
    }
}

/// Whether a bearer token is shaped like a JWT (three dot-separated base64url parts,
/// the first a JSON object): those are verified as the provider's tokens, anything
/// else is looked up in the tokens file.
pub fn looks_like_jwt(token: &str) -> bool {
    let parts: Vec<&str> = token.split('.').collect();
    let base64url = |p: &str| {
        p.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    parts.len() == 3 && parts[0].starts_with("eyJ") && parts.iter().all(|p| base64url(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_three_base64url_parts_opening_on_a_json_object_look_like_a_jwt() {
        assert!(looks_like_jwt("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"));
        assert!(looks_like_jwt("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."));
        for opaque in [
            "change-me-dashboard",
            "0f3c9a2b8d",
            "a.b.c",
            "eyJ.x.y.z",
            "eyJ a.b.c",
        ] {
            assert!(!looks_like_jwt(opaque), "{opaque}");
        }
    }
}
