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
mod sign_in;

pub use next::same_origin_path;
pub use routes::{callback, login, logout, signed_out};
pub use session::{Session, Sessions};
pub use sign_in::{SignIn, unix_now};
