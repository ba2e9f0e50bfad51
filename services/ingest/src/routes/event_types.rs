//! `GET /v1/event-types[/{type}]`: the catalogue with schemas and examples.

use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use govtrack_events::{EventType, describe};
use serde_json::{Value, json};

pub(crate) async fn list() -> Json<Value> {
    Json(json!({ "event_types": EventType::ALL.iter().map(|t| describe(*t)).collect::<Vec<_>>() }))
}

pub(crate) async fn one(
    Path(name): Path<String>,
) -> Result<Json<Value>, (StatusCode, Json<Value>)> {
    match EventType::parse(&name) {
        Some(t) => Ok(Json(describe(t))),
        None => Err((
            StatusCode::NOT_FOUND,
            Json(
                json!({"error": {"code": "not_found", "message": format!("unknown event type {name:?}")}}),
            ),
        )),
    }
}
