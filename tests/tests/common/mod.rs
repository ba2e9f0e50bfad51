//! Real parts for the api's tests: nats-server, the log, the projector in this process,
//! and the api on a free loopback port with a fixed clock.

#![allow(dead_code)]

pub mod signin;

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use govtrack_api::client::ApiClient;
use govtrack_api::{App, AppState, Settings};
use govtrack_bus::streams::StreamSettings;
use govtrack_bus::{Bus, NatsSettings};
use govtrack_events::{Envelope, Event, validate_trusted};
use govtrack_testkit::TestNats;
use serde_json::Value;
use tempfile::TempDir;
use tokio_util::sync::CancellationToken;

pub struct Harness {
    pub nats: TestNats,
    pub bus: Bus,
    pub data: TempDir,
    pub base_url: String,
    pub client: ApiClient,
    pub http: reqwest::Client,
    pub shutdown: CancellationToken,
    projector: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
}

/// The api's "now" in these tests.
pub fn now() -> DateTime<Utc> {
    "2026-03-01T12:00:00Z".parse().unwrap()
}

pub fn days_ago(days: i64) -> DateTime<Utc> {
    now() - TimeDelta::days(days)
}

impl Harness {
    pub async fn start() -> Harness {
        Harness::start_with_tokens(None).await
    }

    /// Like [`Harness::start`], the api reading `tokens_file` (its client sends none).
    pub async fn start_with_tokens(tokens_file: Option<PathBuf>) -> Harness {
        let nats = TestNats::start();
        let bus = nats.bus("api-test", &StreamSettings::default()).await;
        let data = govtrack_testkit::temp_dir("govtrack-api-");
        let shutdown = CancellationToken::new();
        let projector_settings = govtrack_projector::Settings::new(data.path());
        let projector = tokio::spawn(govtrack_projector::run(
            projector_settings,
            bus.clone(),
            shutdown.clone(),
        ));
        let base_url = start_api_with_tokens(data.path(), tokens_file, shutdown.clone()).await;
        Harness {
            nats,
            bus,
            data,
            client: ApiClient::new(base_url.clone()),
            base_url,
            http: govtrack_runtime::http_client(),
            shutdown,
            projector: Some(projector),
        }
    }

    /// Appends events and waits until the projector applied them.
    pub async fn append(&self, events: &[Event]) -> u64 {
        let mut last = 0;
        for chunk in events.chunks(500) {
            for result in self.bus.append_batch(chunk, Utc::now()).await {
                last = last.max(result.unwrap().sequence);
            }
        }
        self.wait_for(last).await;
        last
    }

    /// Appends each event as received by the log at its own `occurred_at` (a feed's
    /// last-seen time is when the log received it), and waits for the projector.
    pub async fn append_received(&self, events: &[Event]) {
        let mut last = 0;
        for e in events {
            let at = e.occurred_at;
            let acks = self.bus.append_batch(std::slice::from_ref(e), at).await;
            last = acks[0].as_ref().unwrap().sequence;
        }
        self.wait_for(last).await;
    }

    pub async fn wait_for(&self, sequence: u64) {
        govtrack_testkit::wait_for_read_model(self.data.path(), sequence).await;
    }

    /// GET `path`: status and JSON body.
    pub async fn get(&self, path: &str) -> (u16, Value) {
        let response = self
            .http
            .get(format!("{}{path}", self.base_url))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    /// GET `path`: the body as text, whatever the status.
    pub async fn page(&self, path: &str) -> String {
        govtrack_testkit::get_text(&self.http, format!("{}{path}", self.base_url)).await
    }

    /// The section of `org`'s dashboard page whose HTML id is `id`, up to its end.
    pub async fn dashboard_section(&self, org: &str, id: &str) -> String {
        let html = self.page(&format!("/orgs/{org}")).await;
        let start = (html.find(&format!("id=\"{id}\"")))
            .unwrap_or_else(|| panic!("no section with id {id:?} in {html}"));
        html[start..].split("</section>").next().unwrap().to_owned()
    }

    /// Stops the projector (and the harness's own api), so nothing writes the read
    /// model any more.
    pub async fn stop_projector(&mut self) {
        self.shutdown.cancel();
        if let Some(p) = self.projector.take() {
            p.await.unwrap().unwrap();
        }
    }

    pub async fn stop(mut self) {
        self.shutdown.cancel();
        if let Some(p) = self.projector.take() {
            p.await.unwrap().unwrap();
        }
    }
}

/// Starts the api over `data_dir` with the fixed clock; answers its base URL.
pub async fn start_api(data_dir: &std::path::Path, shutdown: CancellationToken) -> String {
    start_api_with_tokens(data_dir, None, shutdown).await
}

/// Like [`start_api`], requiring the tokens of `tokens_file` when there is one.
pub async fn start_api_with_tokens(
    data_dir: &std::path::Path,
    tokens_file: Option<PathBuf>,
    shutdown: CancellationToken,
) -> String {
    let mut settings = Settings::new(data_dir);
    settings.http_addr = "127.0.0.1:0".parse().unwrap();
    settings.tokens_file = tokens_file;
    start_api_with(settings, shutdown).await
}

/// Starts the api with `settings` and the fixed clock; answers its base URL.
pub async fn start_api_with(settings: Settings, shutdown: CancellationToken) -> String {
    let state = AppState::new(&settings).with_clock(Arc::new(now));
    let app = App::with_state(&settings, state).await.unwrap();
    let base_url = format!("http://{}", app.local_addr().unwrap());
    tokio::spawn(app.run(shutdown));
    base_url
}

/// Starts an api that records: on the wall clock (what it records happens now),
/// writing through the harness's NATS, requiring the tokens of `tokens_file` when there
/// is one. Answers its base URL.
pub async fn start_recording_api(h: &Harness, tokens_file: Option<PathBuf>) -> String {
    let mut settings = Settings::new(h.data.path());
    settings.http_addr = "127.0.0.1:0".parse().unwrap();
    settings.tokens_file = tokens_file;
    start_recording_api_with(h, settings).await
}

/// Like [`start_recording_api`], with `settings` (a sign-in) for the rest.
pub async fn start_recording_api_with(h: &Harness, mut settings: Settings) -> String {
    settings.nats = NatsSettings::new(h.nats.url(), "api-recording-test");
    let app = App::build(&settings).await.unwrap();
    let base_url = format!("http://{}", app.local_addr().unwrap());
    tokio::spawn(app.run(h.shutdown.clone()));
    base_url
}

pub use govtrack_testkit::{assert_error_mentions, example_event};

/// A tokens file of `(name, token, scopes)` entries, in a directory that lives as long
/// as the `TempDir`.
pub fn tokens_file(tokens: &[(&str, &str, &[&str])]) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tokens.toml");
    let entry = |(name, token, scopes): &(&str, &str, &[&str])| {
        let scopes: Vec<String> = scopes.iter().map(|s| format!("\"{s}\"")).collect();
        let (hash, scopes) = (govtrack_auth::hash_token(token), scopes.join(", "));
        format!("[[token]]\nname = \"{name}\"\nsha256 = \"{hash}\"\nscopes = [{scopes}]\n\n")
    };
    let text: String = tokens.iter().map(entry).collect();
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

/// How many events the log holds.
pub async fn log_length(h: &Harness) -> u64 {
    let stream = h
        .bus
        .jetstream()
        .get_stream(govtrack_bus::subjects::EVENTS_STREAM);
    stream.await.unwrap().info().await.unwrap().state.messages
}

/// An event of contoso, `days` before the api's now, with its type's example data
/// (the fields of `data` over it).
pub fn contoso_event(
    id: &str,
    event_type: govtrack_events::EventType,
    days: i64,
    data: Option<Value>,
) -> Event {
    example_event(id, "contoso", event_type, days_ago(days), data)
}

/// An event of `org` sent by the tool `source`, occurred at `at`.
pub fn event_from(
    source: &str,
    id: &str,
    org: &str,
    event_type: &str,
    data: Value,
    at: DateTime<Utc>,
) -> Event {
    let mut envelope = Envelope::new(event_type, org, data);
    envelope.id = Some(id.to_owned());
    envelope.occurred_at = Some(at.to_rfc3339());
    envelope.source = Some(source.to_owned());
    validate_trusted(envelope, at).unwrap()
}

/// Ingest over the harness's NATS (HTTP on a free port, no tokens): the writer that
/// the api forwards its writes to. Cancel the token to stop it.
pub async fn start_ingest(h: &Harness) -> CancellationToken {
    let ingest_dir = h.data.path().join("i");
    let mut settings = govtrack_ingest::Settings::local(&h.nats.url(), &ingest_dir);
    settings.http_addr = "127.0.0.1:0".parse().unwrap();
    let app = govtrack_ingest::build(settings).await.unwrap();
    let shutdown = CancellationToken::new();
    tokio::spawn(app.run(shutdown.clone()));
    shutdown
}
