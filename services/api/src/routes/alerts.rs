//! `GET /v1/orgs/{org}/alerts`: the organisation's open alerts, from the read model
//! (the projector folds the scheduler's findings and silences into it).

use axum::Json;
use axum::extract::{Path, State};

use super::org_param;
use super::org_path::OrgPath;
use crate::error::ApiError;
use crate::openapi::OrgErrors;
use crate::reads;
use crate::state::AppState;
use crate::types::AlertList;

/// Open alerts of the organisation
///
/// The alerts firing now, oldest first, derived by the projector from the scheduler's
/// findings on the log (`initiative.stalled` / `initiative.unstalled`,
/// `key_result.overdue`, `source.silent`, `source.failed`) and silences
/// (`silence.created` / `silence.expired`). A silenced alert is listed with the
/// silence that mutes it; `silenced` is decided at the api's now.
#[utoipa::path(get, path = "/v1/orgs/{org}/alerts", operation_id = "listAlerts",
    params(OrgPath),
    responses((status = 200, description = "The open alerts", body = AlertList), OrgErrors))]
pub async fn list(
    State(state): State<AppState>,
    Path(OrgPath { org }): Path<OrgPath>,
) -> Result<Json<AlertList>, ApiError> {
    Ok(Json(reads::alerts(&state, org_param(org)?).await?))
}
