//! `GET /v1/event-types[/{type}]`: the catalogue with schemas and examples;
//! `?format=connector` and `/{type}/connector-schema` are the Power Automate
//! connector's dropdown and dynamic schema.

use axum::Json;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use govtrack_events::{EventType, describe};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::connector;

type Answer = Result<Json<Value>, (StatusCode, Json<Value>)>;

#[derive(Debug, Deserialize)]
pub(crate) struct ListQuery {
    format: Option<String>,
}

pub(crate) async fn list(Query(query): Query<ListQuery>) -> Answer {
    match query.format.as_deref() {
        None | Some("full") => Ok(Json(
            json!({ "event_types": EventType::ALL.iter().map(|t| describe(*t)).collect::<Vec<_>>() }),
        )),
        Some("connector") => Ok(Json(connector::choices())),
        Some(other) => Err(error(
            StatusCode::BAD_REQUEST,
            "bad_request",
            format!("unknown format {other:?}: use `full` (the default) or `connector`"),
        )),
    }
}

pub(crate) async fn one(Path(name): Path<String>) -> Answer {
    known(&name).map(|t| Json(describe(t)))
}

pub(crate) async fn connector_schema(Path(name): Path<String>) -> Answer {
    known(&name).map(|t| Json(connector::schema(t)))
}

fn known(name: &str) -> Result<EventType, (StatusCode, Json<Value>)> {
    EventType::parse(name).ok_or_else(|| {
        error(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("unknown event type {name:?}"),
        )
    })
}

fn error(status: StatusCode, code: &str, message: String) -> (StatusCode, Json<Value>) {
    (
        status,
        Json(json!({"error": {"code": code, "message": message}})),
    )
}
