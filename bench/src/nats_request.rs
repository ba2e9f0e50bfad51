//! (d) NATS request/reply ingest: one event per request on `govtrack.ingest.{org}`,
//! 64 concurrent requesters sharing one connection (async-nats multiplexes requests
//! over one reply subscription). Latency is per request.

use std::time::Instant;

use crate::measure::{Outcome, Tally, WorkQueue, reports_duplicate, run_clients};
use crate::workload::SingleRequest;

/// Concurrent requesters.
pub const REQUESTERS: usize = 64;

/// Sends every request and times the whole.
pub async fn run(
    client: &async_nats::Client,
    requests: Vec<SingleRequest>,
) -> anyhow::Result<Outcome> {
    let events = requests.len() as u64;
    let queue = WorkQueue::new(requests);
    let workers = (0..REQUESTERS)
        .map(|_| requester(client.clone(), queue.clone()))
        .collect();
    run_clients(workers, events).await
}

async fn requester(client: async_nats::Client, queue: WorkQueue<SingleRequest>) -> Tally {
    let mut tally = Tally::new();
    while let Some(request) = queue.take() {
        let started = Instant::now();
        match send(&client, request).await {
            Ok(()) => tally.record(started),
            Err(e) => tally.fail(e),
        }
    }
    tally
}

async fn send(client: &async_nats::Client, request: &SingleRequest) -> Result<(), String> {
    let reply = client
        .request(request.ingest_subject.clone(), request.body.clone())
        .await
        .map_err(|e| format!("request on {}: {e}", request.ingest_subject))?;
    let status = reply
        .headers
        .as_ref()
        .and_then(|h| h.get("Govtrack-Status"))
        .map(|v| v.as_str().to_owned())
        .unwrap_or_default();
    if status != "200" {
        let text = String::from_utf8_lossy(&reply.payload);
        return Err(format!(
            "status {status:?}: {}",
            text.chars().take(300).collect::<String>()
        ));
    }
    if reports_duplicate(&reply.payload) {
        return Err("ingest reported a duplicate for a fresh id".to_owned());
    }
    Ok(())
}
