//! The OpenID Connect flags (behind the `clap` feature): ingest and the api trust the
//! same provider with the same grants, so the flags are declared once, here, and both
//! services (and `govtrack up`) flatten them.

use std::path::PathBuf;

use clap::Args;

use super::settings::{OidcSettings, OidcSettingsError};

/// Sign-in with Microsoft Entra ID (or another OpenID provider). Off without an issuer.
#[derive(Debug, Clone, Default, Args)]
pub struct OidcArgs {
    /// The OpenID issuer, e.g. https://login.microsoftonline.com/{tenant}/v2.0: people
    /// sign in to the dashboard there, and bearer tokens shaped like JWTs are its access
    /// tokens. Without it, sign-in is off and only the tokens file (or loopback) applies.
    #[arg(long, env = "GOVTRACK_OIDC_ISSUER")]
    pub oidc_issuer: Option<String>,
    /// The app registration's application (client) id.
    #[arg(long, env = "GOVTRACK_OIDC_CLIENT_ID")]
    pub oidc_client_id: Option<String>,
    /// A file holding the app registration's client secret (the dashboard's sign-in
    /// needs it; never put the secret itself in the environment).
    #[arg(long, env = "GOVTRACK_OIDC_CLIENT_SECRET_FILE")]
    pub oidc_client_secret_file: Option<PathBuf>,
    /// The `aud` access tokens must carry, e.g. api://govtrack (default: the client id).
    #[arg(long, env = "GOVTRACK_OIDC_AUDIENCE")]
    pub oidc_audience: Option<String>,
    /// The grants (TOML, deploy/examples/access.toml): which Entra groups, app roles and
    /// users may read, record or administer which organisations.
    #[arg(long, env = "GOVTRACK_ACCESS_FILE")]
    pub access_file: Option<PathBuf>,
}

impl OidcArgs {
    /// The settings, or `None` without an issuer.
    pub fn settings(&self) -> Result<Option<OidcSettings>, OidcSettingsError> {
        OidcSettings::new(
            self.oidc_issuer.as_deref(),
            self.oidc_client_id.as_deref(),
            self.oidc_audience.as_deref(),
            self.oidc_client_secret_file.clone(),
            self.access_file.clone(),
        )
    }
}
