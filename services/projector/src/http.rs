//! The projector's small HTTP face: `/healthz`, `/readyz` (connected to NATS and caught
//! up with the log) and `/metrics`.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use govtrack_bus::Bus;
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

/// The routes.
pub fn router(state: HttpState) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .with_state(state)
}

async fn readyz(State(state): State<HttpState>) -> impl IntoResponse {
    if !state.bus.is_connected() {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "not connected to NATS".to_owned(),
        );
    }
    let lag = state.metrics.lag_events.get();
    if lag > READY_LAG_EVENTS {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("catching up: {lag} events behind"),
        );
    }
    (StatusCode::OK, "ready".to_owned())
}

async fn metrics(State(state): State<HttpState>) -> impl IntoResponse {
    let mut body = String::new();
    if let Err(e) = prometheus_client::encoding::text::encode(&mut body, &state.registry) {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "text/plain")],
            e.to_string(),
        );
    }
    let content_type = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    (StatusCode::OK, [(header::CONTENT_TYPE, content_type)], body)
}
