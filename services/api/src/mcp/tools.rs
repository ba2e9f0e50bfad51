//! What every tool is made of: its name, the words a model reads, its arguments' JSON
//! Schema and whether it changes anything ([`ToolSpec`]); the arguments as a typed value
//! ([`arguments`]); and its answer, the REST route's JSON plus a short summary
//! ([`ToolOutput`]).

use std::sync::Arc;

use rmcp::handler::server::tool::schema_for_input;
use rmcp::model::{CallToolResult, ContentBlock, JsonObject, Tool, ToolAnnotations};
use schemars::JsonSchema;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::backend::ToolError;

/// Whether a tool changes anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Effect {
    /// Reads only: `readOnlyHint: true`.
    Reads,
    /// Appends events, never removes, and the same call twice appends once:
    /// `readOnlyHint: false, idempotentHint: true, destructiveHint: false`.
    Records,
}

/// One tool as `tools/list` shows it.
pub(crate) struct ToolSpec {
    pub name: &'static str,
    pub title: &'static str,
    /// For a model: what it answers, when to call it, what the arguments mean.
    pub description: &'static str,
    pub effect: Effect,
    /// The JSON Schema of its arguments ([`input_schema`] of their type).
    pub input: fn() -> Arc<JsonObject>,
}

/// The JSON Schema of arguments `A`, from their doc comments and types.
pub(crate) fn input_schema<A: JsonSchema + 'static>() -> Arc<JsonObject> {
    schema_for_input::<A>().unwrap_or_else(|e| {
        tracing::error!(error = %e, "a tool's arguments have no valid schema");
        Arc::new(JsonObject::new())
    })
}

impl ToolSpec {
    /// A tool that reads only; [`ToolSpec::records`] makes it one that records.
    pub const fn new(
        name: &'static str,
        title: &'static str,
        description: &'static str,
        input: fn() -> Arc<JsonObject>,
    ) -> ToolSpec {
        let effect = Effect::Reads;
        ToolSpec {
            name,
            title,
            description,
            effect,
            input,
        }
    }

    /// A tool that records events.
    pub const fn records(self) -> ToolSpec {
        ToolSpec {
            effect: Effect::Records,
            ..self
        }
    }

    /// The tool as `tools/list` shows it.
    pub fn listing(&self) -> Tool {
        let annotations = match self.effect {
            Effect::Reads => ToolAnnotations::with_title(self.title)
                .read_only(true)
                .open_world(false),
            Effect::Records => ToolAnnotations::with_title(self.title)
                .read_only(false)
                .idempotent(true)
                .destructive(false)
                .open_world(false),
        };
        Tool::new(self.name, self.description, (self.input)())
            .with_title(self.title)
            .with_annotations(annotations)
    }
}

/// A tool's answer: the JSON of the REST route it mirrors, and a few lines for the model.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ToolOutput {
    pub structured: Value,
    pub summary: String,
}

impl ToolOutput {
    /// `value` as structured content (always a JSON object) with `summary`.
    pub fn of<T: Serialize>(value: &T, summary: String) -> Result<ToolOutput, ToolError> {
        let structured = serde_json::to_value(value)
            .map_err(|e| ToolError::Service(format!("cannot write the answer as JSON: {e}")))?;
        Ok(ToolOutput {
            structured,
            summary,
        })
    }

    /// The `tools/call` result: the summary as text content, the JSON as structured
    /// content and, for clients that read only text, as a second text block.
    pub fn into_result(self) -> CallToolResult {
        let json = self.structured.to_string();
        let mut result = CallToolResult::structured(self.structured);
        result.content = vec![ContentBlock::text(self.summary), ContentBlock::text(json)];
        result
    }
}

/// A failed call as the model reads it: `isError: true` and the message.
pub(crate) fn error_result(e: &ToolError) -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text(e.to_string())])
}

/// The call's arguments as `A`; absent arguments are an empty object. The message names
/// the argument that is wrong.
pub(crate) fn arguments<A: DeserializeOwned>(given: Option<JsonObject>) -> Result<A, ToolError> {
    let object = Value::Object(given.unwrap_or_default());
    serde_path_to_error::deserialize(object).map_err(|e| {
        let path = e.path().to_string();
        let reason = e.into_inner();
        match path.as_str() {
            "." => ToolError::Invalid(format!("arguments: {reason}")),
            _ => ToolError::Invalid(format!("argument {path}: {reason}")),
        }
    })
}

/// An organisation id as the tools take it (the charset of every id), or the reason.
pub(crate) fn org_id(org: &str) -> Result<&str, ToolError> {
    govtrack_events::Org::check(org)
        .map(|()| org)
        .map_err(|e| ToolError::Invalid(format!("argument org: {e}")))
}
