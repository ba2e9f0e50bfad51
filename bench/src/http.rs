//! The HTTP side shared by (b), (c) and (e): one keep-alive client per simulated tool
//! (in (e) each with its own Entra ID access token), and a `POST /v1/events` that
//! counts only clean first writes as successes.

use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE};

use crate::measure::{Tally, WorkQueue, reports_duplicate};

/// Clients of one scenario, each with its own connection pool.
pub struct HttpClients {
    clients: Vec<reqwest::Client>,
    url: String,
    /// The `Authorization` header of each client, if any.
    bearers: Vec<Option<String>>,
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
            bearers: vec![None; count],
        })
    }

    /// One client per token of `tokens`, each sending its own as a bearer.
    pub fn with_bearers(base_url: &str, tokens: Vec<String>) -> anyhow::Result<HttpClients> {
        let mut clients = HttpClients::new(base_url, tokens.len())?;
        clients.bearers = tokens
            .into_iter()
            .map(|t| Some(format!("Bearer {t}")))
            .collect();
        Ok(clients)
    }

    /// One worker per client, each posting bodies from `queue` until it is empty.
    pub fn workers(&self, queue: &WorkQueue<Bytes>) -> Vec<impl Future<Output = Tally> + use<>> {
        self.clients
            .iter()
            .zip(&self.bearers)
            .map(|(client, bearer)| {
                worker(
                    client.clone(),
                    self.url.clone(),
                    bearer.clone(),
                    queue.clone(),
                )
            })
            .collect()
    }
}

async fn worker(
    client: reqwest::Client,
    url: String,
    bearer: Option<String>,
    queue: WorkQueue<Bytes>,
) -> Tally {
    let mut tally = Tally::new();
    while let Some(body) = queue.take() {
        let started = Instant::now();
        match post(&client, &url, bearer.as_deref(), body.clone()).await {
            Ok(()) => tally.record(started),
            Err(e) => tally.fail(e),
        }
    }
    tally
}

async fn post(
    client: &reqwest::Client,
    url: &str,
    bearer: Option<&str>,
    body: Bytes,
) -> Result<(), String> {
    let mut request = client.post(url).header(CONTENT_TYPE, "application/json");
    if let Some(bearer) = bearer {
        request = request.header(AUTHORIZATION, bearer);
    }
    let response = request
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
