//! `GET /v1/orgs`.

use axum::extract::State;
use axum::{Extension, Json};
use govtrack_auth::Caller;

use crate::error::ApiError;
use crate::query;
use crate::readable::keep_readable;
use crate::state::AppState;
use crate::types::OrgList;

/// The organisations the caller may read.
pub async fn list(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<OrgList>, ApiError> {
    let list = state.read(query::orgs).await?;
    Ok(Json(keep_readable(list, &caller)))
}
