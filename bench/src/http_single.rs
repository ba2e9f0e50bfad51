//! (c) HTTP single-event ingest: one envelope per `POST /v1/events`, 64 concurrent
//! clients each on its own keep-alive connection. Latency is per request.

use bytes::Bytes;

use crate::http::HttpClients;
use crate::measure::{Outcome, WorkQueue, run_clients};

/// Concurrent clients.
pub const CLIENTS: usize = 64;

/// Posts every body (one event each) and times the whole.
pub async fn run(clients: &HttpClients, bodies: Vec<Bytes>) -> anyhow::Result<Outcome> {
    let events = bodies.len() as u64;
    let queue = WorkQueue::new(bodies);
    run_clients(clients.workers(&queue), events).await
}
