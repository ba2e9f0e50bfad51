//! `GET /v1/orgs/{org}/maturity[?as_of=]` and `…/maturity/history[?until=]`.

use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Deserialize;

use crate::as_of::instant_or;
use crate::cache::OrgKey;
use crate::error::ApiError;
use crate::org_param::org_param;
use crate::query;
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
    let now = state.now();
    let as_of = instant_or("as_of", params.as_of.as_deref(), now)?;
    let model = state.models.for_org(&org);
    let cache = state.cache.clone();
    let report = state
        .read(move |c| {
            let key = OrgKey::read(c, &org)?;
            let timeline = cache.timeline(c, &model, &key, (as_of, now))?;
            query::maturity(&timeline, &model, &org, as_of)
        })
        .await?;
    Ok(Json(report))
}

pub async fn history(
    State(state): State<AppState>,
    Path(org): Path<String>,
    Query(params): Query<Until>,
) -> Result<Json<MaturityHistory>, ApiError> {
    let org = org_param(org)?;
    let now = state.now();
    let until = instant_or("until", params.until.as_deref(), now)?;
    let model = state.models.for_org(&org);
    let cache = state.cache.clone();
    let history = state
        .read(move |c| {
            let key = OrgKey::read(c, &org)?;
            let timeline = cache.timeline(c, &model, &key, (until, now))?;
            query::maturity_history(&timeline, &model, &org, until)
        })
        .await?;
    Ok(Json(history))
}
