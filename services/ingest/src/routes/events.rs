//! `POST /v1/events`: one envelope or an array of up to 1,000.

use axum::Json;
use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use govtrack_auth::{AuthError, Caller, Credentials};

use crate::IngestError;
use crate::accept::accept;
use crate::state::AppState;

pub(crate) async fn post_events(
    State(state): State<AppState>,
    headers: HeaderMap,
    request: Request,
) -> Result<Response, IngestError> {
    let caller = authenticate(&state, &headers)?;
    let body = axum::body::to_bytes(request.into_body(), state.body_limit)
        .await
        .map_err(|_| {
            IngestError::TooLarge(format!(
                "the request body is over the {} byte limit",
                state.body_limit
            ))
        })?;
    let permit = |org: &str| {
        if caller.may_emit(org) {
            Ok(())
        } else {
            Err(IngestError::Forbidden(format!(
                "token {:?} may not emit events for org {org:?}",
                caller.name()
            )))
        }
    };
    let accepted = accept(&state, &body, permit, Utc::now()).await?;
    Ok(Json(accepted.body()).into_response())
}

/// The caller of a request: anonymous when no tokens are configured. Ingest takes
/// bearer tokens only (no browser writes events).
pub(crate) fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<Caller, IngestError> {
    if state.tokens.is_empty() {
        return Ok(Caller::anonymous());
    }
    let header = headers
        .get(axum::http::header::AUTHORIZATION)
        .map(|v| v.to_str().unwrap_or_default());
    let unauthorized = |e: AuthError| IngestError::Unauthorized(e.to_string());
    match Credentials::from_header(header).map_err(unauthorized)? {
        bearer @ Credentials::Bearer(_) => bearer.caller(&state.tokens).map_err(unauthorized),
        Credentials::Basic(_) => Err(IngestError::Unauthorized(
            "the Authorization header must be `Bearer <token>`".to_owned(),
        )),
    }
}
