//! The HTTP side shared by (b) and (c): one keep-alive client per simulated tool, and
//! a `POST /v1/events` that counts only clean first writes as successes.

use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::CONTENT_TYPE;

use crate::measure::{Tally, WorkQueue, reports_duplicate};

/// Clients of one scenario, each with its own connection pool.
pub struct HttpClients {
    clients: Vec<reqwest::Client>,
    url: String,
}

impl HttpClients {
    /// `count` clients for `base_url` (e.g. `http://127.0.0.1:8080`).
    pub fn new(base_url: &str, count: usize) -> anyhow::Result<HttpClients> {
        let clients = (0..count)
            .map(|_| {
                govtrack_runtime::http_client_builder()
                    .no_proxy()
                    .pool_max_idle_per_host(1)
                    .pool_idle_timeout(Duration::from_secs(90))
                    .tcp_nodelay(true)
                    .timeout(Duration::from_secs(30))
                    .build()
            })
            .collect::<Result<_, _>>()?;
        Ok(HttpClients {
            clients,
            url: format!("{base_url}/v1/events"),
        })
    }

    /// One worker per client, each posting bodies from `queue` until it is empty.
    pub fn workers(&self, queue: &WorkQueue<Bytes>) -> Vec<impl Future<Output = Tally> + use<>> {
        self.clients
            .iter()
            .map(|client| worker(client.clone(), self.url.clone(), queue.clone()))
            .collect()
    }
}

async fn worker(client: reqwest::Client, url: String, queue: WorkQueue<Bytes>) -> Tally {
    let mut tally = Tally::new();
    while let Some(body) = queue.take() {
        let started = Instant::now();
        match post(&client, &url, body.clone()).await {
            Ok(()) => tally.record(started),
            Err(e) => tally.fail(e),
        }
    }
    tally
}

async fn post(client: &reqwest::Client, url: &str, body: Bytes) -> Result<(), String> {
    let response = client
        .post(url)
        .header(CONTENT_TYPE, "application/json")
        .body(body)
        .send()
        .await
        .map_err(|e| format!("POST {url}: {e}"))?;
    let status = response.status();
    let answer = response
        .bytes()
        .await
        .map_err(|e| format!("reading the answer: {e}"))?;
    if !status.is_success() {
        let text = String::from_utf8_lossy(&answer);
        return Err(format!(
            "HTTP {status}: {}",
            text.chars().take(300).collect::<String>()
        ));
    }
    if reports_duplicate(&answer) {
        return Err("ingest reported a duplicate for a fresh id".to_owned());
    }
    Ok(())
}
