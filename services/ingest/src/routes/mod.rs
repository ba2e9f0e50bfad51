//! The HTTP routes of ingest, one file per feature, built with their OpenAPI document
//! ([`govtrack_runtime::openapi::Routes`]).

mod event_types;
mod events;
mod hooks;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use axum::Router;
use govtrack_runtime::Readiness;
use govtrack_runtime::openapi::{Routes, document_route, finish, serving};
use prometheus_client::registry::Registry;
use serde_json::Value;
use utoipa::OpenApi;
use utoipa_axum::routes;

use crate::openapi::{IngestDocument, served};
use crate::state::AppState;

/// The routes the OpenAPI document leaves out, each with why. Every route added with
/// [`Routes::undocumented`] is listed here and nothing else (`routes::tests` checks
/// both ways); ingest has none: every route it serves is for programs.
pub const UNDOCUMENTED: &[(&str, &str)] = &[];

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
    let (router, document) = routes(state.metrics.registry(), ready).split();
    let document = served(&finish(document), !state.auth.is_open());
    router
        .layer(serving(&document))
        .layer(govtrack_runtime::trace_layer())
        .layer(axum::middleware::map_response(
            govtrack_runtime::json_errors,
        ))
        .with_state(state)
}

/// Ingest's OpenAPI document as a service with tokens serves it.
pub fn openapi_document() -> Value {
    finish(routes(Arc::default(), Readiness::always()).split().1)
}

/// The routes and their document; the health routes read `registry` and `ready`.
fn routes(registry: Arc<Registry>, ready: Readiness) -> Routes<AppState> {
    Routes::new(IngestDocument::openapi())
        .documented(routes!(events::post_events))
        .documented(routes!(events::post_batch))
        .documented(routes!(events::post_typed))
        .documented(routes!(event_types::list))
        .documented(routes!(event_types::one))
        .documented(routes!(event_types::connector_schema))
        .documented(routes!(hooks::azure_devops))
        .documented(routes!(hooks::github))
        .documented(routes!(hooks::dataverse))
        .documented(document_route())
        .merge(govtrack_runtime::health(registry, ready))
}
