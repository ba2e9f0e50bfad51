//! `GET /v1/orgs/{org}/sources`: every feed of the organisation — last seen, expected
//! cadence, status (ok, late, silent, failed, unwatched) as of the api's now.

use axum::Json;
use axum::extract::{Path, State};

use super::org_param;
use super::org_path::OrgPath;
use crate::error::ApiError;
use crate::openapi::OrgErrors;
use crate::reads;
use crate::state::AppState;
use crate::types::SourceList;

/// Every feed of the organisation and its status
///
/// Every source seen on the organisation's log (the envelope's `source`, the hook
/// kinds, `inventory-sync`), by name: when the log last received an event from it, the
/// cadence expected of it (`source.expected`, set with `govtrack source expect`), and
/// its status as of now: `ok`, `late` (past one cadence), `silent` (past two; the
/// scheduler raises a `source.silent` alert), `failed` (its latest collector run
/// failed, until it speaks again) or `unwatched` (no cadence expected).
#[utoipa::path(get, path = "/v1/orgs/{org}/sources", operation_id = "listSources",
    params(OrgPath),
    responses((status = 200, description = "The sources, by name", body = SourceList), OrgErrors))]
pub async fn list(
    State(state): State<AppState>,
    Path(OrgPath { org }): Path<OrgPath>,
) -> Result<Json<SourceList>, ApiError> {
    Ok(Json(reads::sources(&state, org_param(org)?).await?))
}
