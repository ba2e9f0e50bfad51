//! The resources: `govtrack://models/{id}` (a maturity model as `GET /v1/models/{id}`
//! serves it) and `govtrack://event-types/{type}` (one event type with the JSON Schema
//! of its data and an example, as ingest's `GET /v1/event-types/{type}` serves it).
//! Both are JSON; a client may attach them to a conversation instead of calling
//! describe_model or list_event_types.

use govtrack_events::{EventType, describe};
use rmcp::ErrorData;
use rmcp::model::{ReadResourceResult, Resource, ResourceContents, ResourceTemplate};
use serde::Serialize;

use super::backend::{Backend, ToolError};

const MODELS: &str = "govtrack://models/";
const EVENT_TYPES: &str = "govtrack://event-types/";
const JSON: &str = "application/json";

/// The two URI templates.
pub(crate) fn templates() -> Vec<ResourceTemplate> {
    vec![
        ResourceTemplate::new(format!("{MODELS}{{id}}"), "maturity-model")
            .with_title("Maturity model")
            .with_description(
                "A maturity model: capabilities, levels 100-500, each requirement's words, \
                 how to record it and the guidance sentence it encodes.",
            )
            .with_mime_type(JSON),
        ResourceTemplate::new(format!("{EVENT_TYPES}{{type}}"), "event-type")
            .with_title("Event type")
            .with_description("An event type: the JSON Schema of its data and an example.")
            .with_mime_type(JSON),
    ]
}

/// Every model of the installation and every event type, as resources.
pub(crate) async fn list<B: Backend>(backend: &B) -> Result<Vec<Resource>, ErrorData> {
    let models = backend.models().await.map_err(failed)?.models;
    let models = models.into_iter().map(|m| {
        Resource::new(format!("{MODELS}{}", m.id), format!("model-{}", m.id))
            .with_title(m.name)
            .with_mime_type(JSON)
    });
    let types = EventType::ALL.iter().map(|t| {
        Resource::new(format!("{EVENT_TYPES}{}", t.name()), t.name())
            .with_title(format!("Event type {}", t.name()))
            .with_mime_type(JSON)
    });
    Ok(models.chain(types).collect())
}

/// The JSON of the resource at `uri`; an unknown one is "resource not found", naming
/// what there is.
pub(crate) async fn read<B: Backend>(
    backend: &B,
    uri: &str,
) -> Result<ReadResourceResult, ErrorData> {
    if let Some(id) = uri.strip_prefix(MODELS) {
        let known = backend.models().await.map_err(failed)?.models;
        if !known.iter().any(|m| m.id == id) {
            let ids: Vec<&str> = known.iter().map(|m| m.id.as_str()).collect();
            let message = format!(
                "no maturity model {id:?}; this installation knows {}",
                ids.join(", ")
            );
            return Err(ErrorData::resource_not_found(message, None));
        }
        let model = backend.model(id).await.map_err(failed)?;
        return contents(uri, &model);
    }
    if let Some(name) = uri.strip_prefix(EVENT_TYPES) {
        let Some(event_type) = EventType::parse(name) else {
            let message = format!("unknown event type {name:?}; list_event_types names them all");
            return Err(ErrorData::resource_not_found(message, None));
        };
        return contents(uri, &describe(event_type));
    }
    let message =
        format!("no resource {uri:?}: the resources are {MODELS}{{id}} and {EVENT_TYPES}{{type}}");
    Err(ErrorData::resource_not_found(message, None))
}

fn contents<T: Serialize>(uri: &str, value: &T) -> Result<ReadResourceResult, ErrorData> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| ErrorData::internal_error(format!("cannot write JSON: {e}"), None))?;
    let contents = ResourceContents::TextResourceContents {
        uri: uri.to_owned(),
        mime_type: Some(JSON.to_owned()),
        text,
        meta: None,
    };
    Ok(ReadResourceResult::new(vec![contents]))
}

fn failed(e: ToolError) -> ErrorData {
    ErrorData::internal_error(e.to_string(), None)
}
