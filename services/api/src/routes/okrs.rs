//! `GET /v1/orgs/{org}/okrs`.

use axum::Json;
use axum::extract::{Path, State};

use super::org_param;
use crate::error::ApiError;
use crate::query;
use crate::state::AppState;
use crate::types::OkrReport;

pub async fn okrs(
    State(state): State<AppState>,
    Path(org): Path<String>,
) -> Result<Json<OkrReport>, ApiError> {
    let org = org_param(org)?;
    let now = state.now();
    Ok(Json(state.read(move |c| query::okrs(c, &org, now)).await?))
}
