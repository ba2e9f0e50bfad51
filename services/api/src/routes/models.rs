//! `GET /v1/models` and `GET /v1/models/{id}`: the maturity models this installation
//! evaluates with, each as a CoE lead reads it (capabilities → levels → requirements
//! with words, how to record and source; any-of groups nested).

use axum::Json;
use axum::extract::{Path, State};
use govtrack_maturity::ModelDescription;

use crate::error::ApiError;
use crate::openapi::ModelDescriptionSchema;
use crate::reads;
use crate::state::AppState;
use crate::types::ModelList;

/// The maturity models this installation evaluates with
///
/// The default model, the models some organisations are on, and the built-in models.
/// Open without a token: no organisation's data.
#[utoipa::path(get, path = "/v1/models", operation_id = "listModels", security(()),
    responses((status = 200, description = "The models", body = ModelList)))]
pub async fn list(State(state): State<AppState>) -> Json<ModelList> {
    Json(reads::models(&state))
}

/// One maturity model as a CoE lead reads it
///
/// Capabilities → levels 100–500 → requirements with words, how to record each, and
/// the seed statement each encodes; any-of groups nest their alternatives.
#[utoipa::path(get, path = "/v1/models/{id}", operation_id = "getModel", security(()),
    params(("id" = String, Path, description = "The model id", example = "2025")),
    responses((status = 200, description = "The model", body = ModelDescriptionSchema),
        (status = 404, description = "No such model", body = govtrack_runtime::ErrorBody)))]
pub async fn one(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ModelDescription>, ApiError> {
    Ok(Json(reads::model(&state, &id)?))
}
