//! Sending events to ingest over HTTP or NATS request/reply; both answer with a status
//! and the same JSON.

use std::time::Duration;

use anyhow::Context;
use serde_json::Value;

use crate::cli::Target;

/// A connection to ingest.
pub enum Sender {
    /// `POST {url}/v1/events`.
    Http {
        /// HTTP client.
        client: reqwest::Client,
        /// Base URL.
        url: String,
        /// Bearer token.
        token: Option<String>,
    },
    /// Request on `govtrack.ingest.{org}`.
    Nats(async_nats::Client),
}

impl Sender {
    /// Connects as `target` says.
    pub async fn connect(target: &Target) -> anyhow::Result<Sender> {
        if let Some(url) = &target.via_nats {
            let client = async_nats::ConnectOptions::new()
                .name("govtrack-cli")
                .request_timeout(Some(Duration::from_secs(15)))
                .connect(url.as_str())
                .await
                .with_context(|| format!("cannot connect to NATS at {url}"))?;
            return Ok(Sender::Nats(client));
        }
        let client = govtrack_runtime::http_client_builder()
            .timeout(Duration::from_secs(30))
            .build()?;
        Ok(Sender::Http {
            client,
            url: target.url.trim_end_matches('/').to_owned(),
            token: target.token.clone(),
        })
    }

    /// Sends a body (one envelope or an array) for `org`; answers status and JSON.
    pub async fn send(&self, org: &str, body: Vec<u8>) -> anyhow::Result<(u16, Value)> {
        match self {
            Sender::Http { client, url, token } => {
                let mut request = client
                    .post(format!("{url}/v1/events"))
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(body);
                if let Some(t) = token {
                    request = request.bearer_auth(t);
                }
                let response = request
                    .send()
                    .await
                    .with_context(|| format!("cannot reach ingest at {url}"))?;
                let status = response.status().as_u16();
                let text = response.text().await?;
                Ok((
                    status,
                    serde_json::from_str(&text).unwrap_or(Value::String(text)),
                ))
            }
            Sender::Nats(client) => {
                let subject = govtrack_bus::subjects::ingest_subject(org);
                let reply = client
                    .request(subject.clone(), body.into())
                    .await
                    .with_context(|| format!("no answer on {subject}: is ingest running?"))?;
                let status = reply
                    .headers
                    .as_ref()
                    .and_then(|h| h.get("Govtrack-Status"))
                    .and_then(|v| v.as_str().parse().ok())
                    .unwrap_or(200);
                Ok((status, serde_json::from_slice(&reply.payload)?))
            }
        }
    }
}

/// The error message of a govtrack error body, with its problems, one per line.
pub fn describe_error(status: u16, body: &Value) -> String {
    let message = body["error"]["message"]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| body.to_string());
    let mut out = format!("{status}: {message}");
    for p in body["error"]["problems"].as_array().into_iter().flatten() {
        let field = p["field"].as_str().unwrap_or("");
        let reason = p["reason"].as_str().unwrap_or("");
        out.push_str(&format!("\n  {field}: {reason}"));
    }
    out
}
