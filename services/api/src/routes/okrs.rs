//! `GET /v1/orgs/{org}/okrs`.

use axum::Json;
use axum::extract::{Path, State};

use super::org_param;
use crate::cache::OrgKey;
use crate::error::ApiError;
use crate::query::{self, QueryError};
use crate::state::AppState;
use crate::types::OkrReport;

pub async fn okrs(
    State(state): State<AppState>,
    Path(org): Path<String>,
) -> Result<Json<OkrReport>, ApiError> {
    let org = org_param(org)?;
    let now = state.now();
    let cache = state.cache.clone();
    let report = state
        .read(move |c| {
            let rows = cache.okr_rows(c, &OrgKey::read(c, &org)?)?;
            Ok::<_, QueryError>(query::okrs(&rows, &org, now))
        })
        .await?;
    Ok(Json(report))
}
