//! # govtrack-auth
//!
//! Who may call a govtrack HTTP service. Ingest checks `emit` scopes, the read API
//! `read` scopes; both use this crate, so a token means the same on either:
//!
//! - [`TokenStore`] loads the tokens file (SHA-256 hashes and scopes, never the tokens)
//!   and finds the [`Caller`] of a token. A caller is an identity (the `RecordedBy` of
//!   the events it records) and its access: `may_read(org)`, `may_emit(org)` and
//!   `may_administer(org)`, from a token's [`Scope`]s or a person's [`Role`]s.
//! - [`Credentials`] reads a request's token: `Authorization: Bearer <token>`, HTTP
//!   Basic with the token as password (what a browser can send to the dashboard), or
//!   `X-Api-Key: <token>` (what Copilot Studio's "API key in a header" sends).
//! - [`oidc`] is Microsoft Entra ID (any OpenID provider): its keys, the verification
//!   of its ID and access tokens, the [`oidc::Identity`] they give, and the grants file
//!   that turns an identity into roles.
//! - [`Authenticator`] finds the caller of a request: an Entra access token (a bearer
//!   shaped like a JWT) or a tokens-file token.
//! - [`check_bind`] is the rule for running without any authentication: loopback
//!   only, with a warning.
//!
//! - with the `clap` feature, [`TokensArgs`]: `--tokens-file` / `GOVTRACK_TOKENS_FILE`.
//!
//! No HTTP framework here: the services turn [`AuthError`] into their own answers.

#[cfg(feature = "clap")]
mod args;
mod authenticator;
mod bind;
mod caller;
mod credentials;
pub mod oidc;
mod role;
mod scope;
mod tokens;

#[cfg(feature = "clap")]
pub use args::TokensArgs;
pub use authenticator::{Authenticator, Entra, Refusal};
pub use bind::{OpenBindError, check_bind};
pub use caller::Caller;
pub use credentials::{API_KEY_HEADER, AuthError, Credentials};
pub use role::{OrgPattern, Role, RoleError};
pub use scope::{Scope, ScopeError};
pub use tokens::{TokenStore, TokensFileError, TokensProblem, hash_token};
