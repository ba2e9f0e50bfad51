//! The evaluator's view of one event.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One event of an organisation's history, as the evaluator sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    /// The catalogue type, e.g. `sponsor.named`.
    pub event_type: String,
    /// When it happened (not when it was recorded).
    pub occurred_at: DateTime<Utc>,
    /// The event's `data` object; any JSON is accepted, malformed fields are ignored.
    pub data: Value,
}

/// Data fields that identify what an event is about, in order of preference.
const LABEL_FIELDS: [&str; 10] = [
    "sponsor",
    "policy",
    "environment",
    "module",
    "champion",
    "key_result",
    "capability",
    "signal",
    "name",
    "kind",
];

impl Fact {
    /// A fact of `event_type` at `occurred_at` with `data`.
    pub fn new(event_type: impl Into<String>, occurred_at: DateTime<Utc>, data: Value) -> Self {
        Fact {
            event_type: event_type.into(),
            occurred_at,
            data,
        }
    }

    /// The string value of a data field, if it is a string.
    pub(crate) fn str_field(&self, field: &str) -> Option<&str> {
        self.data.get(field)?.as_str()
    }

    /// The event in words for a cause: `sponsor.named (cio)`.
    pub(crate) fn describe(&self) -> String {
        match self.label() {
            Some(label) => format!("{} ({label})", self.event_type),
            None => self.event_type.clone(),
        }
    }

    fn label(&self) -> Option<String> {
        if self.event_type == "capability.assessed" {
            let level = self.data.get("level").map(Value::to_string)?;
            let by = self.str_field("assessor").unwrap_or("unknown assessor");
            return Some(format!("level {level} by {by}"));
        }
        if self.event_type == "evidence.recorded" {
            return self.str_field("signal").map(str::to_owned);
        }
        LABEL_FIELDS
            .iter()
            .find_map(|field| self.str_field(field))
            .map(str::to_owned)
    }
}

/// The id held in a data field: a string as is, a number or boolean as written.
pub(crate) fn key_of(data: &Value, field: &str) -> Option<String> {
    match data.get(field)? {
        Value::String(s) => Some(s.clone()),
        v @ (Value::Number(_) | Value::Bool(_)) => Some(v.to_string()),
        _ => None,
    }
}
