//! `GET /v1/orgs/{org}/maturity[?as_of=]` and `…/maturity/history[?until=]`.

use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Deserialize;

use super::org_param;
use crate::as_of::instant_or;
use crate::error::ApiError;
use crate::reads;
use crate::state::AppState;
use crate::types::{MaturityHistory, MaturityReport};

#[derive(Debug, Deserialize)]
pub struct AsOf {
    as_of: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Until {
    until: Option<String>,
}

pub async fn current(
    State(state): State<AppState>,
    Path(org): Path<String>,
    Query(params): Query<AsOf>,
) -> Result<Json<MaturityReport>, ApiError> {
    let org = org_param(org)?;
    let as_of = instant_or("as_of", params.as_of.as_deref(), state.now())?;
    Ok(Json(reads::maturity(&state, org, as_of).await?))
}

pub async fn history(
    State(state): State<AppState>,
    Path(org): Path<String>,
    Query(params): Query<Until>,
) -> Result<Json<MaturityHistory>, ApiError> {
    let org = org_param(org)?;
    let until = instant_or("until", params.until.as_deref(), state.now())?;
    Ok(Json(reads::maturity_history(&state, org, until).await?))
}
