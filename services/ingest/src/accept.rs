//! The one path every event takes in: parse, validate (all or nothing, against the
//! catalogue and the org's maturity model), authorise,
//! look the ids up in the durable index, check versions, append what is new. HTTP and
//! NATS request/reply both call [`accept`].

use std::time::Instant;

use chrono::{DateTime, Utc};
use govtrack_bus::{AppendError, Appended};
use govtrack_events::{Event, RecordedBy, parse_batch, validate_batch};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::{AppState, IngestError, model_check};
use govtrack_maturity::Models;

/// Where one event landed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct EventResult {
    /// The event id (generated when the client sent none).
    pub id: String,
    /// Its stream sequence.
    pub sequence: u64,
    /// True when the id was already on the log.
    pub duplicate: bool,
}

/// The answer to a batch: one result per event, in request order.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EventResults<'a> {
    /// One per event, in request order.
    pub results: &'a [EventResult],
}

/// The answer to one event or to a batch (`POST /v1/events` takes either).
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum EventsAnswer<'a> {
    /// One event was sent.
    One(&'a EventResult),
    /// An array was sent.
    Batch(EventResults<'a>),
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
        json!(self.answer())
    }

    /// The answer as its type.
    pub fn answer(&self) -> EventsAnswer<'_> {
        match (self.batch, self.results.first()) {
            (false, Some(one)) => EventsAnswer::One(one),
            _ => EventsAnswer::Batch(EventResults {
                results: &self.results,
            }),
        }
    }
}

/// Appends the events of `body`, or nothing when any is invalid or not permitted.
/// `permit` says whether the caller may record an event; every event is stored as
/// recorded by `by`, the authenticated caller. An id the log already holds is answered
/// with its original sequence and `duplicate: true`, and not appended.
pub async fn accept(
    state: &AppState,
    body: &[u8],
    by: &RecordedBy,
    permit: impl Fn(&Event) -> Result<(), IngestError>,
    now: DateTime<Utc>,
) -> Result<Accepted, IngestError> {
    let metrics = &state.metrics;
    let (events, batch) = match checked(body, &state.models, now) {
        Ok(ok) => ok,
        Err(e) => {
            metrics.rejected(1);
            return Err(e);
        }
    };
    for event in &events {
        permit(event)?;
    }
    let events = recorded_by(events, by);
    append(state, events, batch, now).await
}

/// Appends validated, permitted events (what [`accept`] and the webhooks share): the
/// ids the log already holds are answered as duplicates, the rest appended, while one
/// of the limited slots is held.
pub(crate) async fn append(
    state: &AppState,
    events: Vec<Event>,
    batch: bool,
    now: DateTime<Utc>,
) -> Result<Accepted, IngestError> {
    let metrics = &state.metrics;
    let _slot = state.limit.slot().await?;
    state.ids.ready().await?;
    let known = state.ids.lookup(events.iter().map(|e| e.id.as_str()))?;
    // Usually nothing is known: append the events as they are, copying only when some
    // must be left out.
    let subset: Vec<Event>;
    let new: &[Event] = if known.iter().all(Option::is_none) {
        &events
    } else {
        subset = events
            .iter()
            .zip(&known)
            .filter(|(_, k)| k.is_none())
            .map(|(e, _)| e.clone())
            .collect();
        &subset
    };
    let bus = &state.bus;
    if batch && new.iter().any(|e| e.expected_version.is_some()) {
        bus.check_versions(new).await?;
    }
    let started = Instant::now();
    let mut appended = match new.len() {
        0 => Vec::new(),
        1 => vec![bus.append(&new[0], now).await],
        _ => bus.append_batch(new, now).await,
    }
    .into_iter();
    metrics.append_latency(started.elapsed());
    let outcomes = known
        .iter()
        .map(|k| match k {
            Some(sequence) => Ok(Appended {
                sequence: *sequence,
                duplicate: true,
            }),
            None => appended.next().expect("one outcome per appended event"),
        })
        .collect();
    collect(&events, outcomes, batch, metrics)
}

/// The events, each recorded by `by`.
pub(crate) fn recorded_by(events: Vec<Event>, by: &RecordedBy) -> Vec<Event> {
    events
        .into_iter()
        .map(|e| e.recorded_by(by.clone()))
        .collect()
}

fn checked(
    body: &[u8],
    models: &Models,
    now: DateTime<Utc>,
) -> Result<(Vec<Event>, bool), IngestError> {
    let (envelopes, batch) = parse_batch(body)?;
    let events = validate_batch(envelopes, batch, now)?;
    model_check::check(&events, models, batch)?;
    Ok((events, batch))
}

fn collect(
    events: &[Event],
    outcomes: Vec<Result<Appended, AppendError>>,
    batch: bool,
    metrics: &crate::IngestMetrics,
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
