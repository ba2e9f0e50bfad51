//! # govtrack-ingest
//!
//! The only writer of client events. It takes events over HTTP (`POST /v1/events`) and
//! over NATS request/reply (`govtrack.ingest.{org}`, queue group `ingest`), validates
//! them against the catalogue of `govtrack-events` (a batch is all or nothing), checks
//! the caller's token scopes (`govtrack-auth`), and appends them to the log through
//! `govtrack-bus`.
//! Both paths share [`accept::accept`], so they answer with the same JSON.
//!
//! An id is stored once, for ever: ingest keeps a durable index of every id on the log
//! (its own SQLite file under the data dir, a projection of the log kept current by a
//! tailer; see docs/adr/0003), so a re-sent id is answered `duplicate: true` with its
//! original sequence long after JetStream's duplicate window has passed.
//!
//! `main` (in the `govtrack` CLI) builds [`Settings`], calls [`build`] and runs the
//! [`App`] until its shutdown token is cancelled.

pub mod accept;
mod app;
mod connector;
mod error;
mod hooks;
mod id_index;
mod metrics;
mod model_check;
mod nats_ingest;
mod openapi;
mod overload;
mod routes;
mod settings;
mod state;
mod store;

pub use app::{App, build, build_with_bus, router};

pub use error::IngestError;
/// The tokens and scopes, shared with the read API (`govtrack-auth`).
pub use govtrack_auth as auth;
pub use govtrack_auth::{Scope, TokenStore};
pub use hooks::HooksConfig;
pub use metrics::IngestMetrics;
/// The OpenAPI document ingest serves at `/openapi.json` (deploy checks route by it),
/// and the routes it leaves out.
pub use routes::{UNDOCUMENTED, openapi_document};
pub use settings::Secret;
pub use settings::{BODY_LIMIT_BYTES, IngestArgs, IngestFlags, MAX_APPENDS_IN_FLIGHT, Settings};
pub use state::AppState;

/// The Power Automate connector's Swagger 2.0 definition, from ingest's OpenAPI
/// document, the read API's (`read_api`) and the catalogue.
pub fn connector_definition(read_api: &serde_json::Value) -> serde_json::Value {
    connector::definition::definition(&openapi_document(), read_api)
}
