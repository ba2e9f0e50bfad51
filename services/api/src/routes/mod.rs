//! The HTTP routes: one file per resource, each handler a thin shell around a
//! [`crate::query`] function.

mod alerts;
mod events;
mod initiatives;
mod maturity;
mod me;
mod models;
mod okrs;
mod org_path;
mod orgs;
mod sources;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use axum::http::{Method, Uri};
use axum::routing::{MethodRouter, any_service, get};
use axum::{Router, middleware};
use govtrack_auth::Authenticator;
use govtrack_runtime::Readiness;
use govtrack_runtime::openapi::{Routes, document_route, finish, serving, without_security};
use prometheus_client::registry::Registry;
use serde_json::Value;
use utoipa::OpenApi;
use utoipa_axum::routes;

use crate::auth::{self, Face, Guard};
use crate::error::ApiError;
use crate::openapi::ApiDocument;
use crate::signin::{self, SignIn};
use crate::state::AppState;
use crate::{dashboard, headers, metrics, record};

/// The routes the OpenAPI document leaves out, each with why: pages for people, not
/// answers for programs. Every route added with [`Routes::undocumented`] is listed
/// here and nothing else (`routes::tests` checks both ways): a new HTML page, such as
/// the sign-in pages under `/auth/`, the record forms under `/orgs/{org}/record/` or
/// the MCP endpoint `/mcp`, is one more line.
pub const UNDOCUMENTED: &[(&str, &str)] = &[
    ("/", "the dashboard's index of organisations (HTML)"),
    ("/orgs/{org}", "an organisation's dashboard (HTML)"),
    (
        "/orgs/{org}/record/{type}",
        "the dashboard's record form of an event type (HTML; form-encoded POST)",
    ),
    ("/static/govtrack.css", "the dashboard's stylesheet"),
    (
        "/auth/login",
        "starts a dashboard sign-in at the identity provider (a redirect)",
    ),
    (
        "/auth/callback",
        "where the identity provider returns a sign-in (a redirect)",
    ),
    (
        "/auth/logout",
        "ends the dashboard session and the provider's (a redirect)",
    ),
    ("/auth/signed-out", "the page after signing out (HTML)"),
    (
        "/mcp",
        "the MCP endpoint for assistants (JSON-RPC over Streamable HTTP; its tools describe themselves)",
    ),
];

/// Every route of the api. With authentication, the organisations' routes (JSON,
/// dashboard pages and record forms) and `/mcp` go through [`auth::require`]; health,
/// metrics, the OpenAPI document, the maturity models (no organisation's data), the
/// stylesheet and the sign-in routes (`/auth/*`, 404 without an identity provider) stay
/// open. Every answer carries the security headers ([`headers::secure`]).
pub fn router(state: AppState) -> Router {
    let routes = routes(
        Guards(state.auth.clone(), state.sign_in.clone()),
        state.registry.clone(),
        readiness(state.clone()),
        any_service(crate::mcp::http::service(&state)),
    );
    let (router, document) = routes.split();
    let mut document = finish(document);
    if state.auth.is_open() {
        without_security(&mut document);
    }
    router
        .fallback(no_route)
        .layer(serving(&document))
        .layer(middleware::from_fn_with_state(
            state.metrics.clone(),
            metrics::track,
        ))
        .layer(govtrack_runtime::trace_layer())
        .layer(middleware::map_response(govtrack_runtime::json_errors))
        .layer(middleware::map_response(headers::secure))
        .with_state(state)
}

/// The api's OpenAPI document as a service with tokens serves it.
pub fn openapi_document() -> Value {
    let routes = routes(
        Guards::default(),
        Arc::default(),
        Readiness::always(),
        MethodRouter::new(),
    );
    finish(routes.split().1)
}

/// How the guarded routes find their callers: the authenticator, and the dashboard's
/// sign-in when there is one.
#[derive(Clone, Default)]
pub(crate) struct Guards(Authenticator, Option<SignIn>);

/// The routes and their document: `guards` guard the organisations' routes and `/mcp`
/// (served by `mcp`, which the document leaves out), and the health routes read
/// `registry` and `ready`.
fn routes(
    Guards(authenticator, sign_in): Guards,
    registry: Arc<Registry>,
    ready: Readiness,
    mcp: MethodRouter<AppState>,
) -> Routes<AppState> {
    let guard = |face| {
        let guard = Guard::new(authenticator.clone(), sign_in.clone(), face);
        middleware::from_fn_with_state(guard, auth::require)
    };
    let json = Routes::default()
        .documented(routes!(me::me))
        .documented(routes!(orgs::list))
        .documented(routes!(maturity::current))
        .documented(routes!(maturity::history))
        .documented(routes!(okrs::okrs))
        .documented(routes!(initiatives::list))
        .documented(routes!(events::page))
        .documented(routes!(alerts::list))
        .documented(routes!(sources::list))
        .undocumented("/mcp", mcp)
        .route_layer(guard(Face::Json));
    let pages = Routes::default()
        .undocumented("/", get(dashboard::index))
        .undocumented("/orgs/{org}", get(dashboard::org))
        .undocumented(
            "/orgs/{org}/record/{type}",
            get(record::form).post(record::submit),
        )
        .route_layer(guard(Face::Page));
    Routes::new(ApiDocument::openapi())
        .merge(json)
        .merge(pages)
        .merge(govtrack_runtime::health(registry, ready))
        .documented(document_route())
        .documented(routes!(models::list))
        .documented(routes!(models::one))
        .undocumented("/static/govtrack.css", get(dashboard::stylesheet))
        .undocumented("/auth/login", get(signin::login))
        .undocumented("/auth/callback", get(signin::callback))
        .undocumented("/auth/logout", get(signin::logout))
        .undocumented("/auth/signed-out", get(signin::signed_out))
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
