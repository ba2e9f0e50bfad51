//! The projector's small HTTP face: `/healthz`, `/readyz` (connected to NATS and caught
//! up with the log) and `/metrics`.

use std::sync::Arc;

use axum::Router;
use govtrack_bus::Bus;
use govtrack_runtime::Readiness;
use prometheus_client::registry::Registry;

use crate::metrics::ProjectorMetrics;

/// What the handlers read.
#[derive(Clone)]
pub struct HttpState {
    /// Every metric of the process.
    pub registry: Arc<Registry>,
    /// The projector's own metrics.
    pub metrics: ProjectorMetrics,
    /// The log.
    pub bus: Bus,
}

/// Projection lag (in events) under which the projector reports ready.
const READY_LAG_EVENTS: i64 = 1000;

/// The routes: govtrack-runtime's `/healthz`, `/readyz` and `/metrics`.
pub fn router(state: HttpState) -> Router {
    let registry = state.registry.clone();
    govtrack_runtime::health_routes(registry, readiness(state))
        .layer(govtrack_runtime::trace_layer())
        .layer(axum::middleware::map_response(
            govtrack_runtime::json_errors,
        ))
}

/// Ready when connected to NATS and fewer than [`READY_LAG_EVENTS`] behind the log.
fn readiness(state: HttpState) -> Readiness {
    Readiness::new(move || {
        let state = state.clone();
        async move {
            if !state.bus.is_connected() {
                return Err("not connected to NATS".to_owned());
            }
            let lag = state.metrics.lag_events.get();
            if lag > READY_LAG_EVENTS {
                return Err(format!("catching up: {lag} events behind"));
            }
            Ok(())
        }
    })
}
