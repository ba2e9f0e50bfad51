//! The timeline saver: saved timelines, written off the projector's hot path.
//!
//! A thread with its own connection to the live generation saves each due
//! organisation's timeline ([`crate::saved_timeline`]) in a short transaction of its own,
//! most events behind first, and looks again between two organisations. It never
//! competes with a catch-up: it works only
//!
//! - when the writer is idle (no commit for [`IDLE_AFTER`], seen through
//!   `PRAGMA data_version`, which changes whenever another connection commits), at
//!   full speed; or
//! - when the projector is caught up (its last batch left nothing pending) but live
//!   events keep coming, at most [`LIVE_SHARE_PERCENT`] of one core: after an
//!   organisation that took `t`, it waits `t × (100 / share − 1)`.
//!
//! Both need the last batch to have left nothing pending on the log, so a catch-up
//! whose batch takes longer than [`IDLE_AFTER`] is not mistaken for an idle writer.
//!
//! It follows the live generation after a rebuild swaps one in (whose saved timelines
//! start empty: they are a cache). `govtrack_projector_snapshots_pending` (the metric
//! keeps its first name) counts the organisations due; 0 once idle means every large
//! organisation has a fresh one.

use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::Utc;
use govtrack_maturity::Models;
use govtrack_readmodel::{self as store, Generation, ReadModelDir};
use govtrack_runtime::sqlite::SqliteOptions;
use rusqlite::Connection;

use crate::metrics::ProjectorMetrics;
use crate::saved_timeline::{self, Fingerprints};
use crate::sink::ProjectorError;

/// How often the thread looks at the writer.
const TICK: Duration = Duration::from_millis(250);
/// The writer is idle after this long without a commit: a catch-up commits a batch
/// every few hundred milliseconds at most, a quiet live flow less often.
const IDLE_AFTER: Duration = Duration::from_secs(1);
/// The share of one core saving timelines takes while a caught-up projector applies
/// live events, so that a steady flow without idle gaps still gets them.
const LIVE_SHARE_PERCENT: u32 = 10;
/// How often the pending count is refreshed while the saver may not work.
const COUNT_EVERY: Duration = Duration::from_secs(2);

type Stop = Arc<(Mutex<bool>, Condvar)>;

/// The timeline-saving thread of the live projector; stops on drop, after the
/// organisation it is saving.
pub struct TimelineSaver {
    stop: Stop,
    thread: Option<JoinHandle<()>>,
}

impl TimelineSaver {
    /// Starts saving the timelines of `dir`'s live generation.
    pub fn start(
        dir: ReadModelDir,
        models: Models,
        metrics: ProjectorMetrics,
    ) -> Result<TimelineSaver, ProjectorError> {
        let stop: Stop = Arc::new((Mutex::new(false), Condvar::new()));
        let mut worker = Worker {
            dir,
            models,
            metrics,
            open: None,
            writes_seen: None,
            not_before: Instant::now(),
            counted: None,
            none_due_at: None,
            fingerprints: Fingerprints::default(),
        };
        let flag = stop.clone();
        let thread = std::thread::Builder::new()
            .name("timeline-saver".to_owned())
            .spawn(move || worker.run(&flag))?;
        Ok(TimelineSaver {
            stop,
            thread: Some(thread),
        })
    }
}

impl Drop for TimelineSaver {
    fn drop(&mut self) {
        let (lock, wake) = &*self.stop;
        *lock.lock().unwrap_or_else(|e| e.into_inner()) = true;
        wake.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn stopped(stop: &Stop) -> bool {
    *stop.0.lock().unwrap_or_else(|e| e.into_inner())
}

struct Worker {
    dir: ReadModelDir,
    models: Models,
    metrics: ProjectorMetrics,
    open: Option<(Generation, Connection)>,
    /// The writer's last `data_version` and when it was first seen.
    writes_seen: Option<(i64, Instant)>,
    /// No timeline saved before this instant (the live share).
    not_before: Instant,
    /// When the pending count was last refreshed.
    counted: Option<Instant>,
    /// The writer's `data_version` when no timeline was last found due: until another
    /// commit none can be, so the look is not repeated every tick of an idle projector.
    none_due_at: Option<i64>,
    fingerprints: Fingerprints,
}

impl Worker {
    fn run(&mut self, stop: &Stop) {
        let (lock, wake) = &**stop;
        loop {
            {
                let guard = lock.lock().unwrap_or_else(|e| e.into_inner());
                let (guard, _) =
                    (wake.wait_timeout(guard, TICK)).unwrap_or_else(|e| e.into_inner());
                if *guard {
                    return;
                }
            }
            if let Err(e) = self.tick(stop) {
                tracing::warn!(error = %e, "saving timelines failed; retrying");
                self.open = None;
            }
        }
    }

    /// One look at the writer, and the saves it allows.
    fn tick(&mut self, stop: &Stop) -> Result<(), ProjectorError> {
        if !self.follow_current()? {
            return Ok(());
        }
        let idle = match &self.open {
            Some((_, conn)) => writer_idle(conn, &mut self.writes_seen)?,
            None => false,
        };
        // Nothing left on the log after the last batch: a catch-up never gets here,
        // even when one of its batches takes longer than IDLE_AFTER.
        let nothing_pending = self.metrics.lag_events.get() == 0;
        let live = self.metrics.batches.get() > 0;
        if !(nothing_pending && (idle || live)) || Instant::now() < self.not_before {
            return self.count_pending();
        }
        let Some((_, conn)) = self.open.as_mut() else {
            return Ok(());
        };
        let version = self.writes_seen.map(|(version, _)| version);
        if version.is_some() && version == self.none_due_at {
            return Ok(());
        }
        let due = saved_timeline::due(conn, &self.models, &mut self.fingerprints)?;
        self.none_due_at = if due.is_empty() { version } else { None };
        self.counted = Some(Instant::now());
        let mut pending = due.len();
        self.metrics.saved_timelines_pending.set(pending as i64);
        for org in &due {
            if stopped(stop) {
                return Ok(());
            }
            let started = Instant::now();
            if let Err(e) = saved_timeline::write(conn, org, Utc::now()) {
                tracing::warn!(org = %org.org.org, error = %e, "cannot save a maturity timeline");
            } else {
                self.metrics.timelines_saved.inc();
            }
            pending -= 1;
            self.metrics.saved_timelines_pending.set(pending as i64);
            tracing::debug!(org = %org.org.org, events = org.org.events, took_ms = started.elapsed().as_millis() as u64, "maturity timeline saved");
            if !writer_idle(conn, &mut self.writes_seen)? {
                // Live events: the rest waits, within the share.
                self.not_before =
                    Instant::now() + started.elapsed() * (100 / LIVE_SHARE_PERCENT - 1);
                return Ok(());
            }
        }
        Ok(())
    }

    /// Opens the live generation if it is not the one open; false when there is none.
    fn follow_current(&mut self) -> Result<bool, ProjectorError> {
        let Some(current) = self.dir.current()? else {
            self.open = None;
            return Ok(false);
        };
        if self.open.as_ref().is_none_or(|(g, _)| *g != current) {
            // The checkpoint thread owns the WAL; this connection's commits are small.
            // SQLite's own 2 MiB of page cache, not the writer's 64 MiB: it reads each
            // organisation's facts once, and the writer's size let it keep them all.
            let options = SqliteOptions {
                cache_kib: None,
                auto_checkpoint: false,
                ..store::WRITER
            };
            let conn = store::open_writer_with(&current.path, options)?;
            self.open = Some((current, conn));
            self.writes_seen = None;
            self.none_due_at = None;
        }
        Ok(true)
    }

    /// Refreshes the pending count now and then while saves wait.
    fn count_pending(&mut self) -> Result<(), ProjectorError> {
        if self.counted.is_some_and(|at| at.elapsed() < COUNT_EVERY) {
            return Ok(());
        }
        if let Some((_, conn)) = &self.open {
            let due = saved_timeline::due(conn, &self.models, &mut self.fingerprints)?;
            self.metrics.saved_timelines_pending.set(due.len() as i64);
            self.counted = Some(Instant::now());
        }
        Ok(())
    }
}

/// Whether no other connection has committed on `conn`'s file for [`IDLE_AFTER`]:
/// `seen` keeps the last `data_version` and since when it has not changed.
fn writer_idle(
    conn: &Connection,
    seen: &mut Option<(i64, Instant)>,
) -> Result<bool, store::StoreError> {
    let version: i64 = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
    match *seen {
        Some((last, since)) if last == version => Ok(since.elapsed() >= IDLE_AFTER),
        _ => {
            *seen = Some((version, Instant::now()));
            Ok(false)
        }
    }
}
