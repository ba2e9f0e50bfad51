//! `GET /v1/orgs/{org}/initiatives[?status=]`.

use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa::openapi::schema::{Object, ObjectBuilder, Type};

use super::org_param;
use super::org_path::OrgPath;
use crate::error::ApiError;
use crate::openapi::OrgErrors;
use crate::query::StatusFilter;
use crate::reads;
use crate::state::AppState;
use crate::types::InitiativeList;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Params {
    #[param(schema_with = status_schema)]
    status: Option<String>,
}

/// The values `?status=` takes.
fn status_schema() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(
            "Only initiatives in this state (`open`: active or blocked), due for a check-in, or stalled.",
        ))
        .enum_values(Some(StatusFilter::NAMES.split(", ")))
        .build()
}

/// Initiatives with their check-in status
#[utoipa::path(get, path = "/v1/orgs/{org}/initiatives", operation_id = "listInitiatives",
    params(OrgPath, Params),
    responses((status = 200, description = "The initiatives", body = InitiativeList), OrgErrors))]
pub async fn list(
    State(state): State<AppState>,
    Path(OrgPath { org }): Path<OrgPath>,
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
