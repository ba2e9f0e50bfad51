//! Microsoft Entra ID (any OpenID Connect provider): its discovery document and keys
//! ([`Provider`]), the verification of its tokens ([`TokenVerifier`]), and the
//! [`Identity`] a verified token gives.

#[cfg(feature = "clap")]
mod args;
mod claims;
mod grants;
mod provider;
mod settings;
mod verifier;

#[cfg(feature = "clap")]
pub use args::OidcArgs;
pub use claims::{Claims, Identity, IdentityError, Principal};
pub use grants::{Grant, Grantee, Grants, GrantsFileError, GrantsProblem};
pub use provider::{Provider, ProviderError, ProviderMetadata, REFETCH_INTERVAL};
pub use settings::{OidcSettings, OidcSettingsError};
pub use verifier::{LEEWAY_SECONDS, TokenError, TokenVerifier, looks_like_jwt};
