//! `GET /openapi.json`: the ingest routes as an OpenAPI 3.1 document, with the
//! envelope's schema generated from the code.

use axum::Json;
use axum::extract::State;
use govtrack_events::Envelope;
use serde_json::{Value, json};

use crate::AppState;

/// Without a tokens file ingest asks for no token, and the document says so.
pub(crate) async fn document(State(state): State<AppState>) -> Json<Value> {
    let mut document = openapi();
    if state.tokens.is_empty() {
        govtrack_runtime::openapi::without_security(&mut document);
    }
    Json(document)
}

fn error_response(description: &str) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
}

/// The document.
pub fn openapi() -> Value {
    let envelope = schemars::schema_for!(Envelope).to_value();
    json!({
        "openapi": "3.1.0",
        "info": {"title": "govtrack ingest", "version": env!("CARGO_PKG_VERSION"),
                 "description": "Append adoption-governance events to the govtrack log."},
        "paths": {
            "/v1/events": {"post": {
                "summary": "Append one event or a batch of up to 1,000 (all or nothing)",
                "security": [{"bearer": []}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {
                    "oneOf": [{"$ref": "#/components/schemas/Envelope"},
                              {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/Envelope"},
                               "description": "At most 1,000 events (more: 413)."}]}}}},
                "responses": {
                    "200": {"description": "Appended (or already there: duplicate = true)", "content": {"application/json": {"schema": {
                        "oneOf": [{"$ref": "#/components/schemas/Result"},
                                  {"type": "object", "properties": {"results": {"type": "array", "items": {"$ref": "#/components/schemas/Result"}}}}]}}}},
                    "400": error_response("Invalid event; `problems` names each field (and index in a batch). Nothing appended."),
                    "401": error_response("Missing or unknown token"),
                    "403": error_response("The token may not emit for this org"),
                    "409": error_response("expected_version does not match the entity's version"),
                    "413": error_response("Body over 1 MiB or more than 1,000 events"),
                    "503": error_response("NATS did not confirm; retry with the same ids")
                }}},
            "/v1/event-types": {"get": {"summary": "The event catalogue with schemas and examples", "responses": {"200": {"description": "The catalogue"}}}},
            "/v1/event-types/{event_type}": {"get": {"summary": "One event type", "parameters": [{"name": "event_type", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "Schema and example"}, "404": error_response("Unknown type")}}},
            "/healthz": {"get": {"summary": "Liveness", "responses": {"200": {"description": "Alive"}}}},
            "/readyz": {"get": {"summary": "Readiness: NATS connected and the log stream present", "responses": {"200": {"description": "Ready"}, "503": {"description": "Not ready"}}}},
            "/metrics": {"get": {"summary": "Prometheus metrics", "responses": {"200": {"description": "OpenMetrics text"}}}}
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Envelope": envelope,
                "Result": {"type": "object", "required": ["id", "sequence", "duplicate"], "properties": {
                    "id": {"type": "string"}, "sequence": {"type": "integer"}, "duplicate": {"type": "boolean"}}},
                "Error": {"type": "object", "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
                    "code": {"type": "string", "enum": ["invalid", "too_large", "unauthorized", "forbidden", "conflict", "unavailable", "refused", "bad_request", "not_found", "method_not_allowed", "unsupported_media_type", "not_ready"]},
                    "message": {"type": "string"},
                    "problems": {"type": "array", "items": {"type": "object", "properties": {
                        "index": {"type": "integer"}, "field": {"type": "string"}, "reason": {"type": "string"}}}}}}}}
            }
        }
    })
}
