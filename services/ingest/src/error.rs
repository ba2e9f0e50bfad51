//! The errors ingest answers with, each mapped to one HTTP status and one JSON body.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use govtrack_bus::AppendError;
use govtrack_events::{BatchError, Problem, ValidationError};
use govtrack_runtime::ErrorBody;
use serde_json::{Value, json};

/// The seconds a client told to come back (an unconfirmed append, a full append
/// limit) is told to wait: the `Retry-After` of every such answer.
pub const RETRY_AFTER_SECONDS: u64 = 1;

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
    /// More appends in flight than allowed; nothing appended, retry with the same ids.
    #[error("{0}")]
    Overloaded(String),
    /// A webhook's mapped event is not a valid event (422): the sender's delivery log
    /// shows the field.
    #[error("{0}")]
    Unprocessable(ValidationError),
    /// A webhook payload lacks what its sender always sends (400), or is not JSON.
    #[error("{0}")]
    BadPayload(String),
    /// The log refused the message for a reason retrying will not fix (a bad subject,
    /// a stream that does not take it): a 500 without `Retry-After`, for an operator.
    #[error("{0}; retrying will not help, an operator must look at the log stream")]
    Refused(String),
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
            AppendError::Unavailable(_) => IngestError::Unavailable(e.to_string()),
            AppendError::Refused(_) => IngestError::Refused(e.to_string()),
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
            IngestError::Overloaded(_) => StatusCode::TOO_MANY_REQUESTS,
            IngestError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            IngestError::BadPayload(_) => StatusCode::BAD_REQUEST,
            IngestError::Refused(_) => StatusCode::INTERNAL_SERVER_ERROR,
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
            IngestError::Overloaded(_) => "overloaded",
            IngestError::Unprocessable(_) => "invalid",
            IngestError::BadPayload(_) => "bad_request",
            IngestError::Refused(_) => "refused",
        }
    }

    /// The JSON body every service answers with (`govtrack_runtime::ErrorBody`):
    /// `{"error": {"code", "message", "problems"?}}`, and a conflict's versions.
    pub fn body(&self) -> Value {
        let body = ErrorBody::new(self.code(), self.to_string());
        let body = match self {
            IngestError::Invalid(v) | IngestError::Unprocessable(v) => {
                body.with_problems(problems(&v.problems))
            }
            IngestError::Conflict(AppendError::Conflict {
                subject,
                expected,
                current,
            }) => body
                .with_field("subject", json!(subject))
                .with_field("expected_version", json!(expected))
                .with_field("current_version", json!(current)),
            _ => body,
        };
        serde_json::to_value(body).unwrap_or(Value::Null)
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
        match &self {
            IngestError::Unavailable(reason) => {
                tracing::warn!(%reason, "append not confirmed by NATS")
            }
            IngestError::Refused(reason) => tracing::error!(%reason, "append refused by NATS"),
            _ => {}
        }
        let mut response = (self.status(), axum::Json(self.body())).into_response();
        if matches!(
            self,
            IngestError::Unavailable(_) | IngestError::Overloaded(_)
        ) {
            let seconds = RETRY_AFTER_SECONDS.to_string();
            if let Ok(value) = axum::http::HeaderValue::from_str(&seconds) {
                response.headers_mut().insert("retry-after", value);
            }
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_append_is_a_500_that_says_it_will_not_heal() {
        let e = IngestError::from(AppendError::Refused("subject not bound".into()));
        assert_eq!(e.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(e.body()["error"]["code"], "refused");
        assert!(e.to_string().contains("retrying will not help"));
        let response = e.into_response();
        assert!(response.headers().get("retry-after").is_none());
    }

    #[test]
    fn an_unconfirmed_append_is_a_503_to_retry() {
        let e = IngestError::from(AppendError::Unavailable("timed out".into()));
        assert_eq!(e.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(e.into_response().headers()["retry-after"], "1");
    }
}
