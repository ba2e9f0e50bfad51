//! # govtrack-runtime
//!
//! The pieces every govtrack service shares, and nothing else:
//!
//! - start-up: [`init_telemetry`] (human logs by default, JSON with
//!   `GOVTRACK_LOG_FORMAT=json`, filter from `RUST_LOG`), [`shutdown_on_signals`]
//!   (ctrl-c and SIGTERM cancel one [`CancellationToken`] that every task selects on),
//!   and [`warn_unknown_env`] for `GOVTRACK_*` variables nothing reads;
//! - settings: [`DataDir`] (`--data-dir` / `GOVTRACK_DATA_DIR`) and [`parse_duration`]
//!   for durations written in settings;
//! - HTTP: [`health_routes`] (`/healthz`, `/readyz`, `/metrics`), the Prometheus
//!   [`metrics`] registry, and the one JSON [`ErrorBody`] every service answers with
//!   (with [`json_errors`] for the framework's own rejections), and [`trace_layer`]:
//!   one span per request named by its matched route;
//! - OpenAPI: [`openapi`] builds each service's routes and document together;
//! - SQLite: [`sqlite::open`], where every connection's pragmas are set, and
//!   [`sqlite::open_migrated`], the one runner of numbered, forward-only migrations
//!   tracked in `PRAGMA user_version`; [`checkpoint`], the log position a projection's
//!   file keeps.

pub mod checkpoint;
mod data_dir;
mod duration;
mod env_check;
mod error_body;
mod error_chain;
mod health;
mod http_client;
mod http_trace;
pub mod metrics;
pub mod openapi;
pub mod sqlite;
mod telemetry;

pub use data_dir::{DEFAULT_DATA_DIR, DataDir};
pub use duration::{deserialize_duration, duration_arg, parse_duration};
pub use env_check::{ENV_PREFIX, READ_DIRECTLY, clap_env_names, unknown_env, warn_unknown_env};
pub use error_body::{ErrorBody, ErrorDetail, code_of_status, json_errors};
pub use error_chain::error_chain;
pub use health::{Readiness, ReadyFuture, health, health_routes};
pub use http_client::{http_client, http_client_builder};
pub use http_trace::{UNMATCHED_ROUTE, request_span, route_of, trace_layer};
pub use telemetry::{LOG_FORMAT_ENV, init_telemetry};

pub use tokio_util::sync::{CancellationToken, DropGuard};
pub use tokio_util::task::TaskTracker;

/// A token cancelled on ctrl-c or SIGTERM.
pub fn shutdown_on_signals() -> CancellationToken {
    let token = CancellationToken::new();
    let trigger = token.clone();
    tokio::spawn(async move {
        wait_for_signal().await;
        tracing::info!("shutdown requested");
        trigger.cancel();
    });
    token
}

async fn wait_for_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {} }
            }
            Err(_) => {
                let _ = ctrl_c.await;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}
