//! `GET /v1/orgs`.

use axum::extract::State;
use axum::{Extension, Json};
use govtrack_auth::Caller;

use crate::error::ApiError;
use crate::reads;
use crate::state::AppState;
use crate::types::OrgList;

/// The organisations the caller may read.
pub async fn list(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<OrgList>, ApiError> {
    Ok(Json(reads::orgs(&state, &caller).await?))
}
