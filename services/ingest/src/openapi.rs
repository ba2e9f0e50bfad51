//! `GET /openapi.json`: the ingest routes as an OpenAPI 3.1 document, with the
//! envelope's schema generated from the code. (The Power Automate connector's
//! Swagger 2.0 definition is a file of its own, `deploy/power-platform/connector/`.)

use axum::Json;
use axum::extract::State;
use govtrack_events::Envelope;
use serde_json::{Value, json};

use crate::AppState;

/// Without a tokens file ingest asks for no token, and the document says so.
pub(crate) async fn document(State(state): State<AppState>) -> Json<Value> {
    let mut document = openapi();
    if state.auth.is_open() {
        govtrack_runtime::openapi::without_security(&mut document);
        // GitHub proves itself with its signature, tokens or not.
        let github = &mut document["paths"]["/v1/hooks/github/{org}"]["post"]["responses"];
        github["401"] =
            error_response("A missing or wrong X-Hub-Signature-256, or no secret for this org");
    }
    Json(document)
}

fn error_response(description: &str) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
}

fn retry_response(description: &str) -> Value {
    let mut response = error_response(description);
    response["headers"] = json!({"Retry-After": {"description": "Seconds to wait before retrying", "schema": {"type": "integer"}}});
    response
}

/// The answers of the routes that append.
fn write_responses(ok: Value) -> Value {
    json!({
        "200": {"description": "Appended (or already there: duplicate = true)", "content": {"application/json": {"schema": ok}}},
        "400": error_response("Invalid event; `problems` names each field (and index in a batch). Nothing appended."),
        "401": error_response("Missing or unknown token"),
        "403": error_response("The token may not emit for this org"),
        "409": error_response("expected_version does not match the entity's version"),
        "413": error_response("Body over 1 MiB or more than 1,000 events"),
        "429": retry_response("More appends in flight than allowed; nothing appended: retry with the same ids after Retry-After seconds"),
        "503": retry_response("NATS did not confirm; retry with the same ids")
    })
}

/// A webhook route: the sender's own JSON in, the events' results (or why nothing
/// mapped) out.
fn hook(summary: &str, security: Value) -> Value {
    json!({
        "summary": summary,
        "security": security,
        "parameters": [{"name": "org", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]{0,62}$"}}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "description": "The sender's payload, as it sends it"}}}},
        "responses": {
            "200": {"description": "Recorded: one result per event (a redelivery: duplicate = true)", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"results": {"type": "array", "items": {"$ref": "#/components/schemas/Result"}}}}}}},
            "202": {"description": "Nothing maps this delivery; `ignored` says why", "content": {"application/json": {"schema": {
                "type": "object", "required": ["ignored"], "properties": {"ignored": {"type": "string"}}}}}},
            "400": error_response("The payload lacks what its sender always sends (named), or is not JSON"),
            "401": error_response("Missing or unknown token, or a missing or wrong X-Hub-Signature-256"),
            "403": error_response("The token may not emit for this org"),
            "413": error_response("Body over 1 MiB"),
            "422": error_response("The mapped event is not valid; `problems` names the field"),
            "429": retry_response("More appends in flight than allowed: redeliver"),
            "503": retry_response("NATS did not confirm: redeliver")
        }
    })
}

/// The envelope without `type` (it is in the path).
fn typed_envelope(envelope: &Value) -> Value {
    let mut typed = envelope.clone();
    if let Some(properties) = typed["properties"].as_object_mut() {
        properties.remove("type");
    }
    if let Some(required) = typed["required"].as_array_mut() {
        required.retain(|r| r != "type");
    }
    typed
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
                "security": [{"bearer": []}, {"basic": []}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {
                    "oneOf": [{"$ref": "#/components/schemas/Envelope"},
                              {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/Envelope"},
                               "description": "At most 1,000 events (more: 413)."}]}}}},
                "responses": write_responses(json!({
                    "oneOf": [{"$ref": "#/components/schemas/Result"},
                              {"type": "object", "properties": {"results": {"type": "array", "items": {"$ref": "#/components/schemas/Result"}}}}]}))}},
            "/v1/events/batch": {"post": {
                "summary": "Append a batch of 1 to 1,000 events (all or nothing); an array only",
                "security": [{"bearer": []}, {"basic": []}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {
                    "type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/Envelope"},
                    "description": "At most 1,000 events (more: 413)."}}}},
                "responses": write_responses(json!({"type": "object", "properties": {"results": {"type": "array", "items": {"$ref": "#/components/schemas/Result"}}}}))}},
            "/v1/events/{event_type}": {"post": {
                "summary": "Append one event whose type is the path (the Power Automate connector's actions)",
                "security": [{"bearer": []}, {"basic": []}],
                "parameters": [{"name": "event_type", "in": "path", "required": true, "schema": {"type": "string"}, "description": "e.g. key_result.measured"}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TypedEnvelope"}}}},
                "responses": write_responses(json!({"$ref": "#/components/schemas/Result"}))}},
            "/v1/event-types": {"get": {"summary": "The event catalogue with schemas and examples; `format=connector`: types and titles for the connector's dropdown",
                "parameters": [{"name": "format", "in": "query", "required": false, "schema": {"type": "string", "enum": ["full", "connector"]}}],
                "responses": {"200": {"description": "The catalogue"}, "400": error_response("Unknown format")}}},
            "/v1/event-types/{event_type}": {"get": {"summary": "One event type", "parameters": [{"name": "event_type", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "Schema and example"}, "404": error_response("Unknown type")}}},
            "/v1/event-types/{event_type}/connector-schema": {"get": {"summary": "One type's data schema in Swagger 2.0 form (the connector's dynamic schema)",
                "parameters": [{"name": "event_type", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "`{type, schema}`", "content": {"application/json": {"schema": {"type": "object", "required": ["type", "schema"],
                    "properties": {"type": {"type": "string"}, "schema": {"type": "object"}}}}}}, "404": error_response("Unknown type")}}},
            "/v1/hooks/azure-devops/{org}": {"post": hook(
                "Azure DevOps service hook (workitem.created, workitem.updated, workitem.commented); items tagged govtrack:<initiative> drive that initiative",
                json!([{"bearer": []}, {"basic": []}]))},
            "/v1/hooks/github/{org}": {"post": hook(
                "GitHub webhook (issues, issue_comment, pull_request), proven by X-Hub-Signature-256; items labelled govtrack:<initiative> drive that initiative",
                json!([]))},
            "/v1/hooks/dataverse/{org}": {"post": hook(
                "Dataverse webhook (RemoteExecutionContext); tables and messages mapped in the hooks file become events",
                json!([{"bearer": []}, {"basic": []}]))},
            "/healthz": {"get": {"summary": "Liveness", "responses": {"200": {"description": "Alive"}}}},
            "/readyz": {"get": {"summary": "Readiness: NATS connected and the log stream present", "responses": {"200": {"description": "Ready"}, "503": {"description": "Not ready"}}}},
            "/metrics": {"get": {"summary": "Prometheus metrics", "responses": {"200": {"description": "OpenMetrics text"}}}}
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"},
                                "basic": {"type": "http", "scheme": "basic", "description": "Any user name; the token as the password"}},
            "schemas": {
                "TypedEnvelope": typed_envelope(&envelope),
                "Envelope": envelope,
                "Result": {"type": "object", "required": ["id", "sequence", "duplicate"], "properties": {
                    "id": {"type": "string"}, "sequence": {"type": "integer"}, "duplicate": {"type": "boolean"}}},
                "Error": {"type": "object", "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
                    "code": {"type": "string", "enum": ["invalid", "too_large", "unauthorized", "forbidden", "conflict", "unavailable", "overloaded", "refused", "bad_request", "not_found", "method_not_allowed", "unsupported_media_type", "not_ready"]},
                    "message": {"type": "string"},
                    "problems": {"type": "array", "items": {"type": "object", "properties": {
                        "index": {"type": "integer"}, "field": {"type": "string"}, "reason": {"type": "string"}}}}}}}}
            }
        }
    })
}
