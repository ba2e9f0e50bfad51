//! `GET /v1/orgs/{org}/sources`: every feed of the organisation — last seen, expected
//! cadence, status (ok, late, silent, failed, unwatched) as of the api's now.

use axum::Json;
use axum::extract::{Path, State};

use super::org_param;
use crate::error::ApiError;
use crate::reads;
use crate::state::AppState;
use crate::types::SourceList;

/// The sources, by name.
pub async fn list(
    State(state): State<AppState>,
    Path(org): Path<String>,
) -> Result<Json<SourceList>, ApiError> {
    Ok(Json(reads::sources(&state, org_param(org)?).await?))
}
