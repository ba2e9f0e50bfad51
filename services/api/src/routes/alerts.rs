//! `GET /v1/orgs/{org}/alerts`: the organisation's open alerts, from the read model
//! (the projector folds the scheduler's findings and silences into it).

use axum::Json;
use axum::extract::{Path, State};

use crate::error::ApiError;
use crate::org_param::org_param;
use crate::query;
use crate::state::AppState;
use crate::types::AlertList;

/// The open alerts, oldest first; `silenced` as of the api's now.
pub async fn list(
    State(state): State<AppState>,
    Path(org): Path<String>,
) -> Result<Json<AlertList>, ApiError> {
    let org = org_param(org)?;
    let now = state.now();
    let list = state.read(move |c| query::alerts(c, &org, now)).await?;
    Ok(Json(list))
}
