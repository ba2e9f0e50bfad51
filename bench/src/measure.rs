//! What every scenario collects: a latency histogram, failures, and the wall time of
//! the measured phase; plus the work queue its concurrent clients pull from.

use std::fmt::Display;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;

use crate::cpu::CpuPerEvent;

/// Latencies (µs) and failures seen by one client, or merged over all of them.
pub struct Tally {
    latencies: Histogram<u64>,
    errors: u64,
    first_error: Option<String>,
}

impl Tally {
    /// An empty tally: 1 µs to 60 s at three significant figures.
    pub fn new() -> Tally {
        Tally {
            latencies: Histogram::new_with_bounds(1, 60_000_000, 3).expect("valid bounds"),
            errors: 0,
            first_error: None,
        }
    }

    /// A request that started at `started` succeeded now.
    pub fn record(&mut self, started: Instant) {
        let micros = started.elapsed().as_micros().max(1);
        self.latencies
            .saturating_record(u64::try_from(micros).unwrap_or(u64::MAX));
    }

    /// A request failed.
    pub fn fail(&mut self, why: impl Display) {
        self.errors += 1;
        self.first_error.get_or_insert_with(|| why.to_string());
    }

    /// Adds another client's tally.
    pub fn merge(&mut self, other: Tally) {
        self.latencies
            .add(&other.latencies)
            .expect("histograms with the same bounds");
        self.errors += other.errors;
        if self.first_error.is_none() {
            self.first_error = other.first_error;
        }
    }

    /// The `q` quantile in milliseconds.
    pub fn quantile_ms(&self, q: f64) -> f64 {
        self.latencies.value_at_quantile(q) as f64 / 1000.0
    }

    /// Successful requests.
    pub fn successes(&self) -> u64 {
        self.latencies.len()
    }

    /// Failed requests.
    pub fn errors(&self) -> u64 {
        self.errors
    }

    /// The first failure, if any.
    pub fn first_error(&self) -> Option<&str> {
        self.first_error.as_deref()
    }
}

/// The result of one measured phase.
pub struct Outcome {
    /// Events sent.
    pub events: u64,
    /// Wall time from the first send to the last answer.
    pub elapsed: Duration,
    /// Per-request latencies and failures.
    pub tally: Tally,
    /// CPU each process spent per event (filled in by the session).
    pub cpu: CpuPerEvent,
}

/// Items shared by concurrent clients, each taken exactly once.
pub struct WorkQueue<T> {
    items: Arc<Vec<T>>,
    next: Arc<AtomicUsize>,
}

impl<T> Clone for WorkQueue<T> {
    fn clone(&self) -> Self {
        WorkQueue {
            items: self.items.clone(),
            next: self.next.clone(),
        }
    }
}

impl<T> WorkQueue<T> {
    /// A queue over `items`.
    pub fn new(items: Vec<T>) -> WorkQueue<T> {
        WorkQueue {
            items: Arc::new(items),
            next: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// The next item no client has taken yet.
    pub fn take(&self) -> Option<&T> {
        self.items.get(self.next.fetch_add(1, Ordering::Relaxed))
    }
}

/// Runs `worker` once per client concurrently and merges their tallies; the elapsed
/// time covers all of them.
pub async fn run_clients<F>(workers: Vec<F>, events: u64) -> anyhow::Result<Outcome>
where
    F: Future<Output = Tally> + Send + 'static,
{
    let started = Instant::now();
    let handles: Vec<_> = workers.into_iter().map(tokio::spawn).collect();
    let mut tally = Tally::new();
    for handle in handles {
        tally.merge(handle.await?);
    }
    Ok(Outcome {
        events,
        elapsed: started.elapsed(),
        tally,
        cpu: CpuPerEvent::default(),
    })
}

/// True when an ingest answer reports a duplicate: every id is fresh, so any
/// duplicate means the benchmark measured something other than first writes.
pub fn reports_duplicate(body: &[u8]) -> bool {
    const NEEDLE: &[u8] = br#""duplicate":true"#;
    body.windows(NEEDLE.len()).any(|w| w == NEEDLE)
}
