//! Starting a real ingest service against a real nats-server for a test.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::PathBuf;

use govtrack_ingest::Settings;
use govtrack_runtime::CancellationToken;
use govtrack_testkit::TestNats;
use serde_json::{Value, json};

pub struct Running {
    pub nats: TestNats,
    pub addr: SocketAddr,
    pub shutdown: CancellationToken,
    pub task: tokio::task::JoinHandle<anyhow::Result<()>>,
    pub http: reqwest::Client,
}

pub async fn start(tokens_file: Option<PathBuf>) -> Running {
    let nats = TestNats::start();
    start_on(nats, tokens_file).await
}

pub async fn start_on(nats: TestNats, tokens_file: Option<PathBuf>) -> Running {
    let mut settings = Settings::local(&nats.url(), &nats.dir().join("ingest"));
    settings.tokens_file = tokens_file;
    start_with(nats, settings).await
}

/// Ingest requiring `token` (an admin token of a tokens file beside the server's store).
pub async fn start_with_token(token: &str) -> Running {
    let nats = TestNats::start();
    let tokens = tokens_file(nats.dir(), token);
    start_on(nats, Some(tokens)).await
}

/// Starts ingest with `settings` (on a free port) against `nats`.
pub async fn start_with(nats: TestNats, mut settings: Settings) -> Running {
    settings.http_addr = "127.0.0.1:0".parse().unwrap();
    let app = govtrack_ingest::build(settings)
        .await
        .expect("ingest builds");
    let addr = app.local_addr();
    let shutdown = CancellationToken::new();
    let task = tokio::spawn(app.run(shutdown.clone()));
    let http = govtrack_runtime::http_client_builder()
        .timeout(std::time::Duration::from_secs(20))
        .build()
        .unwrap();
    Running {
        nats,
        addr,
        shutdown,
        task,
        http,
    }
}

impl Running {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub async fn post(&self, body: &Value) -> (u16, Value) {
        self.post_raw(serde_json::to_vec(body).unwrap(), None).await
    }

    pub async fn post_raw(&self, body: Vec<u8>, token: Option<&str>) -> (u16, Value) {
        let mut req = self.http.post(self.url("/v1/events")).body(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.expect("request reaches ingest");
        let status = resp.status().as_u16();
        let text = resp.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    /// Messages in the log stream, asked of the server.
    pub async fn stream_messages(&self) -> u64 {
        self.nats.log_messages().await
    }
}

/// The `problems` of the error body `answer` mention `needle`.
#[track_caller]
pub fn assert_problems_mention(answer: &Value, needle: &str) {
    let problems = answer["error"]["problems"].to_string();
    assert!(problems.contains(needle), "{answer}");
}

/// The types of `events`, in order.
pub fn types(events: &[govtrack_events::StoredEvent]) -> Vec<&str> {
    events.iter().map(|e| e.event_type.as_str()).collect()
}

pub fn sponsor_named(id: &str, sponsor: &str) -> Value {
    json!({"id": id, "type": "sponsor.named", "org": "contoso",
           "data": {"sponsor": sponsor, "name": "Ada Lovelace", "formal": true}})
}

impl Running {
    /// Every event on the log, in order (decoded from the stream).
    pub async fn stream_events(&self) -> Vec<govtrack_events::StoredEvent> {
        let client = self.nats.client().await;
        let js = async_nats::jetstream::new(client);
        let mut stream = js.get_stream("GOVTRACK_EVENTS").await.unwrap();
        let last = stream.info().await.unwrap().state.last_sequence;
        let mut events = Vec::new();
        for seq in 1..=last {
            if let Ok(msg) = stream.get_raw_message(seq).await {
                events.push(serde_json::from_slice(&msg.payload).expect("a stored event"));
            }
        }
        events
    }

    /// POSTs `body` to `path` with `headers`; the status and the JSON answer.
    pub async fn post_to(
        &self,
        path: &str,
        headers: &[(&str, String)],
        body: Vec<u8>,
    ) -> (u16, Value) {
        let mut req = self.http.post(self.url(path)).body(body);
        for (name, value) in headers {
            req = req.header(*name, value);
        }
        let resp = req.send().await.expect("request reaches ingest");
        let status = resp.status().as_u16();
        let text = resp.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }
}

/// A fixture of `tests/fixtures/`.
pub fn fixture(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// `sha256=<hex HMAC>` of `body` under `secret`, as GitHub signs.
pub fn github_signature(secret: &str, body: &[u8]) -> String {
    use hmac::Mac;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// A tokens file with one token that may emit for every org.
pub fn tokens_file(dir: &std::path::Path, token: &str) -> PathBuf {
    let file = dir.join("tokens.toml");
    let text = format!(
        "[[token]]\nname = \"hooks\"\nsha256 = \"{}\"\nscopes = [\"admin\"]\n",
        govtrack_auth::hash_token(token)
    );
    std::fs::write(&file, text).unwrap();
    file
}
