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
//!   a verifier must refuse. [`write_grants`] writes the grants file of a service
//!   that trusts it.
//! - What several crates' tests need alike: an event with its type's documented
//!   example data ([`example_event`]) and the read model's progress
//!   ([`read_model_checkpoint`], [`wait_for_read_model`]).
//! - [`get_text`] reads a page's body over HTTP, [`assert_error_mentions`] checks an
//!   error body.
//! - [`openapi`] checks a service's document.

mod events;
mod http;
mod nats;
mod oidc;
pub mod openapi;
mod read_model;

pub use events::example_event;
pub use http::{assert_error_mentions, get, get_text};
pub use read_model::{read_model_checkpoint, wait_for_read_model};

pub use nats::{TestNats, stream_messages, temp_dir};
pub use oidc::{Grant, Grantee, TestProvider, TestUser, write_grants};
