//! The envelope tooling sends, and the validated event it becomes.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{EventData, EventId, EventType, Org, RecordedBy};

/// An event as a client sends it (HTTP body, NATS request, CLI, import line).
// Field types are loose on purpose (`String`, `Value`) so that validation can report
// every problem by name instead of stopping at the first one serde meets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    /// Client-chosen idempotency key; generated when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The event type, e.g. `sponsor.named`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// The organisation, `[a-z0-9][a-z0-9_-]{0,62}`.
    pub org: String,
    /// When it happened (RFC 3339); defaults to the time it is received.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occurred_at: Option<String>,
    /// The tool that emitted it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Optimistic concurrency: the entity's version (last stream sequence of its
    /// subject) the sender saw; 0 means "the entity has no events yet".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_version: Option<u64>,
    /// The type's payload; see `govtrack event-types TYPE`.
    #[serde(default)]
    pub data: Value,
}

impl Envelope {
    /// An envelope for `event_type` in `org` with `data`, every optional field empty.
    pub fn new(event_type: &str, org: &str, data: Value) -> Envelope {
        Envelope {
            id: None,
            event_type: event_type.to_owned(),
            org: org.to_owned(),
            occurred_at: None,
            source: None,
            expected_version: None,
            data,
        }
    }
}

/// The entity an event is about; it names the event's subject on the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// `sponsor`, `dlp_policy`, `objective`, …, or `org` for organisation-level facts.
    pub kind: &'static str,
    /// The entity id (the org id for organisation-level facts).
    pub id: String,
}

/// A validated event, ready to append.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Idempotency key.
    pub id: EventId,
    /// The organisation.
    pub org: Org,
    /// When it happened.
    pub occurred_at: DateTime<Utc>,
    /// The emitting tool.
    pub source: Option<String>,
    /// Expected version of the entity, if the sender asked for a check.
    pub expected_version: Option<u64>,
    /// Typed payload (carries the type).
    pub data: EventData,
    /// Who recorded it: set by ingest from the authenticated caller, never from the
    /// body ([`crate::validate`] leaves it empty).
    pub recorded_by: Option<RecordedBy>,
}

impl Event {
    /// The same event, recorded by `by`.
    pub fn recorded_by(mut self, by: RecordedBy) -> Event {
        self.recorded_by = Some(by);
        self
    }

    /// The event's type.
    pub fn event_type(&self) -> EventType {
        self.data.event_type()
    }

    /// The entity this event is about.
    pub fn entity(&self) -> Entity {
        match self.data.entity_key() {
            Some((kind, id)) => Entity {
                kind,
                id: id.to_owned(),
            },
            None => Entity {
                kind: "org",
                id: self.org.as_str().to_owned(),
            },
        }
    }
}
