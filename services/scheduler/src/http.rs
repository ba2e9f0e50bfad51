//! The scheduler's small HTTP face, as the projector has one: `/healthz` (the process
//! answers), `/readyz` (connected to NATS) and `/metrics` (Prometheus text of the
//! registry the scheduler's metrics are in). Served only when an address is configured.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context as _;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use govtrack_bus::Bus;
use prometheus_client::registry::Registry;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

/// What the handlers read.
#[derive(Clone)]
pub struct HttpState {
    /// Every metric served.
    pub registry: Arc<Registry>,
    /// The log connection.
    pub bus: Bus,
}

/// The routes.
pub fn router(state: HttpState) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .with_state(state)
}

async fn readyz(State(state): State<HttpState>) -> impl IntoResponse {
    if state.bus.is_connected() {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "not connected to NATS")
    }
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

/// Binds `addr` (port 0 picks a free one).
pub async fn bind(addr: SocketAddr) -> anyhow::Result<TcpListener> {
    TcpListener::bind(addr)
        .await
        .with_context(|| format!("while binding the scheduler's health and metrics to {addr}"))
}

/// Serves on `listener` until `stop`.
pub fn serve(
    listener: TcpListener,
    state: HttpState,
    stop: CancellationToken,
) -> tokio::task::JoinHandle<()> {
    if let Ok(addr) = listener.local_addr() {
        tracing::info!(http.addr = %addr, "scheduler health and metrics");
    }
    tokio::spawn(async move {
        let served = axum::serve(listener, router(state))
            .with_graceful_shutdown(stop.cancelled_owned())
            .await;
        if let Err(e) = served {
            tracing::error!(error = %e, "scheduler HTTP server failed");
        }
    })
}
