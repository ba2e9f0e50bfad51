//! (b) HTTP batch ingest: `POST /v1/events` with 1,000-event arrays from 4 concurrent
//! clients. Latency is per batch request.

use bytes::Bytes;

use crate::http::HttpClients;
use crate::measure::{Outcome, WorkQueue, run_clients};

/// Events per request (ingest's maximum).
pub const BATCH: u64 = 1000;
/// Concurrent clients.
pub const CLIENTS: usize = 4;

/// Posts every body (each an array of up to [`BATCH`] events) and times the whole.
pub async fn run(
    clients: &HttpClients,
    bodies: Vec<Bytes>,
    events: u64,
) -> anyhow::Result<Outcome> {
    let queue = WorkQueue::new(bodies);
    run_clients(clients.workers(&queue), events).await
}
