//! # govtrack-testkit
//!
//! Real parts for tests and benchmarks:
//!
//! - [`TestNats`] starts `nats-server -js` on a free loopback port with its own
//!   temporary store, reads the port back from the server's log, and kills the process
//!   and deletes the store when dropped. Never a fixed port, never a server the test
//!   did not start.
//! - [`TestProvider`] is an OpenID provider on a free loopback port, shaped like
//!   Microsoft Entra ID: discovery, a JWKS of RSA keys made for this provider, an
//!   authorize endpoint that signs in the [`TestUser`] a test chose (PKCE S256 only), a
//!   token endpoint that checks the client secret and the `code_verifier`, and an
//!   end-session endpoint. It mints access tokens for users and apps, and the bad ones
//!   a verifier must refuse.
//! - [`openapi`] checks a service's document.

mod nats;
mod oidc;
pub mod openapi;

pub use nats::TestNats;
pub use oidc::{TestProvider, TestUser};
