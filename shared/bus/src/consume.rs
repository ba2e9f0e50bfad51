//! Reading the log: an ordered consumer replaying the stream from a sequence, cut into
//! batches by count and time, and the checkpointed runner that drives a [`BatchSink`].
//!
//! An ordered consumer keeps no state on the server and re-creates itself on any gap,
//! so the reader's own checkpoint (stored by the sink, next to what it derives from
//! the log) is the only position that matters: after a crash the runner asks the sink
//! for its checkpoint and replays from the next sequence.

use std::time::Duration;

use async_nats::jetstream::{
    self,
    consumer::{DeliverPolicy, pull},
};
use bytes::Bytes;
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::subjects::EVENTS_STREAM;

/// How a replay cuts the log into batches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchSettings {
    /// Most messages in one batch.
    pub max_events: usize,
    /// How long a batch stays open after its first message.
    pub max_wait: Duration,
    /// With nothing to read, an empty batch is handed over this often (so sinks can
    /// report lag and notice changes underneath them).
    pub idle_tick: Duration,
    /// Deliver headers only, without bodies (a reader of ids and sequences, such as
    /// ingest's id index, saves the server and itself the copies).
    pub headers_only: bool,
}

impl Default for BatchSettings {
    fn default() -> Self {
        BatchSettings {
            max_events: 2000,
            max_wait: Duration::from_millis(5),
            idle_tick: Duration::from_millis(500),
            headers_only: false,
        }
    }
}

/// One message of the log, as read.
#[derive(Debug, Clone, PartialEq)]
pub struct LogMessage {
    /// Stream sequence.
    pub sequence: u64,
    /// Subject it was published on.
    pub subject: String,
    /// The `Nats-Msg-Id` header, if any.
    pub msg_id: Option<String>,
    /// The body, as stored.
    pub payload: Bytes,
    /// When the server stored it.
    pub published: DateTime<Utc>,
    /// Messages after this one still to be delivered to this reader.
    pub pending: u64,
}

/// Why reading the log failed.
#[derive(Debug, thiserror::Error)]
pub enum ConsumeError {
    /// The log stream is missing or the consumer could not be created.
    #[error("cannot read stream {stream}: {reason}")]
    Setup {
        /// The stream.
        stream: &'static str,
        /// What went wrong.
        reason: String,
    },
    /// Reading failed mid-way (the consumer was lost and could not be re-created).
    #[error("reading the log failed: {0}")]
    Read(String),
}

/// How often a batch held open for a busy sink checks whether the sink is free.
const BUSY_POLL: Duration = Duration::from_millis(1);

/// An ordered replay of the log from a sequence, read in batches.
pub struct Replay {
    messages: pull::Ordered,
    settings: BatchSettings,
}

impl Replay {
    /// Replays `GOVTRACK_EVENTS` from `next_sequence` (1 = the beginning).
    pub async fn start(
        js: &jetstream::Context,
        next_sequence: u64,
        settings: BatchSettings,
    ) -> Result<Replay, ConsumeError> {
        let setup = |e: &dyn std::fmt::Display| ConsumeError::Setup {
            stream: EVENTS_STREAM,
            reason: e.to_string(),
        };
        let stream = js.get_stream(EVENTS_STREAM).await.map_err(|e| setup(&e))?;
        let config = pull::OrderedConfig {
            deliver_policy: deliver_from(next_sequence),
            headers_only: settings.headers_only,
            ..Default::default()
        };
        let consumer = stream
            .create_consumer(config)
            .await
            .map_err(|e| setup(&e))?;
        let messages = consumer.messages().await.map_err(|e| setup(&e))?;
        Ok(Replay { messages, settings })
    }

    /// The next batch: waits up to `idle_tick` for a first message (an empty batch
    /// when none came), then gathers more until `max_events` or `max_wait` — and past
    /// `max_wait` for as long as `busy()` (the sink still applying the previous batch):
    /// a catch-up then hands over batches as large as the sink can take, instead of
    /// whatever arrived in `max_wait`, and live batches stay as small and prompt.
    pub async fn next_batch(
        &mut self,
        busy: impl Fn() -> bool,
    ) -> Result<Vec<LogMessage>, ConsumeError> {
        let mut batch = Vec::new();
        let Some(first) = self
            .next_before(Instant::now() + self.settings.idle_tick)
            .await?
        else {
            return Ok(batch);
        };
        batch.push(first);
        let close_at = Instant::now() + self.settings.max_wait;
        while batch.len() < self.settings.max_events {
            let now = Instant::now();
            let deadline = if now < close_at {
                close_at
            } else if busy() {
                now + BUSY_POLL
            } else {
                break;
            };
            if let Some(message) = self.next_before(deadline).await? {
                batch.push(message);
            }
        }
        Ok(batch)
    }

    async fn next_before(&mut self, deadline: Instant) -> Result<Option<LogMessage>, ConsumeError> {
        match tokio::time::timeout_at(deadline, self.messages.next()).await {
            Err(_elapsed) => Ok(None),
            Ok(None) => Err(ConsumeError::Read("the consumer ended".to_owned())),
            Ok(Some(Err(e))) => Err(ConsumeError::Read(e.to_string())),
            Ok(Some(Ok(message))) => log_message(&message).map(Some),
        }
    }
}

fn deliver_from(next_sequence: u64) -> DeliverPolicy {
    if next_sequence <= 1 {
        DeliverPolicy::All
    } else {
        DeliverPolicy::ByStartSequence {
            start_sequence: next_sequence,
        }
    }
}

fn log_message(message: &jetstream::Message) -> Result<LogMessage, ConsumeError> {
    let info = message
        .info()
        .map_err(|e| ConsumeError::Read(format!("message without metadata: {e}")))?;
    let nanos = info.published.unix_timestamp_nanos();
    let published = DateTime::from_timestamp_nanos(i64::try_from(nanos).unwrap_or(i64::MAX));
    let msg_id = (message.headers.as_ref())
        .and_then(|h| h.get(async_nats::header::NATS_MESSAGE_ID))
        .map(|v| v.as_str().to_owned());
    Ok(LogMessage {
        sequence: info.stream_sequence,
        subject: message.subject.to_string(),
        msg_id,
        payload: message.payload.clone(),
        published,
        pending: info.pending,
    })
}

/// What the runner does after a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resume {
    /// Keep reading where the replay is.
    Continue,
    /// The sink's checkpoint moved underneath (e.g. a rebuilt store was swapped in):
    /// restart the replay after this sequence.
    After(u64),
}

/// Something that folds the log and keeps its own checkpoint, atomically with what it
/// derives. Its methods block (they run on a blocking thread).
pub trait BatchSink: Send + 'static {
    /// What can go wrong while applying.
    type Error: std::error::Error + Send + Sync + 'static;

    /// The last stream sequence applied (0 for none).
    fn checkpoint(&mut self) -> Result<u64, Self::Error>;

    /// Applies a batch in log order, storing the new checkpoint with it. An empty batch
    /// means "nothing new for a while".
    fn apply(&mut self, batch: Vec<LogMessage>) -> Result<Resume, Self::Error>;
}

/// Why the runner stopped.
#[derive(Debug, thiserror::Error)]
pub enum RunError<E: std::error::Error + 'static> {
    /// The sink failed; nothing of the failed batch was kept.
    #[error("applying a batch failed: {0}")]
    Sink(#[source] E),
    /// The blocking task panicked or was cancelled.
    #[error("the sink's task died")]
    Task(#[source] tokio::task::JoinError),
}

/// Delay before re-creating a replay after a read failure.
const RETRY_READ_AFTER: Duration = Duration::from_secs(1);
/// How long a replay may deliver nothing before the stream is asked whether it has
/// more: a consumer whose server left the cluster can stay silent without an error.
const STALL_CHECK_AFTER: Duration = Duration::from_secs(5);

/// Feeds the log to a [`BatchSink`] from its checkpoint until `shutdown`: the same loop
/// for the projector, its rebuild, and any other reader that keeps a checkpoint.
/// While the sink applies a batch, the next one is already being read.
pub async fn run_checkpointed<S: BatchSink>(
    js: &jetstream::Context,
    sink: S,
    settings: BatchSettings,
    shutdown: CancellationToken,
) -> Result<S, RunError<S::Error>> {
    let mut runner = Runner {
        sink: Some(sink),
        inflight: None,
    };
    let mut next = runner.checkpoint().await? + 1;
    'replay: while !shutdown.is_cancelled() {
        let mut replay = tokio::select! {
            _ = shutdown.cancelled() => break,
            started = Replay::start(js, next, settings) => match started {
                Ok(replay) => replay,
                Err(e) => { pause_after(&e, &shutdown).await; continue; }
            },
        };
        let mut quiet_since = Instant::now();
        loop {
            let applying = runner.inflight.as_ref();
            let busy = || applying.is_some_and(|task| !task.is_finished());
            let batch = tokio::select! {
                _ = shutdown.cancelled() => break 'replay,
                batch = replay.next_batch(busy) => batch,
            };
            if !matches!(&batch, Ok(b) if b.is_empty()) {
                quiet_since = Instant::now();
            } else if quiet_since.elapsed() >= STALL_CHECK_AFTER {
                quiet_since = Instant::now();
                if stalled(js, next).await {
                    tracing::warn!(
                        next,
                        "the log has events the replay does not deliver; re-creating it"
                    );
                    runner.settle().await?;
                    next = runner.checkpoint().await? + 1;
                    continue 'replay;
                }
            }
            let resume = runner.settle().await?;
            if let Resume::After(checkpoint) = resume {
                next = checkpoint + 1;
                continue 'replay;
            }
            match batch {
                Ok(batch) => {
                    next = batch.last().map_or(next, |m| m.sequence + 1);
                    runner.submit(batch);
                }
                Err(e) => {
                    next = runner.checkpoint().await? + 1;
                    pause_after(&e, &shutdown).await;
                    continue 'replay;
                }
            }
        }
    }
    runner.settle().await?;
    Ok(runner.sink.take().expect("the sink is back after settling"))
}

/// Why the log's end could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LogEndError {
    /// The stream could not be looked up.
    #[error("cannot open {EVENTS_STREAM}")]
    Stream(#[source] async_nats::jetstream::context::GetStreamError),
    /// The stream did not say its state.
    #[error("cannot read the state of {EVENTS_STREAM}")]
    Info(#[source] async_nats::jetstream::context::RequestError),
}

/// The sequence of the last message on the log now (0 while it is empty): how far a
/// reader that wants to be caught up has to read.
pub async fn log_end(js: &jetstream::Context) -> Result<u64, LogEndError> {
    let mut stream = (js.get_stream(EVENTS_STREAM).await).map_err(LogEndError::Stream)?;
    let info = stream.info().await.map_err(LogEndError::Info)?;
    Ok(info.state.last_sequence)
}

/// Whether the stream holds sequence `next` or later (which a healthy replay would
/// have delivered by now). Unknown (the stream cannot be asked) counts as no.
async fn stalled(js: &jetstream::Context, next: u64) -> bool {
    log_end(js).await.is_ok_and(|end| end >= next)
}

async fn pause_after(error: &ConsumeError, shutdown: &CancellationToken) {
    tracing::warn!(%error, "reading the log failed; retrying");
    tokio::select! {
        _ = shutdown.cancelled() => {}
        _ = tokio::time::sleep(RETRY_READ_AFTER) => {}
    }
}

type Inflight<S> = tokio::task::JoinHandle<(S, Result<Resume, <S as BatchSink>::Error>)>;

/// Holds the sink, or the blocking task it was lent to.
struct Runner<S: BatchSink> {
    sink: Option<S>,
    inflight: Option<Inflight<S>>,
}

impl<S: BatchSink> Runner<S> {
    fn submit(&mut self, batch: Vec<LogMessage>) {
        let mut sink = self.sink.take().expect("settled before submitting");
        self.inflight = Some(tokio::task::spawn_blocking(move || {
            let result = sink.apply(batch);
            (sink, result)
        }));
    }

    /// Waits for the batch being applied, if any.
    async fn settle(&mut self) -> Result<Resume, RunError<S::Error>> {
        let Some(task) = self.inflight.take() else {
            return Ok(Resume::Continue);
        };
        let (sink, result) = task.await.map_err(RunError::Task)?;
        self.sink = Some(sink);
        result.map_err(RunError::Sink)
    }

    async fn checkpoint(&mut self) -> Result<u64, RunError<S::Error>> {
        self.settle().await?;
        let mut sink = self.sink.take().expect("settled");
        let (sink, result) = tokio::task::spawn_blocking(move || {
            let result = sink.checkpoint();
            (sink, result)
        })
        .await
        .map_err(RunError::Task)?;
        self.sink = Some(sink);
        result.map_err(RunError::Sink)
    }
}
