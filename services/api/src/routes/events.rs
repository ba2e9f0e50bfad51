//! `GET /v1/orgs/{org}/events[?after=SEQ&limit=N]`: the timeline, paged by sequence.

use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa::openapi::schema::{Object, ObjectBuilder, Type};

use super::org_param;
use super::org_path::OrgPath;
use crate::error::ApiError;
use crate::openapi::OrgErrors;
use crate::query::{self, MAX_PAGE};
use crate::state::AppState;
use crate::types::EventPage;

const DEFAULT_PAGE: u32 = 100;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Params {
    #[param(schema_with = after_schema)]
    after: Option<String>,
    #[param(schema_with = limit_schema)]
    limit: Option<String>,
}

/// A whole number from `min` to `max`, as [`number`] reads it.
fn whole_number(min: u64, max: u64, description: String) -> Object {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .description(Some(description))
        .minimum(Some(min as usize))
        .maximum(Some(max as usize))
        .build()
}

fn after_schema() -> Object {
    let described =
        "Only events with a greater sequence (the previous page's `next_after`); default 0";
    whole_number(0, u64::MAX, described.to_owned())
}

fn limit_schema() -> Object {
    let described = format!("The page size, default {DEFAULT_PAGE}, at most {MAX_PAGE}");
    whole_number(1, MAX_PAGE as u64, described)
}

/// The organisation's timeline, oldest first, paged by stream sequence
#[utoipa::path(get, path = "/v1/orgs/{org}/events", operation_id = "listEvents",
    params(OrgPath, Params),
    responses((status = 200, description = "A page of events", body = EventPage), OrgErrors))]
pub async fn page(
    State(state): State<AppState>,
    Path(OrgPath { org }): Path<OrgPath>,
    Query(params): Query<Params>,
) -> Result<Json<EventPage>, ApiError> {
    let org = org_param(org)?;
    let after = number("after", params.after.as_deref(), 0, (0, u64::MAX))?;
    let limit = number(
        "limit",
        params.limit.as_deref(),
        DEFAULT_PAGE as u64,
        (1, MAX_PAGE as u64),
    )? as u32;
    Ok(Json(
        state
            .read(move |c| query::events(c, &org, after, limit))
            .await?,
    ))
}

fn number(
    name: &str,
    value: Option<&str>,
    default: u64,
    (min, max): (u64, u64),
) -> Result<u64, ApiError> {
    let Some(value) = value else {
        return Ok(default);
    };
    match value.parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(ApiError::BadRequest(format!(
            "{name}={value:?}: expected a whole number from {min} to {max}"
        ))),
    }
}
