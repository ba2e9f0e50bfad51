//! `GET /v1/models` and `GET /v1/models/{id}`: the maturity models this installation
//! evaluates with, each as a CoE lead reads it (capabilities → levels → requirements
//! with words, how to record and source; any-of groups nested).

use axum::Json;
use axum::extract::{Path, State};
use govtrack_maturity::ModelDescription;

use crate::error::ApiError;
use crate::reads;
use crate::state::AppState;
use crate::types::ModelList;

pub async fn list(State(state): State<AppState>) -> Json<ModelList> {
    Json(reads::models(&state))
}

pub async fn one(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ModelDescription>, ApiError> {
    Ok(Json(reads::model(&state, &id)?))
}
