//! The durable id index: "is this id already on the log, and at which sequence?",
//! answered for ever, not only within JetStream's duplicate window.
//!
//! The index is a projection of the log (docs/adr/0003): a tailer reads every message
//! of `GOVTRACK_EVENTS` and records its `Nats-Msg-Id` with its sequence in ingest's own
//! SQLite file, the checkpoint in the same transaction. The append path looks ids up
//! before appending. What the tailer has not read yet is covered by JetStream's
//! duplicate window, and a freshness guard makes sure the uncovered gap never exceeds
//! it: an append is only made while the index has caught up with the log as it stood
//! less than three quarters of a window ago.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context as _;
use async_nats::jetstream;
use govtrack_bus::consume::{
    BatchSettings, BatchSink, LogMessage, Resume, log_end, run_checkpointed,
};
use govtrack_runtime::CancellationToken;
use rusqlite::Connection;
use tokio::sync::Notify;
use tokio::time::Instant;

use crate::IngestError;
use crate::store::{self, StoreError};

/// How long an append waits for a lagging index before answering "unavailable".
const READY_WAIT: Duration = Duration::from_secs(3);
/// Batches of the tailer: large during a catch-up, and live ones gathered for 20 ms
/// (one commit per batch; the window's seconds leave plenty of room). Only headers
/// are read: the id is the `Nats-Msg-Id`.
const TAIL_BATCHES: BatchSettings = BatchSettings {
    max_events: 10_000,
    max_wait: Duration::from_millis(20),
    idle_tick: Duration::from_millis(500),
    headers_only: true,
};

/// The index as the append path sees it (cheap to clone).
#[derive(Clone)]
pub struct IdIndex {
    shared: Arc<Shared>,
}

struct Shared {
    reader: Mutex<Connection>,
    /// Last sequence indexed (committed).
    indexed: AtomicU64,
    /// When the newest probe that the index has caught up with was sent.
    fresh_as_of: Mutex<Option<Instant>>,
    /// Signalled after every commit and every freshness change.
    changed: Notify,
    /// JetStream's duplicate window.
    window: Duration,
}

/// The tailer's half: owns the writer connection.
pub struct IndexSink {
    conn: Connection,
    shared: Arc<Shared>,
}

impl IdIndex {
    /// Opens (creating) the index file; `window` is the log's duplicate window.
    pub fn open(path: &Path, window: Duration) -> Result<(IdIndex, IndexSink), StoreError> {
        let conn = store::open_writer(path)?;
        let reader = store::open_reader(path)?;
        let indexed = store::checkpoint(&conn)?;
        let shared = Arc::new(Shared {
            reader: Mutex::new(reader),
            indexed: AtomicU64::new(indexed),
            fresh_as_of: Mutex::new(None),
            changed: Notify::new(),
            window,
        });
        let sink = IndexSink {
            conn,
            shared: shared.clone(),
        };
        Ok((IdIndex { shared }, sink))
    }

    /// The last stream sequence the index holds.
    pub fn indexed(&self) -> u64 {
        self.shared.indexed.load(Ordering::Acquire)
    }

    /// Whether the index has caught up with the log recently enough that the
    /// duplicate window covers everything it has not read yet.
    pub fn is_fresh(&self) -> bool {
        let limit = self.shared.window * 3 / 4;
        let fresh = *self.shared.fresh_as_of.lock().expect("fresh_as_of lock");
        fresh.is_some_and(|t| t.elapsed() < limit)
    }

    /// Waits (briefly) until the index is fresh; a lagging index answers
    /// "unavailable", so the client retries with the same ids.
    pub async fn ready(&self) -> Result<(), IngestError> {
        let deadline = Instant::now() + READY_WAIT;
        loop {
            let changed = self.shared.changed.notified();
            if self.is_fresh() {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(IngestError::Unavailable(format!(
                    "the id index is catching up with the log (indexed up to sequence {}); retry with the same ids",
                    self.indexed()
                )));
            }
            let _ = tokio::time::timeout_at(deadline, changed).await;
        }
    }

    /// The sequence of the first message of each id, where the log holds one.
    pub fn lookup<'a>(
        &self,
        ids: impl Iterator<Item = &'a str>,
    ) -> Result<Vec<Option<u64>>, IngestError> {
        let reader = self.shared.reader.lock().expect("reader lock");
        ids.map(|id| store::lookup(&reader, id))
            .collect::<Result<_, _>>()
            .map_err(|e| IngestError::Unavailable(e.to_string()))
    }

    /// Runs the tailer and the freshness probe until `shutdown`.
    pub async fn run(
        self,
        js: jetstream::Context,
        mut sink: IndexSink,
        shutdown: CancellationToken,
    ) -> anyhow::Result<()> {
        sink.forget_a_replaced_log(&js).await?;
        let probe = tokio::spawn(probe(js.clone(), self.clone(), shutdown.clone()));
        let tailed = run_checkpointed(&js, sink, TAIL_BATCHES, shutdown.clone()).await;
        shutdown.cancel();
        let _ = probe.await;
        tailed.map(|_| ()).context("id index")
    }

    fn mark_fresh(&self, asked: Instant) {
        let mut fresh = self.shared.fresh_as_of.lock().expect("fresh_as_of lock");
        if fresh.is_none_or(|t| t < asked) {
            *fresh = Some(asked);
        }
        drop(fresh);
        self.shared.changed.notify_waiters();
    }

    /// Waits until the index reaches `sequence` (or shutdown).
    async fn reached(&self, sequence: u64, shutdown: &CancellationToken, poll: Duration) {
        loop {
            let changed = self.shared.changed.notified();
            if self.indexed() >= sequence || shutdown.is_cancelled() {
                return;
            }
            tokio::select! {
                _ = changed => {}
                _ = shutdown.cancelled() => return,
                _ = tokio::time::sleep(poll) => {}
            }
        }
    }
}

/// Asks the log for its last sequence every quarter window and, once the index holds
/// it, marks the index fresh as of the moment of asking.
async fn probe(js: jetstream::Context, index: IdIndex, shutdown: CancellationToken) {
    let every = (index.shared.window / 4).clamp(Duration::from_millis(50), Duration::from_secs(10));
    let mut behind_logged = false;
    while !shutdown.is_cancelled() {
        let asked = Instant::now();
        match log_end(&js).await {
            Ok(last) => {
                if last > index.indexed() + 10_000 && !behind_logged {
                    tracing::info!(
                        indexed = index.indexed(),
                        last,
                        "id index catching up with the log"
                    );
                    behind_logged = true;
                }
                index.reached(last, &shutdown, every).await;
                index.mark_fresh(asked);
            }
            Err(e) => tracing::warn!(
                error = %govtrack_runtime::error_chain(&e),
                "id index: cannot ask the log for its last sequence"
            ),
        }
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = tokio::time::sleep(every) => {}
        }
    }
}

impl IndexSink {
    /// A log shorter than the index's checkpoint is not the log the index mirrored
    /// (the stream was deleted and created again): start over.
    async fn forget_a_replaced_log(&mut self, js: &jetstream::Context) -> anyhow::Result<()> {
        let last = log_end(js).await.context("id index")?;
        let checkpoint = store::checkpoint(&self.conn)?;
        if last < checkpoint {
            tracing::warn!(
                last,
                checkpoint,
                "the log is shorter than the id index: rebuilding the index"
            );
            store::reset(&mut self.conn)?;
            self.shared.indexed.store(0, Ordering::Release);
        }
        Ok(())
    }
}

impl BatchSink for IndexSink {
    type Error = StoreError;

    fn checkpoint(&mut self) -> Result<u64, StoreError> {
        store::checkpoint(&self.conn)
    }

    fn apply(&mut self, batch: Vec<LogMessage>) -> Result<Resume, StoreError> {
        let Some(last) = batch.last().map(|m| m.sequence) else {
            return Ok(Resume::Continue);
        };
        let ids: Vec<(&str, u64)> = batch
            .iter()
            .filter_map(|m| m.msg_id.as_deref().map(|id| (id, m.sequence)))
            .collect();
        store::index(&mut self.conn, &ids, last)?;
        self.shared.indexed.store(last, Ordering::Release);
        self.shared.changed.notify_waiters();
        Ok(Resume::Continue)
    }
}
