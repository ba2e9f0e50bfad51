//! Verifies the provider's JWTs: access tokens that apps and flows send to ingest and
//! the api, and the ID token of a dashboard sign-in.
//!
//! RS256 only: the algorithm comes from govtrack, never from the token, so `alg: none`
//! and an HS256 token "signed" with the public key are refused before any key is
//! looked at. The key is the provider's, by `kid`. Then `iss` (the issuer), `aud` (the
//! audience for access tokens, the client id for ID tokens), `exp` and `nbf`, with two
//! minutes of leeway for clocks that disagree.
//!
//! An access token that verified is remembered, by the SHA-256 of its exact text, until
//! it expires: clients send the same token for its whole life (an hour, from Entra), and
//! the same bytes need not be verified again. Its expiry is still checked on every use.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, Validation};
use sha2::{Digest, Sha256};

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

/// Access tokens remembered at most; past it, the expired ones go, or else all.
const REMEMBERED: usize = 10_000;

/// Checks tokens of one provider.
#[derive(Clone)]
pub struct TokenVerifier {
    provider: Arc<Provider>,
    audience: String,
    client_id: String,
    verified: Arc<Mutex<HashMap<[u8; 32], Verified>>>,
}

/// An access token that passed every check, until `exp`.
#[derive(Clone)]
struct Verified {
    identity: Identity,
    exp: u64,
}

impl TokenVerifier {
    /// Access tokens must carry `audience`; ID tokens `client_id`.
    pub fn new(provider: Arc<Provider>, audience: &str, client_id: &str) -> TokenVerifier {
        TokenVerifier {
            provider,
            audience: audience.to_owned(),
            client_id: client_id.to_owned(),
            verified: Arc::default(),
        }
    }

    /// The provider whose tokens these are.
    pub fn provider(&self) -> &Arc<Provider> {
        &self.provider
    }

    /// The identity of a valid access token.
    pub async fn access_token(&self, token: &str) -> Result<Identity, TokenError> {
        let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        let now = jsonwebtoken::get_current_timestamp();
        if let Some(identity) = self.remembered(&digest, now) {
            return Ok(identity);
        }
        let claims = self.verify(token, &self.audience).await?;
        let exp = claims.exp.unwrap_or(0);
        let identity =
            Identity::from_claims(claims).map_err(|e| TokenError::Invalid(e.to_string()))?;
        self.remember(digest, &identity, exp, now);
        Ok(identity)
    }

    fn remembered(&self, digest: &[u8; 32], now: u64) -> Option<Identity> {
        let mut verified = self.verified.lock().unwrap_or_else(|p| p.into_inner());
        match verified.get(digest) {
            Some(v) if now <= v.exp + LEEWAY_SECONDS => Some(v.identity.clone()),
            Some(_) => {
                verified.remove(digest);
                None
            }
            None => None,
        }
    }

    fn remember(&self, digest: [u8; 32], identity: &Identity, exp: u64, now: u64) {
        let mut verified = self.verified.lock().unwrap_or_else(|p| p.into_inner());
        if verified.len() >= REMEMBERED {
            verified.retain(|_, v| now <= v.exp + LEEWAY_SECONDS);
            if verified.len() >= REMEMBERED {
                verified.clear();
            }
        }
        let identity = identity.clone();
        verified.insert(digest, Verified { identity, exp });
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
    use crate::oidc::Principal;

    #[test]
    fn a_remembered_token_counts_only_until_it_expires_with_the_leeway() {
        let provider = Arc::new(Provider::new("http://127.0.0.1:9/never-asked"));
        let verifier = TokenVerifier::new(provider, "aud", "client");
        let app = Identity {
            principal: Principal::App {
                app_id: "app".into(),
                tenant: None,
            },
            groups: vec![],
            app_roles: vec![],
            groups_overage: false,
        };
        let digest = [7u8; 32];
        verifier.remember(digest, &app, 1_000, 900);
        assert_eq!(
            verifier.remembered(&digest, 1_000 + LEEWAY_SECONDS),
            Some(app)
        );
        assert_eq!(verifier.remembered(&digest, 1_001 + LEEWAY_SECONDS), None);
        assert_eq!(
            verifier.remembered(&digest, 900),
            None,
            "forgotten once expired"
        );
    }

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
