//! The api's one way to record: it never appends to the log itself. A write the api
//! takes (an assistant's tool call, a dashboard form) is forwarded to ingest, the only
//! writer, as a NATS request on `govtrack.ingest.{org}.on-behalf` with the caller it
//! authenticated in the `Govtrack-Recorded-By` header (docs/adr/0009). Ingest answers
//! with exactly what `POST /v1/events` would: the same validation, model check,
//! durable id index and `recorded_by`.
//!
//! The connection is made at the first write, so an api whose NATS is down still
//! serves every read; a write then answers "unavailable" and the next one tries again.

use std::time::Duration;

use async_nats::{Client, HeaderMap, Request};
use govtrack_bus::subjects::{RECORDED_BY_HEADER, on_behalf_subject};
use govtrack_bus::{NatsSettings, connect};
use govtrack_events::RecordedBy;
use serde_json::Value;
use tokio::sync::OnceCell;

/// How long a write waits for ingest's answer (ingest itself retries an unconfirmed
/// append for a few seconds before it answers 503).
const ANSWER_WITHIN: Duration = Duration::from_secs(15);

/// Forwards writes to ingest over NATS (cheap to clone: the connection is shared).
#[derive(Clone)]
pub struct Writer {
    client: std::sync::Arc<OnceCell<Client>>,
    settings: Option<NatsSettings>,
}

/// Ingest's answer to a forwarded write.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    /// The HTTP status ingest gave (200, or the status of its error).
    pub status: u16,
    /// Ingest's JSON body: `{"id","sequence","duplicate"}`, `{"results":[…]}`, or
    /// `{"error":{…}}`.
    pub body: Value,
}

impl Recorded {
    /// Did ingest take every event (new or already there)?
    pub fn is_success(&self) -> bool {
        self.status == 200
    }
}

/// Why a write got no answer from ingest (nothing is known to be appended; the same
/// write with the same id may be sent again).
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// NATS could not be reached.
    #[error("cannot reach NATS to record the event: {0}")]
    Connect(#[source] govtrack_bus::BusError),
    /// Ingest did not answer (not running, or too slow).
    #[error("ingest did not answer the write: {0}")]
    NoAnswer(#[source] async_nats::RequestError),
    /// Ingest's answer was not JSON.
    #[error("ingest's answer could not be read: {0}")]
    Unreadable(#[source] serde_json::Error),
}

impl Writer {
    /// A writer that connects with `settings` at its first write.
    pub fn connecting(settings: NatsSettings) -> Writer {
        Writer {
            client: std::sync::Arc::default(),
            settings: Some(settings),
        }
    }

    /// A writer over an existing connection (`govtrack up` shares its own).
    pub fn over(client: Client) -> Writer {
        Writer {
            client: std::sync::Arc::new(OnceCell::new_with(Some(client))),
            settings: None,
        }
    }

    /// Sends `body` (one envelope or an array, as JSON) for `org`, recorded by `by`.
    pub async fn record(
        &self,
        org: &str,
        body: Vec<u8>,
        by: &RecordedBy,
    ) -> Result<Recorded, WriteError> {
        let client = self.client().await?;
        let mut headers = HeaderMap::new();
        let caller = serde_json::to_string(by).map_err(WriteError::Unreadable)?;
        headers.insert(RECORDED_BY_HEADER, caller.as_str());
        let request = Request::new()
            .headers(headers)
            .payload(body.into())
            .timeout(Some(ANSWER_WITHIN));
        let answer = client
            .send_request(on_behalf_subject(org), request)
            .await
            .map_err(WriteError::NoAnswer)?;
        let status = answer
            .headers
            .as_ref()
            .and_then(|h| h.get("Govtrack-Status"))
            .and_then(|v| v.as_str().parse().ok())
            .unwrap_or(200);
        let body = serde_json::from_slice(&answer.payload).map_err(WriteError::Unreadable)?;
        Ok(Recorded { status, body })
    }

    async fn client(&self) -> Result<&Client, WriteError> {
        self.client
            .get_or_try_init(|| async {
                match &self.settings {
                    Some(settings) => connect(settings).await.map_err(WriteError::Connect),
                    None => unreachable_connection(),
                }
            })
            .await
    }
}

/// A writer made [`Writer::over`] a client always has it.
fn unreachable_connection() -> Result<Client, WriteError> {
    Err(WriteError::Connect(govtrack_bus::BusError::Connect {
        url: String::new(),
        reason: "the writer has no connection settings".to_owned(),
    }))
}
