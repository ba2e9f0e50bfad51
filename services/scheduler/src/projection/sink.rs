//! The projection as a [`BatchSink`], and [`catch_up`]: fold the log up to its current
//! end with [`run_checkpointed`], then stop.

use async_nats::jetstream;
use govtrack_bus::consume::{
    BatchSettings, BatchSink, LogEndError, LogMessage, Resume, RunError, log_end, run_checkpointed,
};
use govtrack_events::DecodedEvent;
use rusqlite::Connection;
use std::path::Path;
use tokio_util::sync::CancellationToken;

use crate::projection::{feeds, fold};
use crate::store::projection::{self as write, Origin};
use crate::store::{self, StoreError};

/// The projection's writer; cancels `stop` once `target` is applied.
pub struct ProjectionSink {
    conn: Connection,
    target: u64,
    stop: CancellationToken,
}

impl ProjectionSink {
    /// Opens the store at `path` for a catch-up to `target`.
    pub fn open(path: &Path, target: u64, stop: CancellationToken) -> Result<Self, StoreError> {
        Ok(ProjectionSink {
            conn: store::open(path)?,
            target,
            stop,
        })
    }

    fn stop_when_done(&self, checkpoint: u64) {
        if checkpoint >= self.target {
            self.stop.cancel();
        }
    }
}

impl BatchSink for ProjectionSink {
    type Error = StoreError;

    fn checkpoint(&mut self) -> Result<u64, StoreError> {
        write::checkpoint(&self.conn)
    }

    fn apply(&mut self, batch: Vec<LogMessage>) -> Result<Resume, StoreError> {
        let Some(last) = batch.last().map(|m| m.sequence) else {
            self.stop_when_done(write::checkpoint(&self.conn)?);
            return Ok(Resume::Continue);
        };
        let tx = write::begin(&mut self.conn)?;
        for message in &batch {
            // Undecodable messages are the projector's business (its dead letters);
            // the scheduler skips them.
            let Ok(event) = DecodedEvent::decode(&message.payload) else {
                continue;
            };
            // Each event id once, as the projector does: the log may hold a second
            // message of an id (published past the duplicate window).
            if !tx.first_time(&event.id)? {
                continue;
            }
            let origin = Origin {
                org: &event.org,
                occurred_at: event.occurred_at,
            };
            if fold::is_maturity_fact(event.event_type) {
                let name = event.event_type.name();
                tx.record_fact(&origin, message.sequence, name, &event.data_json)?;
            }
            if let Some(change) = fold::changes(&event.data) {
                tx.apply(&origin, &change)?;
            }
            for change in feeds::feed_changes(&event) {
                tx.apply_feed(&origin, &change)?;
            }
        }
        tx.commit(last)?;
        self.stop_when_done(last);
        Ok(Resume::Continue)
    }
}

/// Why catching up failed.
#[derive(Debug, thiserror::Error)]
pub enum CatchUpError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The log's end could not be read.
    #[error("cannot tell how far to catch up")]
    LogEnd(#[from] LogEndError),
    /// Reading the log or applying it failed.
    #[error("catching up with the log failed")]
    Run(#[from] RunError<StoreError>),
}

/// Folds the log into the store at `path` up to the stream's last sequence at the
/// time of the call. Returns the checkpoint reached.
pub async fn catch_up(js: &jetstream::Context, path: &Path) -> Result<u64, CatchUpError> {
    let target = log_end(js).await?;
    let stop = CancellationToken::new();
    let sink = ProjectionSink::open(path, target, stop.clone())?;
    let mut sink = sink;
    let at = sink.checkpoint()?;
    if at >= target {
        return Ok(at);
    }
    let settings = BatchSettings {
        idle_tick: std::time::Duration::from_millis(50),
        ..BatchSettings::default()
    };
    let mut sink = run_checkpointed(js, sink, settings, stop).await?;
    Ok(sink.checkpoint()?)
}
