//! The one path every event takes in: parse, validate (all or nothing), authorise,
//! check versions, append. HTTP and NATS request/reply both call [`accept`].

use std::time::Instant;

use chrono::{DateTime, Utc};
use govtrack_bus::Bus;
use govtrack_events::{Event, parse_batch, validate_batch};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::{IngestError, IngestMetrics};

/// Where one event landed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventResult {
    /// The event id (generated when the client sent none).
    pub id: String,
    /// Its stream sequence.
    pub sequence: u64,
    /// True when the id was already on the log.
    pub duplicate: bool,
}

/// A request whose events are all on the log.
#[derive(Debug, Clone)]
pub struct Accepted {
    /// One result per event, in request order.
    pub results: Vec<EventResult>,
    /// The request was an array.
    pub batch: bool,
}

impl Accepted {
    /// The answer: the single result, or `{"results": [...]}` for a batch.
    pub fn body(&self) -> Value {
        match (self.batch, self.results.first()) {
            (false, Some(one)) => json!(one),
            _ => json!({ "results": self.results }),
        }
    }
}

/// Appends the events of `body`, or nothing when any is invalid or not permitted.
/// `permit` says whether the caller may emit for an org.
pub async fn accept(
    bus: &Bus,
    metrics: &IngestMetrics,
    body: &[u8],
    permit: impl Fn(&str) -> Result<(), IngestError>,
    now: DateTime<Utc>,
) -> Result<Accepted, IngestError> {
    let (events, batch) = match checked(body, now) {
        Ok(ok) => ok,
        Err(e) => {
            metrics.rejected(1);
            return Err(e);
        }
    };
    for event in &events {
        permit(event.org.as_str())?;
    }
    if batch && events.iter().any(|e| e.expected_version.is_some()) {
        bus.check_versions(&events).await?;
    }
    let started = Instant::now();
    let outcomes = if events.len() == 1 {
        vec![bus.append(&events[0], now).await]
    } else {
        bus.append_batch(&events, now).await
    };
    metrics.append_latency(started.elapsed());
    collect(&events, outcomes, batch, metrics)
}

fn checked(body: &[u8], now: DateTime<Utc>) -> Result<(Vec<Event>, bool), IngestError> {
    let (envelopes, batch) = parse_batch(body)?;
    Ok((validate_batch(envelopes, batch, now)?, batch))
}

fn collect(
    events: &[Event],
    outcomes: Vec<Result<govtrack_bus::Appended, govtrack_bus::AppendError>>,
    batch: bool,
    metrics: &IngestMetrics,
) -> Result<Accepted, IngestError> {
    let mut results = Vec::with_capacity(events.len());
    let mut failure = None;
    for (event, outcome) in events.iter().zip(outcomes) {
        match outcome {
            Ok(a) => {
                metrics.appended(event.event_type().name(), a.duplicate);
                results.push(EventResult {
                    id: event.id.to_string(),
                    sequence: a.sequence,
                    duplicate: a.duplicate,
                });
            }
            Err(e) => failure = failure.or(Some(e)),
        }
    }
    match failure {
        None => Ok(Accepted { results, batch }),
        Some(e) if results.is_empty() => Err(e.into()),
        Some(e) => Err(IngestError::Unavailable(format!(
            "{} of {} events were appended before: {e}; retry the whole batch with the same ids",
            results.len(),
            events.len()
        ))),
    }
}
