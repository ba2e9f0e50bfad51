//! The Prometheus registry every service sets up the same way: one registry per
//! service, its metrics named `govtrack_{service}_…`, exposed in the OpenMetrics text
//! format by [`metrics_response`] (served as `/metrics` by [`crate::health_routes`]).

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use prometheus_client::registry::Registry;

/// The content type of the OpenMetrics text format.
pub const OPENMETRICS_CONTENT_TYPE: &str =
    "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// A registry whose metrics are prefixed `prefix_` (`govtrack_ingest`); an empty prefix
/// leaves names as registered (a registry shared by several services' sub-registries).
pub fn registry(prefix: &str) -> Registry {
    if prefix.is_empty() {
        Registry::default()
    } else {
        Registry::with_prefix(prefix)
    }
}

/// The registry's metrics as OpenMetrics text.
pub fn encode(registry: &Registry) -> Result<String, std::fmt::Error> {
    let mut text = String::new();
    prometheus_client::encoding::text::encode(&mut text, registry)?;
    Ok(text)
}

/// 200 with the registry's text, or 500 when it cannot be encoded.
pub fn metrics_response(registry: &Registry) -> Response {
    match encode(registry) {
        Ok(text) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, OPENMETRICS_CONTENT_TYPE)],
            text,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "cannot encode metrics");
            (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use prometheus_client::metrics::gauge::Gauge;

    use super::*;

    #[test]
    fn metrics_carry_the_service_prefix() {
        let mut registry = registry("govtrack_projector");
        let lag = Gauge::<i64>::default();
        lag.set(7);
        registry.register("lag_events", "Events behind", lag);
        let text = encode(&registry).unwrap();
        assert!(text.contains("govtrack_projector_lag_events 7"), "{text}");
        assert!(text.ends_with("# EOF\n"));
    }

    #[test]
    fn an_empty_prefix_leaves_names_alone() {
        let mut registry = registry("");
        registry.register("up", "Up", Gauge::<i64>::default());
        assert!(encode(&registry).unwrap().contains("\nup 0"));
    }
}
