//! Real parts for the projector's tests: a nats-server, the log, a data directory.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeDelta, Utc};
use govtrack_bus::Bus;
use govtrack_bus::streams::StreamSettings;
use govtrack_events::{Event, EventType};
use govtrack_projector::Settings;
use govtrack_readmodel::{self as store, ReadModelDir};
use govtrack_testkit::TestNats;
use tempfile::TempDir;

pub struct Harness {
    pub nats: TestNats,
    pub bus: Bus,
    pub data: TempDir,
}

impl Harness {
    pub async fn start() -> Harness {
        Self::start_with(StreamSettings::default()).await
    }

    pub async fn start_with(stream: StreamSettings) -> Harness {
        let nats = TestNats::start();
        let bus = nats.bus("projector-test", &stream).await;
        let data = govtrack_testkit::temp_dir("govtrack-projector-");
        Harness { nats, bus, data }
    }

    pub fn settings(&self) -> Settings {
        Settings::new(self.data.path())
    }

    pub fn read_model(&self) -> ReadModelDir {
        ReadModelDir::under(self.data.path())
    }

    pub async fn append_all(&self, events: &[Event]) -> u64 {
        let mut last = 0;
        for chunk in events.chunks(500) {
            for result in self.bus.append_batch(chunk, Utc::now()).await {
                last = last.max(result.unwrap().sequence);
            }
        }
        last
    }

    /// Waits until the live read model has applied `sequence`.
    pub async fn wait_for(&self, sequence: u64) {
        wait_for_read_model(self.data.path(), sequence).await
    }

    /// Every table of the live read model.
    pub fn dump(&self) -> Vec<(String, Vec<String>)> {
        dump_current(self.data.path())
    }
}

pub fn current_path(data_dir: &Path) -> Option<PathBuf> {
    ReadModelDir::under(data_dir)
        .current()
        .unwrap()
        .map(|g| g.path)
}

pub use govtrack_testkit::{read_model_checkpoint, wait_for_read_model};

pub fn dump_current(data_dir: &Path) -> Vec<(String, Vec<String>)> {
    let conn = store::open_reader(&current_path(data_dir).unwrap()).unwrap();
    store::dump(&conn).unwrap()
}

pub fn base_time() -> DateTime<Utc> {
    "2026-01-01T00:00:00Z".parse().unwrap()
}

/// An event of `event_type` in `org` with its documented example data and id `id`.
pub fn event(id: &str, org: &str, event_type: EventType, occurred_at: DateTime<Utc>) -> Event {
    govtrack_testkit::example_event(id, org, event_type, occurred_at, None)
}

/// `count` events of every type, spread over `orgs` organisations and a year.
pub fn mixed_events(prefix: &str, count: usize, orgs: usize) -> Vec<Event> {
    (0..count)
        .map(|n| {
            let event_type = EventType::ALL[n % EventType::ALL.len()];
            let org = format!("org-{}", (n / 7) % orgs);
            let at = base_time() + TimeDelta::minutes(n as i64 * 13);
            event(&format!("{prefix}-{n}"), &org, event_type, at)
        })
        .collect()
}

/// Runs the projector in this process until the returned token is cancelled.
pub fn spawn_projector(
    settings: Settings,
    bus: Bus,
) -> (
    tokio_util::sync::CancellationToken,
    tokio::task::JoinHandle<anyhow::Result<()>>,
) {
    let shutdown = tokio_util::sync::CancellationToken::new();
    let task = tokio::spawn(govtrack_projector::run(settings, bus, shutdown.clone()));
    (shutdown, task)
}

/// Like [`spawn_projector`], also handing out the projector's metrics.
pub fn spawn_with_metrics(
    settings: Settings,
    bus: Bus,
) -> (
    tokio_util::sync::CancellationToken,
    tokio::task::JoinHandle<anyhow::Result<()>>,
    govtrack_projector::ProjectorMetrics,
) {
    let shutdown = tokio_util::sync::CancellationToken::new();
    let projector = govtrack_projector::Projector::build(settings).unwrap();
    let metrics = projector.metrics();
    let task = tokio::spawn(projector.run(bus, shutdown.clone()));
    (shutdown, task, metrics)
}
