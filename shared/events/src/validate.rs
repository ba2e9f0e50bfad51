//! Validation: envelope (or batch body) in, checked [`Event`]s or every problem out.

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;

use crate::error::problem_from_serde;
use crate::rules::check_data;
use crate::{Envelope, Event, EventData, EventId, EventType, Org, Problem, ValidationError};

/// The most events one request may carry.
pub const MAX_BATCH: usize = 1000;

/// The stored event's field naming who recorded it, which no request may carry.
const RECORDED_BY: &str = "recorded_by";

/// How far in the future `occurred_at` may lie (clock skew between tools).
const MAX_CLOCK_SKEW_SECS: i64 = 300;

/// Why a request body could not become a batch of events.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BatchError {
    /// More events than [`MAX_BATCH`].
    #[error("a batch holds at most {max} events, this one has {count}")]
    TooMany {
        /// Events in the body.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// One or more events are invalid; nothing may be appended.
    #[error(transparent)]
    Invalid(#[from] ValidationError),
}

/// Parses a request body holding one envelope or an array of them. The boolean is
/// true when the body was an array (the answer then is an array too).
pub fn parse_batch(body: &[u8]) -> Result<(Vec<Envelope>, bool), BatchError> {
    let value: Value = serde_json::from_slice(body).map_err(|e| ValidationError {
        problems: vec![Problem::new("body", format!("not valid JSON: {e}"))],
    })?;
    match value {
        Value::Array(items) => {
            if items.is_empty() {
                let p = Problem::new("body", "the array is empty; send at least one event");
                return Err(ValidationError { problems: vec![p] }.into());
            }
            if items.len() > MAX_BATCH {
                return Err(BatchError::TooMany {
                    count: items.len(),
                    max: MAX_BATCH,
                });
            }
            let mut envelopes = Vec::with_capacity(items.len());
            let mut problems = Vec::new();
            for (i, item) in items.into_iter().enumerate() {
                match envelope_from_value(item) {
                    Ok(e) => envelopes.push(e),
                    Err(p) => problems.push(p.at(i)),
                }
            }
            if problems.is_empty() {
                Ok((envelopes, true))
            } else {
                Err(ValidationError { problems }.into())
            }
        }
        other => {
            let envelope =
                envelope_from_value(other).map_err(|p| ValidationError { problems: vec![p] })?;
            Ok((vec![envelope], false))
        }
    }
}

fn envelope_from_value(value: Value) -> Result<Envelope, Problem> {
    let Some(fields) = value.as_object() else {
        return Err(Problem::new("", "expected an event object"));
    };
    if fields.contains_key(RECORDED_BY) {
        return Err(Problem::new(
            RECORDED_BY,
            "govtrack sets who recorded an event from the caller's credentials; leave it out of the request",
        ));
    }
    serde_path_to_error::deserialize(value).map_err(|e| problem_from_serde("", e))
}

/// Validates a batch: every event or nothing. Problems carry their index when
/// `indexed` (the body was an array).
pub fn validate_batch(
    envelopes: Vec<Envelope>,
    indexed: bool,
    now: DateTime<Utc>,
) -> Result<Vec<Event>, ValidationError> {
    let mut events = Vec::with_capacity(envelopes.len());
    let mut problems = Vec::new();
    for (i, envelope) in envelopes.into_iter().enumerate() {
        match validate(envelope, now) {
            Ok(e) => events.push(e),
            Err(err) if indexed => problems.extend(err.problems.into_iter().map(|p| p.at(i))),
            Err(err) => problems.extend(err.problems),
        }
    }
    if problems.is_empty() {
        Ok(events)
    } else {
        Err(ValidationError { problems })
    }
}

/// Validates one envelope from a client: reserved (scheduler-only) types are refused.
pub fn validate(envelope: Envelope, now: DateTime<Utc>) -> Result<Event, ValidationError> {
    check(envelope, now, false)
}

/// Validates an envelope written by govtrack itself (reserved types allowed).
pub fn validate_trusted(envelope: Envelope, now: DateTime<Utc>) -> Result<Event, ValidationError> {
    check(envelope, now, true)
}

fn check(envelope: Envelope, now: DateTime<Utc>, trusted: bool) -> Result<Event, ValidationError> {
    let mut problems = Vec::new();
    let p = &mut problems;
    let id = keep(p, check_id(envelope.id.as_deref()));
    let org = keep(
        p,
        Org::parse(&envelope.org).map_err(|e| Problem::new("org", e.to_string())),
    );
    let occurred_at = keep(p, check_occurred_at(envelope.occurred_at.as_deref(), now));
    let source = keep(p, check_source(envelope.source));
    let event_type = keep(p, check_type(&envelope.event_type, trusted));
    let data = event_type.and_then(|t| {
        let data = if envelope.data.is_null() {
            Value::Object(Default::default())
        } else {
            envelope.data
        };
        let data = keep(p, EventData::decode(t, data))?;
        let before = p.len();
        p.extend(check_data(&data));
        (p.len() == before).then_some(data)
    });
    match (id, org, occurred_at, source, data) {
        (Some(id), Some(org), Some(occurred_at), Some(source), Some(data))
            if problems.is_empty() =>
        {
            Ok(Event {
                id,
                org,
                occurred_at,
                source,
                expected_version: envelope.expected_version,
                data,
                recorded_by: None,
            })
        }
        _ => Err(ValidationError { problems }),
    }
}

/// Keeps the value, or records the problem.
fn keep<T>(problems: &mut Vec<Problem>, result: Result<T, Problem>) -> Option<T> {
    result.map_err(|p| problems.push(p)).ok()
}

fn check_id(id: Option<&str>) -> Result<EventId, Problem> {
    match id {
        None => Ok(EventId::generate()),
        Some(s) => EventId::parse(s).map_err(|e| Problem::new("id", e.to_string())),
    }
}

fn check_type(name: &str, trusted: bool) -> Result<EventType, Problem> {
    match EventType::parse(name) {
        Some(t) if t.is_reserved() && !trusted => Err(Problem::new(
            "type",
            format!("{name} is emitted by govtrack's scheduler only"),
        )),
        Some(t) => Ok(t),
        None => Err(Problem::new(
            "type",
            format!("unknown event type {name:?}; `govtrack event-types` lists them"),
        )),
    }
}

fn check_occurred_at(value: Option<&str>, now: DateTime<Utc>) -> Result<DateTime<Utc>, Problem> {
    let Some(text) = value else { return Ok(now) };
    let at = DateTime::parse_from_rfc3339(text)
        .map_err(|e| {
            Problem::new(
                "occurred_at",
                format!("expected RFC 3339 like 2026-03-01T10:00:00Z, got {text:?} ({e})"),
            )
        })?
        .with_timezone(&Utc);
    if at > now + Duration::seconds(MAX_CLOCK_SKEW_SECS) {
        return Err(Problem::new(
            "occurred_at",
            format!("{text} is in the future"),
        ));
    }
    Ok(at)
}

fn check_source(source: Option<String>) -> Result<Option<String>, Problem> {
    match source {
        Some(s) if s.len() > 200 || s.chars().any(char::is_control) => Err(Problem::new(
            "source",
            "at most 200 characters, no control characters",
        )),
        other => Ok(other),
    }
}
