//! Appending events to the log: exactly once per id, with optimistic concurrency.

use std::time::Duration;

use async_nats::jetstream::context::{PublishAckFuture, PublishErrorKind};
use async_nats::jetstream::{self, context::PublishError, message::PublishMessage};
use chrono::{DateTime, Utc};
use govtrack_events::{Event, StoredEvent};
use tokio::sync::OnceCell;
use tokio::time::Instant;

use crate::connect::{NatsSettings, connect};
use crate::streams::{StreamSettings, ensure_streams};
use crate::subjects::{EVENTS_STREAM, event_subject};
use crate::{AppendError, BusError};

/// Un-acknowledged publishes allowed at once (below the 5,000 where acks deadlock).
const MAX_ACK_INFLIGHT: usize = 4096;
/// How long one ack may take before the publish is treated as unknown and retried.
const ACK_TIMEOUT: Duration = Duration::from_secs(2);
/// How long an append keeps retrying before answering "unavailable".
const APPEND_DEADLINE: Duration = Duration::from_secs(6);

/// Where an event landed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Appended {
    /// Stream sequence of the message (the entity's new version).
    pub sequence: u64,
    /// True when this id was already on the log: nothing new was written.
    pub duplicate: bool,
}

/// The log, as govtrack writes it.
#[derive(Clone)]
pub struct Bus {
    client: async_nats::Client,
    js: jetstream::Context,
    stream: std::sync::Arc<OnceCell<jetstream::stream::Stream>>,
}

impl Bus {
    /// Connects to NATS and provisions the streams: how every service starts.
    pub async fn connect(nats: &NatsSettings, stream: &StreamSettings) -> Result<Bus, BusError> {
        Bus::new(connect(nats).await?, stream).await
    }

    /// Wraps a connected client and provisions the streams.
    pub async fn new(
        client: async_nats::Client,
        settings: &StreamSettings,
    ) -> Result<Bus, BusError> {
        let js = jetstream::ContextBuilder::new()
            .timeout(ACK_TIMEOUT)
            .max_ack_inflight(MAX_ACK_INFLIGHT)
            .backpressure_on_inflight(true)
            .build(client.clone());
        ensure_streams(&js, settings).await?;
        Ok(Bus {
            client,
            js,
            stream: Default::default(),
        })
    }

    /// The NATS client.
    pub fn client(&self) -> &async_nats::Client {
        &self.client
    }

    /// The JetStream context.
    pub fn jetstream(&self) -> &jetstream::Context {
        &self.js
    }

    /// True while connected to NATS.
    pub fn is_connected(&self) -> bool {
        self.client.connection_state() == async_nats::connection::State::Connected
    }

    /// Connected and the log stream answers.
    pub async fn is_ready(&self) -> bool {
        self.is_connected() && self.js.get_stream(EVENTS_STREAM).await.is_ok()
    }

    /// Appends one event. A time-out is retried with the same id until the deadline;
    /// then the answer is [`AppendError::Unavailable`] (the event may still land; a
    /// retry with the same id is safe).
    pub async fn append(
        &self,
        event: &Event,
        recorded_at: DateTime<Utc>,
    ) -> Result<Appended, AppendError> {
        self.fail_fast_when_disconnected()?;
        let msg = Outgoing::new(event, recorded_at);
        let deadline = Instant::now() + APPEND_DEADLINE;
        let first = self.send(&msg).await;
        self.settle(&msg, first, deadline).await
    }

    /// Appends events in order with their acks pipelined. Answers one result per
    /// event; expected versions should be checked first with [`Bus::check_versions`].
    pub async fn append_batch(
        &self,
        events: &[Event],
        recorded_at: DateTime<Utc>,
    ) -> Vec<Result<Appended, AppendError>> {
        if let Err(e) = self.fail_fast_when_disconnected() {
            return events.iter().map(|_| Err(e.clone())).collect();
        }
        let deadline = Instant::now() + APPEND_DEADLINE;
        let outgoing: Vec<Outgoing> = events
            .iter()
            .map(|e| Outgoing::new(e, recorded_at))
            .collect();
        let mut pending = Vec::with_capacity(outgoing.len());
        for msg in &outgoing {
            pending.push(self.send(msg).await);
        }
        let mut results = Vec::with_capacity(outgoing.len());
        for (msg, sent) in outgoing.iter().zip(pending) {
            results.push(self.settle(msg, sent, deadline).await);
        }
        results
    }

    /// Checks every `expected_version` against the entity's current version, before
    /// anything of a batch is appended.
    pub async fn check_versions(&self, events: &[Event]) -> Result<(), AppendError> {
        for event in events {
            let Some(expected) = event.expected_version else {
                continue;
            };
            let subject = event_subject(event);
            let current = self.entity_version(&subject).await?;
            if current != expected {
                return Err(AppendError::Conflict {
                    subject,
                    expected,
                    current,
                });
            }
        }
        Ok(())
    }

    /// The stream sequence of the last event on `subject` (0 when there is none).
    pub async fn entity_version(&self, subject: &str) -> Result<u64, AppendError> {
        let stream = self.events_stream().await?;
        match stream.direct_get_last_for_subject(subject).await {
            Ok(msg) => Ok(msg.sequence),
            Err(e) if e.kind() == jetstream::stream::DirectGetErrorKind::NotFound => Ok(0),
            Err(e) => Err(AppendError::Unavailable(e.to_string())),
        }
    }

    async fn events_stream(&self) -> Result<&jetstream::stream::Stream, AppendError> {
        self.stream
            .get_or_try_init(|| async { self.js.get_stream(EVENTS_STREAM).await })
            .await
            .map_err(|e| AppendError::Unavailable(format!("stream {EVENTS_STREAM}: {e}")))
    }

    fn fail_fast_when_disconnected(&self) -> Result<(), AppendError> {
        if self.is_connected() {
            Ok(())
        } else {
            Err(AppendError::Unavailable("not connected to NATS".to_owned()))
        }
    }

    async fn send(&self, msg: &Outgoing) -> Result<PublishAckFuture, PublishError> {
        self.js
            .send_publish(msg.subject.clone(), msg.publish())
            .await
    }

    /// Awaits the ack of a sent message, re-sending with the same id on time-outs.
    async fn settle(
        &self,
        msg: &Outgoing,
        mut sent: Result<PublishAckFuture, PublishError>,
        deadline: Instant,
    ) -> Result<Appended, AppendError> {
        let mut backoff = Duration::from_millis(50);
        loop {
            let outcome = match sent {
                Ok(ack) => ack.await,
                Err(e) => Err(e),
            };
            let err = match outcome {
                Ok(ack) => {
                    return Ok(Appended {
                        sequence: ack.sequence,
                        duplicate: ack.duplicate,
                    });
                }
                Err(e) => e,
            };
            match classify(msg, err) {
                Retry::No(e) => return Err(self.with_current_version(e).await),
                Retry::Yes(reason) if Instant::now() + backoff >= deadline => {
                    return Err(AppendError::Unavailable(reason));
                }
                Retry::Yes(reason) => {
                    tracing::debug!(event.id = %msg.id, %reason, "append not confirmed; retrying with the same id");
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(Duration::from_millis(800));
                    sent = self.send(msg).await;
                }
            }
        }
    }

    async fn with_current_version(&self, err: AppendError) -> AppendError {
        match err {
            AppendError::Conflict {
                subject, expected, ..
            } => {
                let current = self.entity_version(&subject).await.unwrap_or(0);
                AppendError::Conflict {
                    subject,
                    expected,
                    current,
                }
            }
            other => other,
        }
    }
}

enum Retry {
    Yes(String),
    No(AppendError),
}

fn classify(msg: &Outgoing, err: PublishError) -> Retry {
    match err.kind() {
        PublishErrorKind::WrongLastSequence => Retry::No(AppendError::Conflict {
            subject: msg.subject.clone(),
            expected: msg.expected.unwrap_or(0),
            current: 0,
        }),
        PublishErrorKind::MaxPayloadExceeded | PublishErrorKind::WrongLastMessageId => {
            Retry::No(AppendError::Refused(err.to_string()))
        }
        PublishErrorKind::StreamNotFound => Retry::No(AppendError::Unavailable(format!(
            "stream {EVENTS_STREAM} is missing"
        ))),
        _ => Retry::Yes(err.to_string()),
    }
}

/// A message ready to (re-)send.
struct Outgoing {
    id: String,
    subject: String,
    payload: bytes::Bytes,
    expected: Option<u64>,
    event_type: &'static str,
}

impl Outgoing {
    fn new(event: &Event, recorded_at: DateTime<Utc>) -> Outgoing {
        Outgoing {
            id: event.id.to_string(),
            subject: event_subject(event),
            payload: StoredEvent::from_event(event, recorded_at)
                .to_bytes()
                .into(),
            expected: event.expected_version,
            event_type: event.event_type().name(),
        }
    }

    fn publish(&self) -> PublishMessage {
        let publish = PublishMessage::build()
            .payload(self.payload.clone())
            .message_id(&self.id)
            .header("Govtrack-Type", self.event_type);
        match self.expected {
            Some(v) => publish.expected_last_subject_sequence(v),
            None => publish,
        }
    }
}
