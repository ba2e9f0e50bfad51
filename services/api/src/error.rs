//! `ApiError`: every failure of a request as one short, precise answer; the cause chain
//! is logged once, here.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use govtrack_readmodel::StoreError;

use crate::pool::PoolError;
use crate::query::QueryError;
use crate::types::ErrorBody;

/// The challenge of a JSON 401: send a bearer token.
pub(crate) const BEARER_CHALLENGE: &str = "Bearer realm=\"govtrack\"";

/// A failed request.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The caller asked for something malformed (400).
    #[error("{0}")]
    BadRequest(String),
    /// No token, or one the tokens file does not know (401).
    #[error("{0}")]
    Unauthorized(String),
    /// A token without a scope that reads this organisation (403).
    #[error("{0}")]
    Forbidden(String),
    /// Nothing there (404).
    #[error("{0}")]
    NotFound(String),
    /// The read model cannot answer now; retrying later may work (503).
    #[error("{0}")]
    Unavailable(String),
    /// A bug or a broken read model (500); details are in the log, not the answer.
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl From<QueryError> for ApiError {
    fn from(e: QueryError) -> Self {
        match e {
            QueryError::UnknownOrg(org) => ApiError::NotFound(format!(
                "organisation {org:?} has no events (or the projector has not applied them yet)"
            )),
            QueryError::Store(e) => e.into(),
            e @ QueryError::Uncovered(_) => ApiError::Internal(e.into()),
            e @ QueryError::Encode(_) => ApiError::Internal(e.into()),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotReady { .. } | StoreError::TooNew { .. } => {
                ApiError::Unavailable(e.to_string())
            }
            StoreError::Sqlite(e) => ApiError::Internal(e.into()),
            StoreError::Thread(e) => ApiError::Internal(e.into()),
        }
    }
}

impl From<PoolError> for ApiError {
    fn from(e: PoolError) -> Self {
        match e {
            PoolError::Store(e) => e.into(),
            other => ApiError::Unavailable(other.to_string()),
        }
    }
}

impl ApiError {
    /// The machine-readable code of the error body.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest(_) => "bad_request",
            ApiError::Unauthorized(_) => "unauthorized",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::NotFound(_) => "not_found",
            ApiError::Unavailable(_) => "unavailable",
            ApiError::Internal(_) => "internal",
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self {
            ApiError::Internal(cause) => tracing::error!(error = ?cause, "request failed"),
            ApiError::Unavailable(reason) => tracing::warn!(%reason, "read model unavailable"),
            _ => {}
        }
        let mut response =
            ErrorBody::new(self.code(), self.to_string()).into_response_with(self.status());
        if matches!(self, ApiError::Unauthorized(_)) {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static(BEARER_CHALLENGE),
            );
        }
        response
    }
}
