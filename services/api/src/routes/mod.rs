//! The HTTP routes: one file per resource, each handler a thin shell around a
//! [`crate::query`] function.

mod alerts;
mod events;
mod initiatives;
mod maturity;
mod models;
mod okrs;
mod openapi;
mod orgs;
mod sources;

use axum::Router;
use axum::http::{Method, Uri};
use axum::middleware;
use axum::routing::get;
use govtrack_runtime::Readiness;

use crate::auth::{self, Face, Guard};
use crate::error::ApiError;
use crate::state::AppState;
use crate::{dashboard, metrics};

/// Every route of the api. With authentication, the organisations' routes (JSON and dashboard
/// pages) go through [`auth::require`]; health, metrics, the OpenAPI document, the
/// maturity models (no organisation's data), the stylesheet and sign-in (`/auth/*`,
/// with an identity provider) stay open.
pub fn router(state: AppState) -> Router {
    let (auth, sign_in) = (state.auth.clone(), state.sign_in.clone());
    let guard = |face| {
        let guard = Guard::new(auth.clone(), sign_in.clone(), face);
        middleware::from_fn_with_state(guard, auth::require)
    };
    let json = Router::new()
        .route("/v1/orgs", get(orgs::list))
        .route("/v1/orgs/{org}/maturity", get(maturity::current))
        .route("/v1/orgs/{org}/maturity/history", get(maturity::history))
        .route("/v1/orgs/{org}/okrs", get(okrs::okrs))
        .route("/v1/orgs/{org}/initiatives", get(initiatives::list))
        .route("/v1/orgs/{org}/events", get(events::page))
        .route("/v1/orgs/{org}/alerts", get(alerts::list))
        .route("/v1/orgs/{org}/sources", get(sources::list))
        .route_layer(guard(Face::Json));
    let pages = Router::new()
        .route("/", get(dashboard::index))
        .route("/orgs/{org}", get(dashboard::org))
        .route_layer(guard(Face::Page));
    let sign_in = match state.sign_in.clone() {
        Some(sign_in) => crate::signin::routes(sign_in),
        None => Router::new(),
    };
    Router::new()
        .merge(json)
        .merge(pages)
        .merge(sign_in)
        .merge(govtrack_runtime::health_routes(
            state.registry.clone(),
            readiness(state.clone()),
        ))
        .route("/openapi.json", get(openapi::document))
        .route("/v1/models", get(models::list))
        .route("/v1/models/{id}", get(models::one))
        .route("/static/govtrack.css", get(dashboard::stylesheet))
        .fallback(no_route)
        .layer(middleware::from_fn_with_state(
            state.metrics.clone(),
            metrics::track,
        ))
        .layer(govtrack_runtime::trace_layer())
        .layer(middleware::map_response(govtrack_runtime::json_errors))
        .with_state(state)
}

/// Ready when the read model opens.
fn readiness(state: AppState) -> Readiness {
    Readiness::new(move || {
        let state = state.clone();
        async move {
            let opened = state.read(|_| Ok::<_, ApiError>(())).await;
            opened.map_err(|e| e.to_string())
        }
    })
}

async fn no_route(method: Method, uri: Uri) -> ApiError {
    ApiError::NotFound(format!(
        "no route for {method} {}; see /openapi.json",
        uri.path()
    ))
}

/// The `{org}` of a path, checked against the id charset.
pub(crate) fn org_param(org: String) -> Result<String, ApiError> {
    match govtrack_events::Org::parse(&org) {
        Ok(_) => Ok(org),
        Err(e) => Err(ApiError::BadRequest(format!("org: {e}"))),
    }
}
