//! `GET /v1/orgs/{org}/maturity[?as_of=]` and `…/maturity/history[?until=]`.

use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use utoipa::IntoParams;

use super::org_param;
use super::org_path::OrgPath;
use crate::as_of::{instant_or, instant_schema};
use crate::error::ApiError;
use crate::openapi::OrgErrors;
use crate::reads;
use crate::state::AppState;
use crate::types::{MaturityHistory, MaturityReport};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AsOf {
    #[param(schema_with = instant_schema)]
    as_of: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Until {
    #[param(schema_with = instant_schema)]
    until: Option<String>,
}

/// Maturity per capability as of an instant
///
/// Every capability's level, its target, since when it holds, and what the next level
/// still needs, in words.
#[utoipa::path(get, path = "/v1/orgs/{org}/maturity", operation_id = "getMaturity",
    params(OrgPath, AsOf),
    responses((status = 200, description = "The levels, in the model's order", body = MaturityReport),
        OrgErrors))]
pub async fn current(
    State(state): State<AppState>,
    Path(OrgPath { org }): Path<OrgPath>,
    Query(params): Query<AsOf>,
) -> Result<Json<MaturityReport>, ApiError> {
    let org = org_param(org)?;
    let as_of = instant_or("as_of", params.as_of.as_deref(), state.now())?;
    Ok(Json(reads::maturity(&state, org, as_of).await?))
}

/// Level changes over time, with their cause
#[utoipa::path(get, path = "/v1/orgs/{org}/maturity/history", operation_id = "getMaturityHistory",
    params(OrgPath, Until),
    responses((status = 200, description = "Every change up to `until`, in time order",
        body = MaturityHistory), OrgErrors))]
pub async fn history(
    State(state): State<AppState>,
    Path(OrgPath { org }): Path<OrgPath>,
    Query(params): Query<Until>,
) -> Result<Json<MaturityHistory>, ApiError> {
    let org = org_param(org)?;
    let until = instant_or("until", params.until.as_deref(), state.now())?;
    Ok(Json(reads::maturity_history(&state, org, until).await?))
}
