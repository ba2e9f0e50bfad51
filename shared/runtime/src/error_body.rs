//! The one JSON error body every govtrack HTTP service answers with:
//! `{"error": {"code": "…", "message": "…", "problems": […]?}}`. Each service's own
//! error type picks the status and the code; this module owns the shape, and
//! [`json_errors`] puts the framework's own answers (a malformed query string or path,
//! an unknown route, a wrong method) in the same shape.

use axum::Json;
use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Largest framework answer [`json_errors`] reads to re-wrap; longer ones are cut.
const REWRAP_LIMIT_BYTES: usize = 16 * 1024;

/// `{"error": {...}}`: the error body of every govtrack service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// The inside of `ErrorBody`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// A stable, machine-readable code: `invalid`, `not_found`, `unavailable`, …
    pub code: String,
    /// A short sentence for a person.
    pub message: String,
    /// Every problem of the input, by field, when there are several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problems: Option<Vec<Value>>,
    /// Further fields a code documents (a conflict's `current_version`, …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ErrorBody {
    /// A body with a code and a message.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: code.into(),
                message: message.into(),
                problems: None,
                extra: Map::new(),
            },
        }
    }

    /// With the input's problems.
    pub fn with_problems(mut self, problems: Vec<Value>) -> ErrorBody {
        self.error.problems = Some(problems);
        self
    }

    /// With one more documented field.
    pub fn with_field(mut self, name: &str, value: Value) -> ErrorBody {
        self.error.extra.insert(name.to_owned(), value);
        self
    }

    /// The response with `status`.
    pub fn into_response_with(self, status: StatusCode) -> Response {
        (status, Json(self)).into_response()
    }
}

/// The code of a framework answer's status.
pub fn code_of_status(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => "bad_request",
        StatusCode::UNAUTHORIZED => "unauthorized",
        StatusCode::FORBIDDEN => "forbidden",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::UNPROCESSABLE_ENTITY => "invalid",
        StatusCode::SERVICE_UNAVAILABLE => "unavailable",
        s if s.is_client_error() => "bad_request",
        _ => "internal",
    }
}

/// Middleware (`axum::middleware::map_response(json_errors)`): an error answer that is
/// plain text or empty — axum's rejections, the default 404 and 405 — becomes an
/// [`ErrorBody`] with the same status and headers. JSON and HTML answers pass untouched.
pub async fn json_errors(response: Response) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) || !is_plain(&response) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, REWRAP_LIMIT_BYTES)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
        .unwrap_or_default();
    let message = if text.is_empty() {
        status.canonical_reason().unwrap_or("error").to_owned()
    } else {
        text
    };
    let body =
        serde_json::to_vec(&ErrorBody::new(code_of_status(status), message)).unwrap_or_default();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Response::from_parts(parts, Body::from(body))
}

fn is_plain(response: &Response) -> bool {
    match response.headers().get(header::CONTENT_TYPE) {
        None => true,
        Some(value) => value.to_str().is_ok_and(|v| v.starts_with("text/plain")),
    }
}

#[cfg(test)]
mod tests {
    use axum::Router;
    use axum::extract::Query;
    use axum::routing::get;
    use tower::ServiceExt;

    use super::*;

    #[derive(serde::Deserialize)]
    struct Page {
        #[allow(dead_code)]
        limit: u32,
    }

    fn app() -> Router {
        Router::new()
            .route("/page", get(|Query(_): Query<Page>| async { "ok" }))
            .route(
                "/html",
                get(|| async { (StatusCode::NOT_FOUND, axum::response::Html("<p>no</p>")) }),
            )
            .layer(axum::middleware::map_response(json_errors))
    }

    async fn call(uri: &str) -> (StatusCode, String, Value) {
        let request = axum::http::Request::get(uri).body(Body::empty()).unwrap();
        let response = app().oneshot(request).await.unwrap();
        let status = response.status();
        let kind = response.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .to_owned();
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        (
            status,
            kind,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    #[tokio::test]
    async fn a_bad_query_string_answers_the_json_error_body() {
        let (status, kind, body) = call("/page?limit=many").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(kind, "application/json");
        assert_eq!(body["error"]["code"], "bad_request");
        assert!(body["error"]["message"].as_str().unwrap().contains("limit"));
    }

    #[tokio::test]
    async fn an_unknown_route_answers_not_found_in_json() {
        let (status, _, body) = call("/nowhere").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(body["error"]["code"], "not_found");
        assert_eq!(body["error"]["message"], "Not Found");
    }

    #[tokio::test]
    async fn html_error_pages_are_left_alone() {
        let (status, kind, _) = call("/html").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(kind.starts_with("text/html"));
    }

    #[test]
    fn problems_and_extra_fields_serialise_inside_error() {
        let body = ErrorBody::new("conflict", "version 3 expected")
            .with_problems(vec![serde_json::json!({"field": "org"})])
            .with_field("current_version", serde_json::json!(4));
        let value = serde_json::to_value(&body).unwrap();
        assert_eq!(value["error"]["current_version"], 4);
        assert_eq!(value["error"]["problems"][0]["field"], "org");
        assert_eq!(serde_json::from_value::<ErrorBody>(value).unwrap(), body);
    }
}
