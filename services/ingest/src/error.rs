//! The errors ingest answers with, each mapped to one HTTP status and one JSON body.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use govtrack_bus::AppendError;
use govtrack_events::{BatchError, Problem, ValidationError};
use serde_json::{Value, json};

/// Why a request was not (fully) appended.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// Bad input: every problem by field (and index in a batch).
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// Over the body size or batch length limit.
    #[error("{0}")]
    TooLarge(String),
    /// No or unknown token.
    #[error("{0}")]
    Unauthorized(String),
    /// A token without the needed scope.
    #[error("{0}")]
    Forbidden(String),
    /// `expected_version` did not match.
    #[error(transparent)]
    Conflict(AppendError),
    /// NATS could not confirm the append; retry with the same ids.
    #[error("{0}")]
    Unavailable(String),
}

impl From<BatchError> for IngestError {
    fn from(e: BatchError) -> Self {
        match e {
            BatchError::TooMany { .. } => IngestError::TooLarge(e.to_string()),
            BatchError::Invalid(v) => IngestError::Invalid(v),
        }
    }
}

impl From<AppendError> for IngestError {
    fn from(e: AppendError) -> Self {
        match e {
            AppendError::Conflict { .. } => IngestError::Conflict(e),
            AppendError::Unavailable(_) | AppendError::Refused(_) => {
                IngestError::Unavailable(e.to_string())
            }
        }
    }
}

impl IngestError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            IngestError::Invalid(_) => StatusCode::BAD_REQUEST,
            IngestError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            IngestError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            IngestError::Forbidden(_) => StatusCode::FORBIDDEN,
            IngestError::Conflict(_) => StatusCode::CONFLICT,
            IngestError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            IngestError::Invalid(_) => "invalid",
            IngestError::TooLarge(_) => "too_large",
            IngestError::Unauthorized(_) => "unauthorized",
            IngestError::Forbidden(_) => "forbidden",
            IngestError::Conflict(_) => "conflict",
            IngestError::Unavailable(_) => "unavailable",
        }
    }

    /// The JSON body: `{"error": {"code", "message", "problems"?, "current_version"?}}`.
    pub fn body(&self) -> Value {
        let mut error = json!({"code": self.code(), "message": self.to_string()});
        match self {
            IngestError::Invalid(v) => error["problems"] = json!(problems(&v.problems)),
            IngestError::Conflict(AppendError::Conflict {
                subject,
                expected,
                current,
            }) => {
                error["subject"] = json!(subject);
                error["expected_version"] = json!(expected);
                error["current_version"] = json!(current);
            }
            _ => {}
        }
        json!({ "error": error })
    }
}

fn problems(problems: &[Problem]) -> Vec<Value> {
    problems
        .iter()
        .map(|p| serde_json::to_value(p).unwrap_or(Value::Null))
        .collect()
}

impl IntoResponse for IngestError {
    fn into_response(self) -> Response {
        if let IngestError::Unavailable(reason) = &self {
            tracing::warn!(%reason, "append not confirmed by NATS");
        }
        let mut response = (self.status(), axum::Json(self.body())).into_response();
        if matches!(self, IngestError::Unavailable(_)) {
            response
                .headers_mut()
                .insert("retry-after", axum::http::HeaderValue::from_static("1"));
        }
        response
    }
}
