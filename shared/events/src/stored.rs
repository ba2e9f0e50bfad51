//! The JSON form of an event on the log, and decoding it back (with upcasting).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{Event, EventData, EventType, RecordedBy, upcast};

/// An event as stored in the `GOVTRACK_EVENTS` stream. The stream sequence is the
/// message's, not part of the body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredEvent {
    /// Idempotency key (also the message's `Nats-Msg-Id`).
    pub id: String,
    /// Event type name.
    #[serde(rename = "type")]
    pub event_type: String,
    /// Schema version of `data`.
    pub v: u32,
    /// Organisation id.
    pub org: String,
    /// When it happened.
    pub occurred_at: DateTime<Utc>,
    /// When ingest accepted it.
    pub recorded_at: DateTime<Utc>,
    /// The emitting tool.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The payload.
    pub data: Value,
    /// Who recorded it (absent on events stored before govtrack knew its callers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_by: Option<RecordedBy>,
}

/// Why a message on the log could not be read as an event.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// Not JSON, or not an event body.
    #[error("not an event: {0}")]
    Malformed(String),
    /// A type this version of govtrack does not know.
    #[error("unknown event type {0:?}")]
    UnknownType(String),
    /// A schema version newer than this build understands.
    #[error("{event_type} v{version} is newer than this build (v{current})")]
    TooNew {
        /// Event type.
        event_type: String,
        /// Version found.
        version: u32,
        /// Version this build writes.
        current: u32,
    },
    /// The data does not match the type's schema.
    #[error("invalid data: {0}")]
    InvalidData(String),
}

impl StoredEvent {
    /// The stored form of a validated event.
    pub fn from_event(event: &Event, recorded_at: DateTime<Utc>) -> StoredEvent {
        let event_type = event.event_type();
        StoredEvent {
            id: event.id.to_string(),
            event_type: event_type.name().to_owned(),
            v: event_type.version(),
            org: event.org.to_string(),
            occurred_at: event.occurred_at,
            recorded_at,
            source: event.source.clone(),
            data: event.data.to_value(),
            recorded_by: event.recorded_by.clone(),
        }
    }

    /// Serialises to the message body.
    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// Reads a message body, upcasting `data` to the current schema version.
    pub fn decode(bytes: &[u8]) -> Result<StoredEvent, DecodeError> {
        let mut stored: StoredEvent =
            serde_json::from_slice(bytes).map_err(|e| DecodeError::Malformed(e.to_string()))?;
        let event_type = EventType::parse(&stored.event_type)
            .ok_or_else(|| DecodeError::UnknownType(stored.event_type.clone()))?;
        let data = std::mem::take(&mut stored.data);
        let (v, data) = upcast(event_type, stored.v, data)?;
        stored.v = v;
        stored.data = data;
        Ok(stored)
    }

    /// The typed payload.
    pub fn typed(&self) -> Result<EventData, DecodeError> {
        self.typed_from(self.data.clone())
    }

    /// The typed payload, taken out of `data` (left `null`) instead of copied.
    pub fn take_typed(&mut self) -> Result<EventData, DecodeError> {
        let data = std::mem::take(&mut self.data);
        self.typed_from(data)
    }

    fn typed_from(&self, data: Value) -> Result<EventData, DecodeError> {
        let event_type = EventType::parse(&self.event_type)
            .ok_or_else(|| DecodeError::UnknownType(self.event_type.clone()))?;
        EventData::decode(event_type, data).map_err(|p| DecodeError::InvalidData(p.to_string()))
    }
}
