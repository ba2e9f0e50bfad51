//! What every handler of ingest shares, over HTTP and over NATS: the bus, the authenticator,
//! the metrics, the id index and the models events are checked against.
//!
//! It lives apart from [`crate::app`] (which builds and runs the service) because the
//! routes and the NATS responder both take it, and the app takes them.

use std::sync::Arc;

use govtrack_bus::Bus;

use crate::hooks::Hooks;
use crate::id_index::IdIndex;
use crate::overload::AppendLimit;
use govtrack_auth::Authenticator;

use crate::IngestMetrics;

/// Shared state of the handlers.
#[derive(Clone)]
pub struct AppState {
    pub(crate) bus: Bus,
    /// Who is calling: tokens-file tokens and Entra ID access tokens.
    pub(crate) auth: Authenticator,
    pub(crate) metrics: Arc<IngestMetrics>,
    pub(crate) body_limit: usize,
    pub(crate) ids: IdIndex,
    pub(crate) models: Arc<govtrack_maturity::Models>,
    /// The cap on appends in flight (429 past it).
    pub(crate) limit: AppendLimit,
    /// The webhooks' mappings, secrets and item store.
    pub(crate) hooks: Hooks,
}
