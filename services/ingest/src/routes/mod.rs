//! The HTTP routes of ingest, one file per feature.

mod event_types;
mod events;
mod hooks;

use axum::Router;
use axum::routing::{get, post};
use govtrack_runtime::Readiness;

use crate::state::AppState;

pub(crate) fn router(state: AppState) -> Router {
    let bus = state.bus.clone();
    let ready = Readiness::new(move || {
        let bus = bus.clone();
        async move {
            if bus.is_ready().await {
                Ok(())
            } else {
                Err("NATS or the GOVTRACK_EVENTS stream is unavailable".to_owned())
            }
        }
    });
    Router::new()
        .route("/v1/events", post(events::post_events))
        .route("/v1/events/batch", post(events::post_batch))
        .route("/v1/events/{event_type}", post(events::post_typed))
        .route("/v1/event-types", get(event_types::list))
        .route("/v1/event-types/{event_type}", get(event_types::one))
        .route(
            "/v1/event-types/{event_type}/connector-schema",
            get(event_types::connector_schema),
        )
        .route("/v1/hooks/azure-devops/{org}", post(hooks::azure_devops))
        .route("/v1/hooks/github/{org}", post(hooks::github))
        .route("/v1/hooks/dataverse/{org}", post(hooks::dataverse))
        .route("/openapi.json", get(crate::openapi::document))
        .merge(govtrack_runtime::health_routes(
            state.metrics.registry(),
            ready,
        ))
        .layer(govtrack_runtime::trace_layer())
        .layer(axum::middleware::map_response(
            govtrack_runtime::json_errors,
        ))
        .with_state(state)
}
