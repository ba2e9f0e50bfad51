//! `GET /v1/orgs/{org}/alerts`: the organisation's open alerts, from the read model
//! (the projector folds the scheduler's findings and silences into it).

use axum::Json;
use axum::extract::{Path, State};

use super::org_param;
use crate::error::ApiError;
use crate::reads;
use crate::state::AppState;
use crate::types::AlertList;

/// The open alerts, oldest first; `silenced` as of the api's now.
pub async fn list(
    State(state): State<AppState>,
    Path(org): Path<String>,
) -> Result<Json<AlertList>, ApiError> {
    Ok(Json(reads::alerts(&state, org_param(org)?).await?))
}
