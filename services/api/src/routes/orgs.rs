//! `GET /v1/orgs`.

use axum::Json;
use axum::extract::State;

use crate::error::ApiError;
use crate::query;
use crate::state::AppState;
use crate::types::OrgList;

pub async fn list(State(state): State<AppState>) -> Result<Json<OrgList>, ApiError> {
    Ok(Json(state.read(query::orgs).await?))
}
