//! Reading a message body of the log in one pass, for readers that fold many events:
//! the envelope's fields are read in place, the typed payload straight from the body's
//! text, and `data` is kept as that text (re-serialised only when an upcaster changed
//! it). [`StoredEvent::decode`](crate::StoredEvent::decode) followed by
//! [`StoredEvent::take_typed`](crate::StoredEvent::take_typed) gives the same
//! event, but builds and walks a JSON tree on the way.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::{DecodeError, EventData, EventType, RecordedBy, upcast};

/// A stored event, decoded and upcast to the current schema of its type.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedEvent {
    /// Idempotency key.
    pub id: String,
    /// Event type.
    pub event_type: EventType,
    /// Schema version of `data` (the current one, after upcasting).
    pub v: u32,
    /// Organisation id (as stored; not validated here).
    pub org: String,
    /// When it happened.
    pub occurred_at: DateTime<Utc>,
    /// When ingest accepted it.
    pub recorded_at: DateTime<Utc>,
    /// The emitting tool.
    pub source: Option<String>,
    /// `data` as JSON text, in the current schema.
    pub data_json: String,
    /// `data`, typed.
    pub data: EventData,
    /// Who recorded it (absent on older events).
    pub recorded_by: Option<RecordedBy>,
}

/// The body as it is on the log, borrowed from the message where it can be.
#[derive(Deserialize)]
struct Body<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(rename = "type", borrow)]
    event_type: Cow<'a, str>,
    v: u32,
    #[serde(borrow)]
    org: Cow<'a, str>,
    #[serde(borrow)]
    occurred_at: Cow<'a, str>,
    #[serde(borrow)]
    recorded_at: Cow<'a, str>,
    #[serde(default, borrow)]
    source: Option<Cow<'a, str>>,
    #[serde(borrow)]
    data: &'a RawValue,
    #[serde(default)]
    recorded_by: Option<RecordedBy>,
}

impl DecodedEvent {
    /// Reads a message body; the errors are those of
    /// [`StoredEvent::decode`](crate::StoredEvent::decode) and
    /// [`StoredEvent::typed`](crate::StoredEvent::typed).
    pub fn decode(bytes: &[u8]) -> Result<DecodedEvent, DecodeError> {
        let body: Body<'_> =
            serde_json::from_slice(bytes).map_err(|e| DecodeError::Malformed(e.to_string()))?;
        let event_type = EventType::parse(&body.event_type)
            .ok_or_else(|| DecodeError::UnknownType(body.event_type.clone().into_owned()))?;
        let occurred_at = timestamp("occurred_at", &body.occurred_at)?;
        let recorded_at = timestamp("recorded_at", &body.recorded_at)?;
        let (v, data_json, data) = if body.v == event_type.version() {
            let text = body.data.get();
            (body.v, text.to_owned(), typed_from_text(event_type, text)?)
        } else {
            upcast_text(event_type, body.v, body.data.get())?
        };
        Ok(DecodedEvent {
            id: body.id.into_owned(),
            event_type,
            v,
            org: body.org.into_owned(),
            occurred_at,
            recorded_at,
            source: body.source.map(Cow::into_owned),
            data_json,
            data,
            recorded_by: body.recorded_by,
        })
    }
}

/// The typed data of the current version, read from its JSON text.
fn typed_from_text(event_type: EventType, text: &str) -> Result<EventData, DecodeError> {
    EventData::decode_json(event_type, text)
        .map_err(|problem| DecodeError::InvalidData(problem.to_string()))
}

/// Data of an older (or newer) version: through the upcasters, which work on trees.
fn upcast_text(
    event_type: EventType,
    version: u32,
    text: &str,
) -> Result<(u32, String, EventData), DecodeError> {
    let tree = serde_json::from_str(text).map_err(|e| DecodeError::Malformed(e.to_string()))?;
    let (v, tree) = upcast(event_type, version, tree)?;
    let data_json = tree.to_string();
    let data = EventData::decode(event_type, tree)
        .map_err(|problem| DecodeError::InvalidData(problem.to_string()))?;
    Ok((v, data_json, data))
}

/// An RFC 3339 time, as [`StoredEvent`](crate::StoredEvent)'s fields accept it (the strict form first, which
/// is what ingest writes and the quicker to read).
fn timestamp(field: &str, text: &str) -> Result<DateTime<Utc>, DecodeError> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    text.parse::<DateTime<Utc>>()
        .map_err(|e| DecodeError::Malformed(format!("{field}: {e}")))
}
