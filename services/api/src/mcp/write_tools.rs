//! The write tools: each records one event through ingest, the only writer, so the
//! validation, the model check and the durable id index are those of `POST /v1/events`.
//! They append and never remove, and the same call twice appends once: without an
//! `id`, [`super::ids`] derives one from the event and the day.

use rmcp::model::JsonObject;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::backend::{Backend, ToolError};
use super::ids::derived_id;
use super::tools::{ToolOutput, ToolSpec, arguments, input_schema, org_id};

/// The `source` of the events the tools record: their feed in list_sources.
pub const SOURCE: &str = "govtrack-mcp";

/// `record_event`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordArgs {
    /// The organisation id (e.g. `contoso`).
    pub org: String,
    /// The event type, one of list_event_types (e.g. `hackathon.held`).
    #[serde(rename = "type")]
    pub event_type: String,
    /// The event's data, matching its type's schema in list_event_types.
    pub data: Map<String, Value>,
    /// Idempotency key (1-128 characters of A-Z a-z 0-9 . _ : -). Default: derived
    /// from the other arguments and today's date, so a repeated call records once.
    #[serde(default)]
    pub id: Option<String>,
    /// When it happened, RFC 3339 (2026-03-01T10:00:00Z). Default: now.
    #[serde(default)]
    pub occurred_at: Option<String>,
}

/// `measure_key_result`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasureArgs {
    /// The organisation id (e.g. `contoso`).
    pub org: String,
    /// The key result id, as get_okrs gives it.
    pub key_result: String,
    /// The measured value, in the key result's unit.
    pub value: f64,
    /// Idempotency key. Default: derived from the other arguments and today's date.
    #[serde(default)]
    pub id: Option<String>,
}

/// `check_in_initiative`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckInArgs {
    /// The organisation id (e.g. `contoso`).
    pub org: String,
    /// The initiative id, as list_initiatives gives it.
    pub initiative: String,
    /// What happened since the last check-in, in a sentence or two.
    pub note: String,
    /// How much is done, 0 to 100.
    #[serde(default)]
    pub percent: Option<u8>,
    /// Idempotency key. Default: derived from the other arguments and today's date.
    #[serde(default)]
    pub id: Option<String>,
}

/// Every write tool, in the order `tools/list` shows them.
pub(crate) const WRITE_TOOLS: [ToolSpec; 3] = [
    ToolSpec::new(
        "record_event",
        "Record an event",
        "Record one event for an organisation: something that happened in its adoption \
         programme (a sponsor named, a DLP policy set, a hackathon held, a training, \
         evidence for a capability, …). `type` is one of list_event_types and `data` \
         must match that type's schema; unknown fields are refused by name. It goes \
         through govtrack's ingest with the same checks as POST /v1/events, and changes \
         the maturity levels and OKRs the read tools report. Safe to repeat: without \
         `id`, the id is derived from the arguments and today's date (UTC), so the same \
         call on the same day records once. Answers ingest's JSON: the event id, its \
         sequence on the log, and whether it was already there (`duplicate`).",
        input_schema::<RecordArgs>,
    )
    .records(),
    ToolSpec::new(
        "measure_key_result",
        "Measure a key result",
        "Record a new measurement of a key result (event key_result.measured): its \
         current value, in the key result's unit as get_okrs shows it. The key result's \
         progress and status follow from it. Safe to repeat: the same value on the same \
         day records once. Answers ingest's JSON: the event id, its sequence, and \
         `duplicate`.",
        input_schema::<MeasureArgs>,
    )
    .records(),
    ToolSpec::new(
        "check_in_initiative",
        "Check in on an initiative",
        "Record a check-in on an initiative (event initiative.progressed): a short note \
         of what happened and, optionally, the percent done (0 to 100). A check-in is \
         activity: it keeps the initiative from being due for a check-in or stalled. \
         Safe to repeat: the same note on the same day records once. Answers ingest's \
         JSON: the event id, its sequence, and `duplicate`.",
        input_schema::<CheckInArgs>,
    )
    .records(),
];

/// Runs the write tool `name`; `None` when there is no write tool of that name.
pub(crate) async fn call<B: Backend>(
    backend: &B,
    name: &str,
    args: Option<JsonObject>,
) -> Option<Result<ToolOutput, ToolError>> {
    let event = match name {
        "record_event" => arguments(args).and_then(record_event),
        "measure_key_result" => arguments(args).and_then(measure_key_result),
        "check_in_initiative" => arguments(args).and_then(check_in_initiative),
        _ => return None,
    };
    Some(match event {
        Ok(event) => record(backend, event).await,
        Err(e) => Err(e),
    })
}

/// An event to record: the envelope's fields but `id` and `source`.
struct NewEvent {
    org: String,
    fields: Value,
    id: Option<String>,
}

fn record_event(a: RecordArgs) -> Result<NewEvent, ToolError> {
    let mut fields = json!({ "org": a.org, "type": a.event_type, "data": a.data });
    if let Some(at) = a.occurred_at {
        fields["occurred_at"] = Value::String(at);
    }
    Ok(NewEvent {
        org: a.org,
        fields,
        id: a.id,
    })
}

fn measure_key_result(a: MeasureArgs) -> Result<NewEvent, ToolError> {
    let data = json!({ "key_result": a.key_result, "value": a.value });
    let fields = json!({ "org": a.org, "type": "key_result.measured", "data": data });
    Ok(NewEvent {
        org: a.org,
        fields,
        id: a.id,
    })
}

fn check_in_initiative(a: CheckInArgs) -> Result<NewEvent, ToolError> {
    let mut data = json!({ "initiative": a.initiative, "note": a.note });
    if let Some(percent) = a.percent {
        data["percent"] = json!(percent);
    }
    let fields = json!({ "org": a.org, "type": "initiative.progressed", "data": data });
    Ok(NewEvent {
        org: a.org,
        fields,
        id: a.id,
    })
}

/// Records `event` with its id (given or derived) and [`SOURCE`].
async fn record<B: Backend>(backend: &B, event: NewEvent) -> Result<ToolOutput, ToolError> {
    let org = org_id(&event.org)?;
    let id = match event.id {
        Some(id) => id,
        None => derived_id(&event.fields, backend.today()),
    };
    let mut envelope = event.fields.clone();
    envelope["id"] = Value::String(id);
    envelope["source"] = Value::String(SOURCE.to_owned());
    let answer = backend.record(org, envelope).await?;
    let summary = recorded(&event.fields, &answer);
    Ok(ToolOutput {
        structured: answer,
        summary,
    })
}

/// What ingest's answer says, in a sentence.
fn recorded(fields: &Value, answer: &Value) -> String {
    let (event_type, org) = (fields["type"].as_str(), fields["org"].as_str());
    let (event_type, org) = (event_type.unwrap_or("event"), org.unwrap_or(""));
    let id = answer["id"].as_str().unwrap_or("?");
    let sequence = &answer["sequence"];
    match answer["duplicate"].as_bool() {
        Some(true) => format!(
            "Already recorded: {event_type} {id} of {org} was on the log (sequence \
             {sequence}); nothing new was appended."
        ),
        _ => format!("Recorded {event_type} for {org} as event {id} (sequence {sequence})."),
    }
}
