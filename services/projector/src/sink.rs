//! The projector as a [`BatchSink`]: decode, de-duplicate, fold and store each batch in
//! one transaction with its checkpoint; put what cannot be applied in `dead_letter`.

use std::sync::Arc;

use chrono::Utc;
use govtrack_bus::consume::{BatchSink, LogMessage, Resume};
use govtrack_readmodel::write::{self, Batch, DeadLetter, EventRef};
use govtrack_readmodel::{self as store, Generation, ReadModelDir, StoreError};
use rusqlite::Connection;
use tokio_util::sync::CancellationToken;

use crate::decode::{self, Decoded};
use crate::metrics::ProjectorMetrics;

/// Why the projector stopped.
#[derive(Debug, thiserror::Error)]
pub enum ProjectorError {
    /// The read model failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The read model's directory failed.
    #[error("read model directory: {0}")]
    Io(#[from] std::io::Error),
}

/// How many of each outcome a batch had.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Tally {
    applied: u64,
    duplicates: u64,
    dead_letters: u64,
}

/// The projector's writer: one open generation of the read model.
pub struct ProjectorSink {
    conn: Connection,
    /// Checkpoints `conn`'s WAL off its commits, on a connection of its own.
    checkpoints: store::BackgroundCheckpoints,
    generation: Generation,
    /// The live projector follows `CURRENT` (a rebuild may swap a new generation in);
    /// a rebuild writes its own generation and does not.
    follow: Option<ReadModelDir>,
    /// A rebuild stops once this sequence is applied.
    stop_at: Option<(u64, CancellationToken)>,
    metrics: ProjectorMetrics,
}

impl ProjectorSink {
    /// The live writer of the current generation (created when there is none).
    pub fn live(
        dir: ReadModelDir,
        metrics: ProjectorMetrics,
    ) -> Result<ProjectorSink, ProjectorError> {
        let generation = dir.current_or_create()?;
        if let Err(e) = dir.remove_older_than_current() {
            tracing::warn!(error = %e, "cannot remove old read model generations");
        }
        let conn = store::open_writer(&generation.path)?;
        let sink = ProjectorSink {
            checkpoints: store::BackgroundCheckpoints::start(&conn, &generation.path)?,
            conn,
            generation,
            follow: Some(dir),
            stop_at: None,
            metrics,
        };
        sink.metrics
            .checkpoint
            .set(write::checkpoint(&sink.conn)? as i64);
        Ok(sink)
    }

    /// A writer of a fresh generation that cancels `stop` once `target` is applied.
    pub fn rebuilding(
        generation: Generation,
        target: u64,
        stop: CancellationToken,
        metrics: ProjectorMetrics,
    ) -> Result<ProjectorSink, ProjectorError> {
        let conn = store::open_writer(&generation.path)?;
        Ok(ProjectorSink {
            checkpoints: store::BackgroundCheckpoints::start(&conn, &generation.path)?,
            conn,
            generation,
            follow: None,
            stop_at: Some((target, stop)),
            metrics,
        })
    }

    /// The generation being written.
    pub fn generation(&self) -> &Generation {
        &self.generation
    }

    /// Flushes the WAL and closes the file.
    pub fn close(self) -> Result<Generation, ProjectorError> {
        drop(self.checkpoints);
        store::checkpoint_wal(&self.conn)?;
        self.conn.close().map_err(|(_, e)| StoreError::from(e))?;
        Ok(self.generation)
    }

    /// Switches to the live generation if a rebuild replaced ours.
    fn follow_swap(&mut self) -> Result<Option<Resume>, ProjectorError> {
        let Some(dir) = &self.follow else {
            return Ok(None);
        };
        let Some(current) = dir.current()? else {
            return Ok(None);
        };
        if current == self.generation {
            return Ok(None);
        }
        tracing::info!(
            from = self.generation.number,
            to = current.number,
            "following the swapped-in read model"
        );
        let conn = store::open_writer(&current.path)?;
        self.checkpoints = store::BackgroundCheckpoints::start(&conn, &current.path)?;
        self.conn = conn;
        self.generation = current;
        if let Err(e) = dir.remove_older_than_current() {
            tracing::warn!(error = %e, "cannot remove old read model generations");
        }
        let checkpoint = write::checkpoint(&self.conn)?;
        self.metrics.checkpoint.set(checkpoint as i64);
        Ok(Some(Resume::After(checkpoint)))
    }

    fn record(&self, batch: &[LogMessage], tally: Tally) {
        let Some(last) = batch.last() else { return };
        self.metrics.applied.inc_by(tally.applied);
        self.metrics.duplicates.inc_by(tally.duplicates);
        self.metrics.dead_letters.inc_by(tally.dead_letters);
        self.metrics.batches.inc();
        self.metrics.checkpoint.set(last.sequence as i64);
        self.metrics.lag_events.set(last.pending as i64);
        let age = (Utc::now() - last.published).num_milliseconds().max(0) as f64 / 1000.0;
        self.metrics
            .lag_seconds
            .set(if last.pending == 0 { 0.0 } else { age });
    }

    fn stop_when_done(&self, checkpoint: u64) {
        if let Some((target, stop)) = &self.stop_at
            && checkpoint >= *target
        {
            stop.cancel();
        }
    }
}

impl BatchSink for ProjectorSink {
    type Error = ProjectorError;

    fn checkpoint(&mut self) -> Result<u64, ProjectorError> {
        Ok(write::checkpoint(&self.conn)?)
    }

    fn apply(&mut self, batch: Vec<LogMessage>) -> Result<Resume, ProjectorError> {
        if let Some(resume) = self.follow_swap()? {
            return Ok(resume);
        }
        // Shared with the decoding thread (moving the messages, not copying payloads).
        let batch: Arc<[LogMessage]> = batch.into();
        let Some(last) = batch.last() else {
            self.metrics.lag_events.set(0);
            self.metrics.lag_seconds.set(0.0);
            self.stop_when_done(write::checkpoint(&self.conn)?);
            return Ok(Resume::Continue);
        };
        let span = tracing::debug_span!(
            "batch",
            first = batch[0].sequence,
            last = last.sequence,
            events = batch.len()
        );
        let _entered = span.enter();
        let tally = apply_batch(&mut self.conn, &batch)?;
        self.checkpoints.bound_wal(&self.conn)?;
        tracing::debug!(
            applied = tally.applied,
            duplicates = tally.duplicates,
            dead_letters = tally.dead_letters,
            "batch committed"
        );
        self.record(&batch, tally);
        self.stop_when_done(last.sequence);
        Ok(Resume::Continue)
    }
}

/// Applies a batch in one transaction, the checkpoint included: every message in log
/// order (decoded a chunk ahead on the decoding thread), then the checkpoint, then the
/// commit. An error leaves nothing of the batch behind.
fn apply_batch(conn: &mut Connection, batch: &Arc<[LogMessage]>) -> Result<Tally, StoreError> {
    let checkpoint = batch.last().map_or(0, |m| m.sequence);
    let tx = conn.transaction()?;
    let writes = Batch::new(&tx)?;
    let mut tally = Tally::default();
    for (message, decoded) in decode::in_order(batch) {
        match apply_message(&writes, message, decoded)? {
            Outcome::Applied => tally.applied += 1,
            Outcome::Duplicate => tally.duplicates += 1,
            Outcome::DeadLetter => tally.dead_letters += 1,
        }
    }
    writes.finish(checkpoint)?;
    tx.commit()?;
    Ok(tally)
}

enum Outcome {
    Applied,
    Duplicate,
    DeadLetter,
}

fn apply_message(
    tx: &Batch<'_>,
    message: &LogMessage,
    decoded: Decoded,
) -> Result<Outcome, StoreError> {
    let ready = match decoded {
        Decoded::Event(ready) => ready,
        Decoded::Invalid(reason) => {
            tracing::warn!(sequence = message.sequence, subject = %message.subject, %reason, "dead letter");
            tx.dead_letter(&DeadLetter {
                sequence: message.sequence,
                subject: &message.subject,
                msg_id: message.msg_id.as_deref(),
                reason: &reason,
                raw: &message.payload,
            })?;
            return Ok(Outcome::DeadLetter);
        }
    };
    if !tx.record_event(message.sequence, &ready)? {
        return Ok(Outcome::Duplicate);
    }
    let at = EventRef {
        org: &ready.org,
        sequence: message.sequence,
        occurred_at: &ready.occurred_at,
        event_type: ready.event_type,
    };
    for change in &ready.changes {
        tx.apply(&at, change)?;
    }
    Ok(Outcome::Applied)
}
