//! `GET /v1/orgs/{org}/sources`: every feed of the organisation — last seen, expected
//! cadence, status (ok, late, silent, failed, unwatched) as of the api's now.

use axum::Json;
use axum::extract::{Path, State};

use crate::error::ApiError;
use crate::org_param::org_param;
use crate::query;
use crate::state::AppState;
use crate::types::SourceList;

/// The sources, by name.
pub async fn list(
    State(state): State<AppState>,
    Path(org): Path<String>,
) -> Result<Json<SourceList>, ApiError> {
    let org = org_param(org)?;
    let now = state.now();
    let list = state.read(move |c| query::sources(c, &org, now)).await?;
    Ok(Json(list))
}
