//! (d) Read throughput: [`CLIENTS`] concurrent clients, each on its own keep-alive
//! connection ([`HttpConnection`]), send `GET`s back to back for a fixed time, each
//! cycling through the seeded organisations from its own starting point. Run first
//! against `/healthz` of the same api process (the raw HTTP limit of that process with
//! these clients on this machine), then `/v1/orgs/{org}/maturity`, then
//! `/v1/orgs/{org}/okrs`. Every run is preceded by a warm-up on the same connections:
//! one pass that requests every path exactly once (the api's per-organisation caches
//! fill; its time is reported as the cold cost), then a short untimed run. Only requests
//! started inside the measured window count; latency is per request, from writing it to
//! its last body byte.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::http_conn::HttpConnection;
use crate::measure::Tally;

/// Concurrent clients.
pub const CLIENTS: usize = 32;

/// The clients' connections, kept open between warm-up and measurement.
pub struct LoadClients {
    connections: Vec<HttpConnection>,
}

/// What one timed run did.
pub struct Load {
    /// Requests started in the window (answered or failed).
    pub requests: u64,
    /// From the window's start to the last answer.
    pub elapsed: Duration,
    /// Latencies and failures.
    pub tally: Tally,
}

impl LoadClients {
    /// [`CLIENTS`] connections to the api at `base_url`.
    pub fn new(base_url: &str) -> anyhow::Result<LoadClients> {
        let connections = (0..CLIENTS)
            .map(|_| HttpConnection::new(base_url))
            .collect::<anyhow::Result<_>>()?;
        Ok(LoadClients { connections })
    }

    /// Every client requests `paths` in turn (client `c` starting at its own offset)
    /// for `duration`.
    pub async fn run(&mut self, paths: &[String], duration: Duration) -> anyhow::Result<Load> {
        let until = Instant::now() + duration;
        self.drive(paths, |c, len| Plan::Until {
            next: c * len / CLIENTS,
            until,
        })
        .await
    }

    /// Requests every path exactly once, the clients sharing the list.
    pub async fn pass(&mut self, paths: &[String]) -> anyhow::Result<Load> {
        let next = Arc::new(AtomicUsize::new(0));
        self.drive(paths, |_, _| Plan::Once { next: next.clone() })
            .await
    }

    async fn drive(
        &mut self,
        paths: &[String],
        plan: impl Fn(usize, usize) -> Plan,
    ) -> anyhow::Result<Load> {
        let paths: Arc<Vec<String>> = Arc::new(paths.to_vec());
        let started = Instant::now();
        let workers: Vec<_> = self
            .connections
            .drain(..)
            .enumerate()
            .map(|(c, connection)| {
                let plan = plan(c, paths.len());
                tokio::spawn(worker(connection, paths.clone(), plan))
            })
            .collect();
        let mut tally = Tally::new();
        for worker in workers {
            let (connection, one) = worker.await?;
            self.connections.push(connection);
            tally.merge(one);
        }
        Ok(Load {
            requests: tally.successes() + tally.errors(),
            elapsed: started.elapsed(),
            tally,
        })
    }
}

/// Which paths a client requests.
enum Plan {
    /// `paths[next]`, `paths[next + 1]`, … (wrapping) until `until`.
    Until { next: usize, until: Instant },
    /// The next path no client has taken, until there is none.
    Once { next: Arc<AtomicUsize> },
}

impl Plan {
    fn next<'p>(&mut self, paths: &'p [String]) -> Option<&'p String> {
        match self {
            Plan::Until { next, until } => {
                let path = (Instant::now() < *until).then(|| &paths[*next % paths.len()]);
                *next += 1;
                path
            }
            Plan::Once { next } => paths.get(next.fetch_add(1, Ordering::Relaxed)),
        }
    }
}

async fn worker(
    mut connection: HttpConnection,
    paths: Arc<Vec<String>>,
    mut plan: Plan,
) -> (HttpConnection, Tally) {
    let mut tally = Tally::new();
    while let Some(path) = plan.next(&paths) {
        let started = Instant::now();
        match connection.get(path).await {
            Ok(answer) if answer.status == 200 => tally.record(started),
            Ok(answer) => {
                let text = String::from_utf8_lossy(answer.body);
                tally.fail(format!(
                    "GET {path}: HTTP {}: {}",
                    answer.status,
                    text.chars().take(300).collect::<String>()
                ));
            }
            Err(e) => tally.fail(e),
        }
    }
    (connection, tally)
}
