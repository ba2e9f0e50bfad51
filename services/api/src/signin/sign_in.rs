//! What sign-in needs, in one value the api's state holds: the provider's tokens and
//! the grants, the sessions, the OAuth client and where the provider returns.

use anyhow::Context;
use govtrack_auth::Entra;
use govtrack_auth::oidc::OidcSettings;

use crate::public_url::PublicUrl;
use crate::settings::Settings;

use super::oauth;
use super::session::Sessions;
use super::session_key;

/// Everything sign-in needs.
#[derive(Clone)]
pub struct SignIn {
    /// The provider's tokens and the grants.
    pub entra: Entra,
    pub sessions: Sessions,
    pub(super) oauth: oauth::OAuthClient,
    /// `{public}/auth/signed-out`, where the provider returns after signing out.
    pub(super) signed_out_uri: String,
}

impl SignIn {
    /// Sign-in for the app registration `client_id` with `client_secret`, returning to
    /// `{public_url}/auth/callback`.
    pub fn new(
        entra: Entra,
        client_id: &str,
        client_secret: &str,
        public_url: &PublicUrl,
        sessions: Sessions,
    ) -> SignIn {
        let redirect_uri = public_url.join("/auth/callback");
        SignIn {
            entra,
            sessions,
            signed_out_uri: public_url.join("/auth/signed-out"),
            oauth: oauth::OAuthClient::new(client_id, client_secret, redirect_uri),
        }
    }

    /// Sign-in as the api's settings describe it: the provider and grants of `entra`,
    /// the client secret read, the session key read or made.
    pub fn from_settings(
        settings: &Settings,
        oidc: &OidcSettings,
        entra: &Entra,
    ) -> anyhow::Result<SignIn> {
        let public_url = settings.public_url.as_ref().context(
            "GOVTRACK_OIDC_ISSUER needs GOVTRACK_PUBLIC_URL (--public-url) for the dashboard's \
             sign-in: the redirect URI registered with the provider is {public url}/auth/callback",
        )?;
        let secret = oidc.client_secret()?;
        let key = session_key::load_or_create(&settings.session_key_file)?;
        let secure = public_url.origin().starts_with("https://");
        let sessions = Sessions::new(key, settings.session_hours, secure);
        Ok(SignIn::new(
            entra.clone(),
            &oidc.client_id,
            &secret,
            public_url,
            sessions,
        ))
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
