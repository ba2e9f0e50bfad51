//! `GET /v1/orgs/{org}/events[?after=SEQ&limit=N]`: the timeline, paged by sequence.

use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Deserialize;

use crate::error::ApiError;
use crate::org_param::org_param;
use crate::query::{self, MAX_PAGE};
use crate::state::AppState;
use crate::types::EventPage;

const DEFAULT_PAGE: u32 = 100;

#[derive(Debug, Deserialize)]
pub struct Params {
    after: Option<String>,
    limit: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    Path(org): Path<String>,
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
