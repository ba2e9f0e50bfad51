//! The one way ingest and the api find who is calling, from the `Authorization`
//! header: a bearer shaped like a JWT is the identity provider's access token
//! (verified, then its roles from the grants); any other token is looked up in the
//! tokens file; with neither configured, the local user of a loopback service.

use std::sync::Arc;

use crate::caller::Caller;
use crate::credentials::{AuthError, Credentials};
use crate::oidc::{
    Grants, GrantsFileError, Identity, OidcSettings, Provider, TokenError, TokenVerifier,
    looks_like_jwt,
};
use crate::tokens::TokenStore;

/// The identity provider's side: its tokens, and what the grants give their bearers.
#[derive(Clone)]
pub struct Entra {
    pub verifier: TokenVerifier,
    pub grants: Arc<Grants>,
}

impl Entra {
    /// The provider of `settings`, with the grants file read (none: no grants, which
    /// the log says).
    pub fn load(settings: &OidcSettings) -> Result<Entra, GrantsFileError> {
        let grants = match &settings.access_file {
            Some(path) => Grants::load(path)?,
            None => {
                tracing::warn!(
                    "GOVTRACK_OIDC_ISSUER is set without GOVTRACK_ACCESS_FILE: people can sign \
                     in, but no grant gives them any organisation"
                );
                Grants::default()
            }
        };
        let provider = Arc::new(Provider::new(&settings.issuer));
        Ok(Entra {
            verifier: TokenVerifier::new(provider, &settings.audience, &settings.client_id),
            grants: Arc::new(grants),
        })
    }

    /// The caller `identity` is, with the roles its grants give.
    pub fn caller(&self, identity: &Identity) -> Caller {
        Caller::with_roles(identity.recorded_by(), self.grants.roles_of(identity))
    }
}

/// Why a request has no caller.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// No credentials, or credentials that fail a check (HTTP 401).
    #[error("{0}")]
    Unauthorized(String),
    /// The identity provider's keys cannot be had to check a token (HTTP 503).
    #[error("{0}")]
    Unavailable(String),
}

/// Finds callers.
#[derive(Clone, Default)]
pub struct Authenticator {
    tokens: Arc<TokenStore>,
    entra: Option<Entra>,
}

impl Authenticator {
    /// Tokens of the tokens file, and the identity provider when one is configured.
    pub fn new(tokens: TokenStore, entra: Option<Entra>) -> Authenticator {
        Authenticator {
            tokens: Arc::new(tokens),
            entra,
        }
    }

    /// No tokens and no identity provider: anyone who reaches the port is the local
    /// user, so the service listens on loopback only.
    pub fn is_open(&self) -> bool {
        self.tokens.is_empty() && self.entra.is_none()
    }

    /// The identity provider, when configured.
    pub fn entra(&self) -> Option<&Entra> {
        self.entra.as_ref()
    }

    /// The caller of a request whose `Authorization` and `X-Api-Key` headers are
    /// `authorization` and `api_key` (`Authorization` wins when both are sent).
    pub async fn caller(
        &self,
        authorization: Option<&str>,
        api_key: Option<&str>,
    ) -> Result<Caller, Refusal> {
        if self.is_open() {
            return Ok(Caller::local());
        }
        let credentials =
            Credentials::from_headers(authorization, api_key).map_err(unauthorized)?;
        match &self.entra {
            Some(entra) if looks_like_jwt(credentials.token()) => {
                let identity = entra
                    .verifier
                    .access_token(credentials.token())
                    .await
                    .map_err(|e| match e {
                        TokenError::Invalid(why) => {
                            Refusal::Unauthorized(format!("invalid Entra ID token: {why}"))
                        }
                        TokenError::Unavailable(e) => Refusal::Unavailable(e.to_string()),
                    })?;
                Ok(entra.caller(&identity))
            }
            _ => credentials.caller(&self.tokens).map_err(unauthorized),
        }
    }
}

fn unauthorized(e: AuthError) -> Refusal {
    Refusal::Unauthorized(match e {
        AuthError::Missing => "no token: send `Authorization: Bearer <token>`, \
                               `X-Api-Key: <token>` or HTTP Basic auth with the token as \
                               the password"
            .to_owned(),
        AuthError::Malformed => "the Authorization header must be `Bearer <token>` \
                                 or `Basic base64(user:token)`"
            .to_owned(),
        AuthError::MalformedBasic | AuthError::MalformedApiKey | AuthError::UnknownToken => {
            e.to_string()
        }
    })
}
