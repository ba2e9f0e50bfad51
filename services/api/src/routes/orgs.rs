//! `GET /v1/orgs`.

use axum::extract::State;
use axum::{Extension, Json};
use govtrack_auth::Caller;

use crate::error::ApiError;
use crate::openapi::ListErrors;
use crate::reads;
use crate::state::AppState;
use crate::types::OrgList;

/// Organisations with events
///
/// With a tokens file: only the organisations the token may read.
#[utoipa::path(get, path = "/v1/orgs", operation_id = "listOrgs",
    responses((status = 200, description = "The organisations", body = OrgList), ListErrors))]
pub async fn list(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<OrgList>, ApiError> {
    Ok(Json(reads::orgs(&state, &caller).await?))
}
