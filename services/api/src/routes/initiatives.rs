//! `GET /v1/orgs/{org}/initiatives[?status=]`.

use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Deserialize;

use super::org_param;
use crate::error::ApiError;
use crate::query::StatusFilter;
use crate::reads;
use crate::state::AppState;
use crate::types::InitiativeList;

#[derive(Debug, Deserialize)]
pub struct Params {
    status: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    Path(org): Path<String>,
    Query(params): Query<Params>,
) -> Result<Json<InitiativeList>, ApiError> {
    let org = org_param(org)?;
    let filter = params.status.as_deref().map(status_filter).transpose()?;
    Ok(Json(reads::initiatives(&state, org, filter).await?))
}

fn status_filter(value: &str) -> Result<StatusFilter, ApiError> {
    StatusFilter::parse(value).ok_or_else(|| {
        ApiError::BadRequest(format!(
            "status={value:?} is not one of {}",
            StatusFilter::NAMES
        ))
    })
}
