//! [`Routes`]: a service's router and its OpenAPI document, built by one list of calls.
//!
//! A documented route is added with `utoipa_axum::routes!(handler)`: the handler's
//! `#[utoipa::path]` gives both the route and its document entry, so neither can exist
//! without the other. The few routes the document leaves out on purpose (HTML pages
//! for people) are added with [`Routes::undocumented`]. Both kinds are recorded, and
//! each service's tests compare the record with the document and with the service's
//! list of exempt paths. A route added to the finished `axum::Router` directly would
//! escape the record: add every route here.

use axum::Router;
use axum::extract::Request;
use axum::response::IntoResponse;
use axum::routing::{MethodRouter, Route};
use std::convert::Infallible;
use tower::{Layer, Service};
use utoipa::openapi::OpenApi;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouter};

/// The routes of a service with the document of the documented ones.
pub struct Routes<S = ()> {
    router: OpenApiRouter<S>,
    documented: Vec<String>,
    undocumented: Vec<&'static str>,
}

impl<S> Default for Routes<S>
where
    S: Clone + Send + Sync + 'static,
{
    fn default() -> Self {
        Routes::new(OpenApi::default())
    }
}

impl<S> Routes<S>
where
    S: Clone + Send + Sync + 'static,
{
    /// No routes yet; `document` holds what no handler says (info, security schemes).
    pub fn new(document: OpenApi) -> Self {
        Routes {
            router: OpenApiRouter::with_openapi(document),
            documented: Vec::new(),
            undocumented: Vec::new(),
        }
    }

    /// A route and its document entry, from `utoipa_axum::routes!(handler)`.
    pub fn documented(mut self, routes: UtoipaMethodRouter<S>) -> Self {
        self.documented.extend(routes.1.paths.keys().cloned());
        Routes {
            router: self.router.routes(routes),
            ..self
        }
    }

    /// A route the document leaves out (an HTML page); its path is recorded.
    pub fn undocumented(mut self, path: &'static str, method_router: MethodRouter<S>) -> Self {
        self.undocumented.push(path);
        Routes {
            router: self.router.route(path, method_router),
            ..self
        }
    }

    /// Both sets of routes and both documents.
    pub fn merge(mut self, other: Routes<S>) -> Self {
        self.documented.extend(other.documented);
        self.undocumented.extend(other.undocumented);
        Routes {
            router: self.router.merge(other.router),
            ..self
        }
    }

    /// A layer around the routes added so far (`axum::Router::route_layer`).
    pub fn route_layer<L>(self, layer: L) -> Self
    where
        L: Layer<Route> + Clone + Send + Sync + 'static,
        L::Service: Service<Request> + Clone + Send + Sync + 'static,
        <L::Service as Service<Request>>::Response: IntoResponse + 'static,
        <L::Service as Service<Request>>::Error: Into<Infallible> + 'static,
        <L::Service as Service<Request>>::Future: Send + 'static,
    {
        Routes {
            router: self.router.route_layer(layer),
            ..self
        }
    }

    /// The routes with their state given (`axum::Router::with_state`).
    pub fn with_state<S2>(self, state: S) -> Routes<S2>
    where
        S2: Clone + Send + Sync + 'static,
    {
        Routes {
            router: self.router.with_state(state),
            documented: self.documented,
            undocumented: self.undocumented,
        }
    }

    /// The paths added with [`Routes::documented`], in order (a path twice when
    /// added twice).
    pub fn documented_paths(&self) -> &[String] {
        &self.documented
    }

    /// The paths added with [`Routes::undocumented`].
    pub fn undocumented_paths(&self) -> &[&'static str] {
        &self.undocumented
    }

    /// The router and the document.
    pub fn split(self) -> (Router<S>, OpenApi) {
        self.router.split_for_parts()
    }
}
