//! One span per HTTP request, named by the route that matched (`/v1/orgs/{org}/okrs`,
//! never the organisation itself), so traces and logs group by route and carry no
//! caller data: `TraceLayer::new_for_http().make_span_with(request_span)`, applied
//! with `Router::layer` (which runs after routing, where axum's `MatchedPath` is set).

use axum::extract::MatchedPath;
use axum::http::Request;
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::trace::TraceLayer;

/// What `http.route` says when no route matched (the fallback's 404).
pub const UNMATCHED_ROUTE: &str = "unmatched";

/// The span of one request: method and matched route.
pub fn request_span<B>(request: &Request<B>) -> tracing::Span {
    tracing::info_span!(
        "http.request",
        http.method = %request.method(),
        http.route = route_of(request),
    )
}

/// The route template that matched `request`, or [`UNMATCHED_ROUTE`].
pub fn route_of<B>(request: &Request<B>) -> &str {
    request
        .extensions()
        .get::<MatchedPath>()
        .map_or(UNMATCHED_ROUTE, MatchedPath::as_str)
}

/// The span maker of [`trace_layer`].
pub type MakeSpan<B> = fn(&Request<B>) -> tracing::Span;

/// The layer [`trace_layer`] returns.
pub type RequestTraceLayer<B> = TraceLayer<SharedClassifier<ServerErrorsAsFailures>, MakeSpan<B>>;

/// The trace layer every service puts on its router.
pub fn trace_layer<B>() -> RequestTraceLayer<B> {
    TraceLayer::new_for_http().make_span_with(request_span::<B> as MakeSpan<B>)
}

#[cfg(test)]
mod tests {
    use axum::Router;
    use axum::body::Body;
    use axum::routing::get;
    use tower::ServiceExt;

    use super::*;

    #[tokio::test]
    async fn the_route_template_is_seen_by_layers_not_the_path() {
        let router: Router = Router::new()
            .route(
                "/v1/orgs/{org}/okrs",
                get(|request: Request<Body>| async move { route_of(&request).to_owned() }),
            )
            .layer(trace_layer());
        let request = Request::get("/v1/orgs/contoso/okrs")
            .body(Body::empty())
            .unwrap();
        let response = router.oneshot(request).await.unwrap();
        let bytes = axum::body::to_bytes(response.into_body(), 1024)
            .await
            .unwrap();
        assert_eq!(&bytes[..], b"/v1/orgs/{org}/okrs");
    }

    #[test]
    fn a_request_no_route_matched_is_labelled_unmatched() {
        let request = Request::get("/nowhere").body(()).unwrap();
        assert_eq!(route_of(&request), UNMATCHED_ROUTE);
    }
}
