//! `GET /v1/orgs/{org}/initiatives[?status=]`.

use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Deserialize;

use crate::cache::OrgKey;
use crate::error::ApiError;
use crate::org_param::org_param;
use crate::query::{self, QueryError, StatusFilter};
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
    let now = state.now();
    let cache = state.cache.clone();
    let list = state
        .read(move |c| {
            let rows = cache.okr_rows(c, &OrgKey::read(c, &org)?)?;
            Ok::<_, QueryError>(query::initiatives(&rows, &org, filter, now))
        })
        .await?;
    Ok(Json(list))
}

fn status_filter(value: &str) -> Result<StatusFilter, ApiError> {
    StatusFilter::parse(value).ok_or_else(|| {
        ApiError::BadRequest(format!(
            "status={value:?} is not one of {}",
            StatusFilter::NAMES
        ))
    })
}
