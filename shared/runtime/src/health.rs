//! The three routes every govtrack service serves, one implementation for all:
//! `/healthz` (the process answers), `/readyz` (the service's own readiness check:
//! connected to NATS, caught up, the read model opens, …) and `/metrics` (the
//! Prometheus text of the service's registry). A service builds a [`Readiness`] from
//! its own state and merges [`health`] (documented, for a service with an OpenAPI
//! document) or [`health_routes`] into its router.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use prometheus_client::registry::Registry;

use crate::error_body::ErrorBody;
use crate::metrics::metrics_response;
use crate::openapi::Routes;

/// A readiness check's answer: `Ok`, or why the service cannot take work now.
pub type ReadyFuture = Pin<Box<dyn Future<Output = Result<(), String>> + Send>>;

/// A service's readiness check, called on every `/readyz`.
#[derive(Clone)]
pub struct Readiness(Arc<dyn Fn() -> ReadyFuture + Send + Sync>);

impl Readiness {
    /// A check from an async closure.
    pub fn new<F, Fut>(check: F) -> Readiness
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), String>> + Send + 'static,
    {
        Readiness(Arc::new(move || Box::pin(check())))
    }

    /// Always ready.
    pub fn always() -> Readiness {
        Readiness::new(|| async { Ok(()) })
    }

    /// Runs the check.
    pub async fn check(&self) -> Result<(), String> {
        (self.0)().await
    }
}

#[derive(Clone)]
struct HealthState {
    registry: Arc<Registry>,
    ready: Readiness,
}

/// `/healthz`, `/readyz` and `/metrics` with their document entries, to merge into
/// any service's [`Routes`] (whatever its state).
pub fn health<S>(registry: Arc<Registry>, ready: Readiness) -> Routes<S>
where
    S: Clone + Send + Sync + 'static,
{
    Routes::default()
        .documented(utoipa_axum::routes!(healthz))
        .documented(utoipa_axum::routes!(readyz))
        .documented(utoipa_axum::routes!(metrics))
        .with_state(HealthState { registry, ready })
}

/// `/healthz`, `/readyz` and `/metrics`, to merge into any router (whatever its state).
pub fn health_routes<S>(registry: Arc<Registry>, ready: Readiness) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    health(registry, ready).split().0
}

/// The process answers.
#[utoipa::path(get, path = "/healthz", operation_id = "healthz", security(()),
    responses((status = 200, description = "`ok`", body = String, content_type = "text/plain")))]
async fn healthz() -> &'static str {
    "ok"
}

/// The service can take work.
///
/// Its own check: connected to NATS, the log's stream present, the read model opens.
/// 200 `ready`, or 503 with the error body whose message says why not.
#[utoipa::path(get, path = "/readyz", operation_id = "readyz", security(()),
    responses(
        (status = 200, description = "`ready`", body = String, content_type = "text/plain"),
        (status = 503, description = "Not ready; the message says why", body = ErrorBody),
    ))]
async fn readyz(State(state): State<HealthState>) -> Response {
    match state.ready.check().await {
        Ok(()) => "ready".into_response(),
        Err(reason) => {
            ErrorBody::new("not_ready", reason).into_response_with(StatusCode::SERVICE_UNAVAILABLE)
        }
    }
}

/// Prometheus metrics (OpenMetrics text).
#[utoipa::path(get, path = "/metrics", operation_id = "metrics", security(()),
    responses((status = 200, description = "The service's metrics", body = String,
        content_type = "application/openmetrics-text")))]
async fn metrics(State(state): State<HealthState>) -> Response {
    metrics_response(&state.registry)
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use prometheus_client::metrics::counter::Counter;
    use tower::ServiceExt;

    use super::*;

    async fn get_text(router: Router, uri: &str) -> (StatusCode, String) {
        let request = axum::http::Request::get(uri).body(Body::empty()).unwrap();
        let response = router.oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        (status, String::from_utf8(bytes.to_vec()).unwrap())
    }

    fn registry() -> Arc<Registry> {
        let mut registry = crate::metrics::registry("govtrack_test");
        let counter = Counter::<u64>::default();
        counter.inc();
        registry.register("runs", "Runs", counter);
        Arc::new(registry)
    }

    #[tokio::test]
    async fn a_ready_service_answers_all_three_routes() {
        let router: Router = health_routes(registry(), Readiness::always());
        assert_eq!(
            get_text(router.clone(), "/healthz").await,
            (StatusCode::OK, "ok".into())
        );
        assert_eq!(
            get_text(router.clone(), "/readyz").await,
            (StatusCode::OK, "ready".into())
        );
        let (status, text) = get_text(router, "/metrics").await;
        assert_eq!(status, StatusCode::OK);
        assert!(text.contains("govtrack_test_runs_total 1"), "{text}");
    }

    #[tokio::test]
    async fn not_ready_says_why_in_the_error_body() {
        let ready = Readiness::new(|| async { Err("not connected to NATS".to_owned()) });
        let router: Router = health_routes(registry(), ready);
        let (status, text) = get_text(router, "/readyz").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        let body: ErrorBody = serde_json::from_str(&text).unwrap();
        assert_eq!(body.error.code, "not_ready");
        assert_eq!(body.error.message, "not connected to NATS");
    }
}
