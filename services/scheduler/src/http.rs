//! The scheduler's small HTTP face, as the projector has one: `/healthz` (the process
//! answers), `/readyz` (connected to NATS) and `/metrics` (Prometheus text of the
//! registry the scheduler's metrics are in). Served only when an address is configured.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context as _;
use axum::Router;
use govtrack_bus::Bus;
use govtrack_runtime::Readiness;
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

/// The routes: govtrack-runtime's `/healthz`, `/readyz` and `/metrics`.
pub fn router(state: HttpState) -> Router {
    let bus = state.bus;
    let ready = Readiness::new(move || {
        let connected = bus.is_connected();
        async move {
            connected
                .then_some(())
                .ok_or_else(|| "not connected to NATS".to_owned())
        }
    });
    govtrack_runtime::health_routes(state.registry, ready)
        .layer(govtrack_runtime::trace_layer())
        .layer(axum::middleware::map_response(
            govtrack_runtime::json_errors,
        ))
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
