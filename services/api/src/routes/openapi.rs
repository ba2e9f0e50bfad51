//! `GET /openapi.json`: the hand-written OpenAPI 3.1 document of every route; without
//! a tokens file it declares no security, as the api then asks for none.

use std::sync::OnceLock;

use axum::Json;
use axum::extract::State;
use serde_json::Value;

use crate::state::AppState;

const DOCUMENT: &str = include_str!("../openapi.json");

pub async fn document(State(state): State<AppState>) -> Json<Value> {
    static PARSED: OnceLock<Value> = OnceLock::new();
    let mut document = PARSED
        .get_or_init(|| serde_json::from_str(DOCUMENT).unwrap_or(Value::Null))
        .clone();
    if state.auth.is_open() {
        govtrack_runtime::openapi::without_security(&mut document);
    }
    Json(document)
}
