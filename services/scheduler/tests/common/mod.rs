//! Real parts for the scheduler's tests: a nats-server, the log, data directories, and
//! webhook receivers that verify every Standard Webhooks signature themselves.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_nats::jetstream::consumer::{DeliverPolicy, pull};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, TimeDelta, Utc};
use futures_util::StreamExt;
use govtrack_bus::Bus;
use govtrack_bus::streams::StreamSettings;
use govtrack_bus::subjects::ALERTS_STREAM;
use govtrack_events::{Envelope, Event, validate};
use govtrack_scheduler::delivery::{Format, Secret};
use govtrack_scheduler::{RunReport, Settings, WebhookConfig};
use govtrack_testkit::TestNats;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;
use tempfile::TempDir;

pub const OLD_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
pub const NEW_SECRET: &str = "whsec_c2VjcmV0LWtleS1mb3Itcm90YXRpb24tdGVzdHM=";

pub struct Harness {
    pub nats: TestNats,
    pub bus: Bus,
    pub data: TempDir,
}

pub fn t0() -> DateTime<Utc> {
    "2026-03-02T09:00:00Z".parse().unwrap()
}

pub fn days(n: i64) -> DateTime<Utc> {
    t0() + TimeDelta::days(n)
}

impl Harness {
    pub async fn start() -> Harness {
        let nats = TestNats::start();
        let bus = nats.bus("scheduler-test", &StreamSettings::default()).await;
        let data = govtrack_testkit::temp_dir("govtrack-scheduler-");
        Harness { nats, bus, data }
    }

    /// A harness, a webhook receiver, and the settings of scheduler `a` with the
    /// receiver's hook in `format`.
    pub async fn with_hook(format: Format) -> (Harness, Receiver, Settings) {
        let h = Harness::start().await;
        let receiver = Receiver::start(&[OLD_SECRET]).await;
        let mut settings = h.settings("a");
        settings.webhooks.push(receiver.hook(format));
        (h, receiver, settings)
    }

    /// Settings on a data directory of this harness (`name` separates schedulers).
    pub fn settings(&self, name: &str) -> Settings {
        let mut s = Settings::new(self.data.path().join(name));
        s.lease.holder = name.to_owned();
        s.lease.wait = Duration::from_secs(20);
        s.delivery.base_backoff = Duration::from_secs(60);
        s.delivery.timeout = Duration::from_secs(2);
        s.jobs
            .retain(|j| j.name != "weekly-digest" && j.name != "source-watch");
        s
    }

    /// Settings that also run the source watch.
    pub fn settings_with_watch(&self, name: &str) -> Settings {
        let mut s = self.settings(name);
        s.set_job(govtrack_scheduler::jobs::JobKind::SourceWatch.default_config());
        s
    }

    /// Settings that also run the weekly digest.
    pub fn settings_with_digest(&self, name: &str) -> Settings {
        let mut s = self.settings(name);
        s.set_job(govtrack_scheduler::jobs::JobKind::WeeklyDigest.default_config());
        s
    }

    pub async fn emit(&self, org: &str, event_type: &str, data: Value, at: DateTime<Utc>) {
        let mut envelope = Envelope::new(event_type, org, data);
        envelope.occurred_at = Some(at.to_rfc3339());
        let event: Event = validate(envelope, at).unwrap();
        self.bus.append(&event, at).await.unwrap();
    }

    /// An event from `source`, received by the log at `at`.
    pub async fn emit_from(
        &self,
        source: &str,
        org: &str,
        event_type: &str,
        data: Value,
        at: DateTime<Utc>,
    ) {
        let mut envelope = Envelope::new(event_type, org, data);
        envelope.occurred_at = Some(at.to_rfc3339());
        envelope.source = Some(source.to_owned());
        let event: Event = validate(envelope, at).unwrap();
        self.bus.append(&event, at).await.unwrap();
    }

    pub async fn start_initiative(&self, org: &str, id: &str, at: DateTime<Utc>) {
        let data = json!({"initiative": id, "objective": "buy-in", "title": format!("Initiative {id}"),
            "owner": "coe-lead", "horizon": "now", "checkin_days": 14});
        self.emit(org, "initiative.started", data, at).await;
    }

    pub async fn progress(&self, org: &str, id: &str, at: DateTime<Utc>) {
        self.emit(
            org,
            "initiative.progressed",
            json!({"initiative": id, "note": "moving"}),
            at,
        )
        .await;
    }

    pub async fn run_once(&self, settings: &Settings, now: DateTime<Utc>) -> RunReport {
        govtrack_scheduler::run_once(settings.clone(), self.bus.clone(), now, None)
            .await
            .unwrap()
    }

    /// Types of every event on the log under `subject_filter`, in order.
    pub async fn log_types(&self, subject_filter: &str) -> Vec<String> {
        self.read("GOVTRACK_EVENTS", subject_filter)
            .await
            .into_iter()
            .map(|v| v["type"].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    /// Bodies of the events on the log under `subject_filter`, in order.
    pub async fn read_bodies(&self, subject_filter: &str) -> Vec<Value> {
        self.read("GOVTRACK_EVENTS", subject_filter).await
    }

    /// Bodies of the alerts stream, digests left out.
    pub async fn alert_messages(&self) -> Vec<Value> {
        let all = self.read(ALERTS_STREAM, "govtrack.alerts.>").await;
        all.into_iter()
            .filter(|m| m["reason"] != "digest")
            .collect()
    }

    /// The one alert on the alerts stream (digests left out); panics unless there is
    /// exactly one.
    pub async fn only_alert(&self) -> Value {
        let mut alerts = self.alert_messages().await;
        assert_eq!(alerts.len(), 1, "not exactly one alert: {alerts:?}");
        alerts.remove(0)
    }

    /// Digests on the alerts stream.
    pub async fn digests(&self) -> Vec<Value> {
        let all = self.read(ALERTS_STREAM, "govtrack.alerts.>").await;
        all.into_iter()
            .filter(|m| m["reason"] == "digest")
            .collect()
    }

    async fn read(&self, stream: &str, filter: &str) -> Vec<Value> {
        let js = self.bus.jetstream();
        let mut stream = js.get_stream(stream).await.unwrap();
        let info = stream.info().await.unwrap();
        if info.state.messages == 0 {
            return Vec::new();
        }
        let consumer = stream
            .create_consumer(pull::OrderedConfig {
                filter_subject: filter.to_owned(),
                deliver_policy: DeliverPolicy::All,
                ..Default::default()
            })
            .await
            .unwrap();
        let mut messages = consumer.messages().await.unwrap();
        let mut out = Vec::new();
        while let Ok(Some(Ok(m))) =
            tokio::time::timeout(Duration::from_millis(300), messages.next()).await
        {
            out.push(serde_json::from_slice(&m.payload).unwrap());
            if m.info().unwrap().pending == 0 {
                break;
            }
        }
        out
    }
}

/// One request a receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    pub id: String,
    pub body: Value,
    pub verified_with: Vec<usize>,
}

/// A webhook receiver on 127.0.0.1 that checks every signature with its own HMAC code.
#[derive(Clone)]
pub struct Receiver {
    pub addr: SocketAddr,
    pub got: Arc<Mutex<Vec<Received>>>,
    pub status: Arc<AtomicU16>,
    pub retry_after: Arc<Mutex<Option<String>>>,
    pub shutdown: tokio_util::sync::CancellationToken,
}

#[derive(Clone)]
struct ReceiverState {
    got: Arc<Mutex<Vec<Received>>>,
    status: Arc<AtomicU16>,
    retry_after: Arc<Mutex<Option<String>>>,
    secrets: Arc<Vec<Vec<u8>>>,
}

impl Receiver {
    pub async fn start(secrets: &[&str]) -> Receiver {
        Self::start_on("127.0.0.1:0".parse().unwrap(), secrets).await
    }

    pub async fn start_on(addr: SocketAddr, secrets: &[&str]) -> Receiver {
        let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let keys = secrets
            .iter()
            .map(|s| STANDARD.decode(s.strip_prefix("whsec_").unwrap()).unwrap())
            .collect();
        let state = ReceiverState {
            got: Default::default(),
            status: Arc::new(AtomicU16::new(200)),
            retry_after: Default::default(),
            secrets: Arc::new(keys),
        };
        let shutdown = tokio_util::sync::CancellationToken::new();
        let app = axum::Router::new()
            .route("/hook", axum::routing::post(receive))
            .with_state(state.clone());
        let stop = shutdown.clone();
        tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(stop.cancelled_owned())
                .await
                .unwrap();
        });
        Receiver {
            addr,
            got: state.got,
            status: state.status,
            retry_after: state.retry_after,
            shutdown,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}/hook", self.addr)
    }

    /// The webhook `hook` of contoso to this receiver, signed with [`OLD_SECRET`].
    pub fn hook(&self, format: Format) -> WebhookConfig {
        webhook("hook", &self.url(), &[OLD_SECRET], format)
    }

    pub fn received(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }

    pub fn answer(&self, status: u16) {
        self.status.store(status, Ordering::SeqCst);
    }

    pub fn stop(&self) {
        self.shutdown.cancel();
    }
}

async fn receive(
    State(state): State<ReceiverState>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> impl IntoResponse {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let (id, timestamp, signatures) = (
        header("webhook-id"),
        header("webhook-timestamp"),
        header("webhook-signature"),
    );
    let ts: i64 = timestamp
        .parse()
        .expect("webhook-timestamp is unix seconds");
    assert!(
        (Utc::now().timestamp() - ts).abs() < 300,
        "timestamp within tolerance"
    );
    let signed = format!("{id}.{timestamp}.");
    let verified_with: Vec<usize> = (state.secrets.iter().enumerate())
        .filter(|(_, key)| {
            let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
            mac.update(signed.as_bytes());
            mac.update(&body);
            let expected = format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()));
            signatures.split(' ').any(|s| s == expected)
        })
        .map(|(i, _)| i)
        .collect();
    assert!(
        !verified_with.is_empty(),
        "no signature of {signatures:?} verifies"
    );
    state.got.lock().unwrap().push(Received {
        id,
        body: serde_json::from_slice(&body).unwrap(),
        verified_with,
    });
    let status = StatusCode::from_u16(state.status.load(Ordering::SeqCst)).unwrap();
    let mut response = status.into_response();
    if let Some(after) = state.retry_after.lock().unwrap().clone() {
        response
            .headers_mut()
            .insert("retry-after", after.parse().unwrap());
    }
    response
}

pub fn webhook(name: &str, url: &str, secrets: &[&str], format: Format) -> WebhookConfig {
    WebhookConfig {
        name: name.to_owned(),
        org: Some("contoso".to_owned()),
        url: url.to_owned(),
        secrets: secrets.iter().map(|s| Secret::parse(s).unwrap()).collect(),
        format,
    }
}
