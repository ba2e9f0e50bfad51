//! The HTTP routes of ingest, one file per feature.

mod event_types;
mod events;
mod health;

use axum::Router;
use axum::routing::{get, post};
use tower_http::trace::TraceLayer;

use crate::state::AppState;

pub(crate) fn router(state: AppState) -> Router {
    Router::new()
        .route("/v1/events", post(events::post_events))
        .route("/v1/event-types", get(event_types::list))
        .route("/v1/event-types/{event_type}", get(event_types::one))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(health::metrics))
        .route("/openapi.json", get(crate::openapi::document))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
