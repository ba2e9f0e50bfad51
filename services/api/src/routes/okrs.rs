//! `GET /v1/orgs/{org}/okrs`.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;

use super::org_param;
use super::org_path::OrgPath;
use crate::answers::whole_second;
use crate::cache::OrgKey;
use crate::error::ApiError;
use crate::openapi::OrgErrors;
use crate::query::{self, QueryError};
use crate::state::AppState;
use crate::types::OkrReport;

/// Objectives, key results (progress, expected, status) and initiatives
///
/// The organisation's OKRs at the current second: objectives with their roll-up, each
/// key result's latest measurement, progress, expected pace and status, and the
/// initiatives under each objective.
#[utoipa::path(get, path = "/v1/orgs/{org}/okrs", operation_id = "getOkrs",
    params(OrgPath),
    responses((status = 200, description = "The OKRs", body = OkrReport), OrgErrors))]
pub async fn okrs(
    State(state): State<AppState>,
    Path(OrgPath { org }): Path<OrgPath>,
) -> Result<impl IntoResponse, ApiError> {
    let org = org_param(org)?;
    let now = whole_second(state.now());
    let (cache, answers) = (state.cache.clone(), state.okr_answers.clone());
    let body = state
        .read(move |c| {
            let key = OrgKey::read(c, &org)?;
            if let Some(body) = answers.get(&key, now) {
                return Ok(body);
            }
            let rows = cache.okr_rows(c, &key)?;
            let report = query::okrs(&rows, &org, now);
            let body = Bytes::from(serde_json::to_vec(&report).map_err(QueryError::from)?);
            answers.put(&key, now, body.clone());
            Ok::<_, QueryError>(body)
        })
        .await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body))
}
