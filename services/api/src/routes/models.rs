//! `GET /v1/models` and `GET /v1/models/{id}`: the maturity models this installation
//! evaluates with, each as a CoE lead reads it (capabilities → levels → requirements
//! with words, how to record and source; any-of groups nested).

use axum::Json;
use axum::extract::{Path, State};
use govtrack_maturity::ModelDescription;
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::ApiError;
use crate::openapi::ModelDescriptionSchema;
use crate::state::AppState;

/// One entry of `GET /v1/models`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ModelSummary {
    id: String,
    name: String,
    /// Every organisation without an override is assessed with it.
    default: bool,
    /// Organisations assessed with it by override.
    orgs: Vec<String>,
    /// Capability ids, in display order.
    capabilities: Vec<String>,
}

/// `GET /v1/models`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ModelList {
    models: Vec<ModelSummary>,
}

/// The maturity models this installation evaluates with
///
/// The default model, the models some organisations are on, and the built-in models.
/// Open without a token: no organisation's data.
#[utoipa::path(get, path = "/v1/models", operation_id = "listModels", security(()),
    responses((status = 200, description = "The models", body = ModelList)))]
pub async fn list(State(state): State<AppState>) -> Json<ModelList> {
    let models = state
        .models
        .known()
        .into_iter()
        .map(|k| ModelSummary {
            id: k.model.id().to_owned(),
            name: k.model.name().to_owned(),
            default: k.default,
            orgs: k.orgs,
            capabilities: k
                .model
                .capabilities()
                .iter()
                .map(|c| c.id().to_owned())
                .collect(),
        })
        .collect();
    Json(ModelList { models })
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
    let known = state.models.known();
    match known.iter().find(|k| k.model.id() == id) {
        Some(k) => Ok(Json(k.model.describe())),
        None => {
            let ids: Vec<&str> = known.iter().map(|k| k.model.id()).collect();
            Err(ApiError::NotFound(format!(
                "no maturity model {id:?}; this installation knows {}",
                ids.join(", ")
            )))
        }
    }
}
