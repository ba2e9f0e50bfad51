//! Sign-in to the dashboard with OpenID Connect (Microsoft Entra ID): the
//! authorization code flow with PKCE S256, `state` and `nonce`, by the `oauth2` crate;
//! the ID token verified by `govtrack_auth::oidc`; the session kept in an encrypted
//! cookie ([`session`]). Routes:
//!
//! - `/auth/login?next=`: starts a sign-in, then returns to `next` (a path of this
//!   site only, [`next`]);
//! - `/auth/callback`: checks `state`, trades the code, verifies the ID token, starts
//!   the session;
//! - `/auth/logout`: ends the session, and the provider's when it has an
//!   `end_session_endpoint`; `/auth/signed-out` says so.
//!
//! Off without `GOVTRACK_OIDC_ISSUER`: then none of this is routed.

mod next;
mod oauth;
pub mod pages;
mod routes;
pub mod session;
pub mod session_key;

use std::sync::Arc;

use govtrack_auth::oidc::{Grants, TokenVerifier};

pub use next::same_origin_path;
pub use routes::routes;
pub use session::{Session, Sessions};

use crate::public_url::PublicUrl;

/// Everything sign-in needs.
#[derive(Clone)]
pub struct SignIn {
    pub verifier: TokenVerifier,
    pub sessions: Sessions,
    pub grants: Arc<Grants>,
    oauth: oauth::OAuthClient,
}

impl SignIn {
    /// Sign-in for the app registration `client_id` with `client_secret`, returning to
    /// `{public_url}/auth/callback`.
    pub fn new(
        verifier: TokenVerifier,
        client_id: &str,
        client_secret: &str,
        public_url: &PublicUrl,
        sessions: Sessions,
        grants: Arc<Grants>,
    ) -> SignIn {
        let redirect_uri = public_url.join("/auth/callback");
        SignIn {
            verifier,
            sessions,
            grants,
            oauth: oauth::OAuthClient::new(client_id, client_secret, redirect_uri),
        }
    }

    /// `/auth/login?next={path}`: where an unauthenticated page request is sent.
    pub fn login_path(next: &str) -> String {
        let encoded: String =
            oauth2::url::form_urlencoded::byte_serialize(next.as_bytes()).collect();
        format!("/auth/login?next={encoded}")
    }
}

/// Seconds since the epoch: sessions run on the wall clock, whatever clock the reads use.
pub fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}
