//! Services that start together, as systemd or compose start them: ingest, the
//! projector, the api and the scheduler against one fresh nats-server, each through
//! the entry point its `main` uses and with a connection of its own, released at the
//! same instant. Each provisions the log's streams; whichever loses that race must
//! still start. Then one event goes in through ingest and comes out of the api, so a
//! start that "succeeded" on a broken log fails too.

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use govtrack_bus::streams::StreamSettings;
use govtrack_bus::{Bus, NatsSettings};
use govtrack_testkit::TestNats;
use serde_json::json;
use tokio::sync::Barrier;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// Fresh servers, one start of the four services each.
const ROUNDS: usize = 20;
/// The services released together.
const SERVICES: usize = 4;

type Running = JoinHandle<anyhow::Result<()>>;

/// What a service's start gives: its task, and where it listens when it does.
struct Started {
    task: Running,
    addr: Option<SocketAddr>,
}

impl Started {
    /// A service that listens nowhere.
    fn unlistening(task: Running) -> Started {
        Started { task, addr: None }
    }
}

/// Connects as `name` and provisions the streams, as each service's `bus()` does.
async fn bus(url: &str, name: &str) -> anyhow::Result<Bus> {
    let client = govtrack_bus::connect(&NatsSettings::new(url, name)).await?;
    Ok(Bus::new(client, &StreamSettings::default()).await?)
}

async fn ingest(url: String, dir: PathBuf, stop: CancellationToken) -> anyhow::Result<Started> {
    let mut settings = govtrack_ingest::Settings::local(&url, &dir);
    settings.http_addr = "127.0.0.1:0".parse()?;
    let app = govtrack_ingest::build(settings).await?;
    let addr = Some(app.local_addr());
    Ok(Started {
        task: tokio::spawn(app.run(stop)),
        addr,
    })
}

async fn projector(url: String, dir: PathBuf, stop: CancellationToken) -> anyhow::Result<Started> {
    let bus = bus(&url, "govtrack-projector").await?;
    let settings = govtrack_projector::Settings::new(dir);
    let task = tokio::spawn(govtrack_projector::run(settings, bus, stop));
    Ok(Started::unlistening(task))
}

async fn scheduler(url: String, dir: PathBuf, stop: CancellationToken) -> anyhow::Result<Started> {
    let bus = bus(&url, "govtrack-scheduler").await?;
    let settings = govtrack_scheduler::Settings::new(dir);
    let task = tokio::spawn(govtrack_scheduler::run(settings, bus, stop));
    Ok(Started::unlistening(task))
}

async fn api(dir: PathBuf, stop: CancellationToken) -> anyhow::Result<Started> {
    let mut settings = govtrack_api::Settings::new(dir);
    settings.http_addr = "127.0.0.1:0".parse()?;
    let app = govtrack_api::App::build(&settings).await?;
    let addr = Some(app.local_addr()?);
    Ok(Started {
        task: tokio::spawn(app.run(stop)),
        addr,
    })
}

/// Spawns `start`, held until every service's start reaches the gate.
fn at_the_gate<F>(gate: &Arc<Barrier>, start: F) -> JoinHandle<anyhow::Result<Started>>
where
    F: Future<Output = anyhow::Result<Started>> + Send + 'static,
{
    let gate = gate.clone();
    tokio::spawn(async move {
        gate.wait().await;
        start.await
    })
}

/// Starts the four services at one instant; each start's outcome by name. The
/// projector and the api share the read model's directory.
async fn start_together(
    nats: &TestNats,
    data: &std::path::Path,
    stop: &CancellationToken,
) -> Vec<(&'static str, anyhow::Result<Started>)> {
    let gate = Arc::new(Barrier::new(SERVICES));
    let (url, read_side) = (nats.url(), data.join("read-side"));
    let starts = [
        (
            "ingest",
            at_the_gate(
                &gate,
                ingest(url.clone(), data.join("ingest"), stop.clone()),
            ),
        ),
        (
            "projector",
            at_the_gate(
                &gate,
                projector(url.clone(), read_side.clone(), stop.clone()),
            ),
        ),
        ("api", at_the_gate(&gate, api(read_side, stop.clone()))),
        (
            "scheduler",
            at_the_gate(&gate, scheduler(url, data.join("scheduler"), stop.clone())),
        ),
    ];
    let mut outcomes = Vec::new();
    for (name, start) in starts {
        outcomes.push((name, start.await.expect("start task")));
    }
    outcomes
}

/// Posts one event to ingest and waits until the api serves its organisation.
async fn event_goes_through(
    http: &reqwest::Client,
    ingest: SocketAddr,
    api: SocketAddr,
) -> anyhow::Result<()> {
    let event = json!({"id": "start-together-1", "type": "sponsor.named", "org": "contoso",
                       "data": {"sponsor": "s1", "name": "Ada Lovelace", "formal": true}});
    let response = http
        .post(format!("http://{ingest}/v1/events"))
        .json(&event)
        .send()
        .await?;
    anyhow::ensure!(
        response.status().is_success(),
        "ingest answered {}: {}",
        response.status(),
        response.text().await?
    );
    let started = Instant::now();
    loop {
        let response = http
            .get(format!("http://{api}/v1/orgs/contoso/events"))
            .send()
            .await?;
        if response.status().is_success() {
            return Ok(());
        }
        anyhow::ensure!(
            started.elapsed() < Duration::from_secs(30),
            "the api never served the event (last answer {})",
            response.status()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ingest_projector_api_and_scheduler_started_at_the_same_instant_all_start_twenty_times_in_a_row()
 {
    let http = govtrack_runtime::http_client();
    for round in 1..=ROUNDS {
        let nats = TestNats::start();
        let data = tempfile::tempdir().unwrap();
        let stop = CancellationToken::new();
        let outcomes = start_together(&nats, data.path(), &stop).await;
        let mut failed = Vec::new();
        let mut started = Vec::new();
        for (name, outcome) in outcomes {
            match outcome {
                Ok(s) => started.push((name, s)),
                Err(e) => failed.push(format!("{name}: {e:#}")),
            }
        }
        assert!(failed.is_empty(), "round {round}: {failed:#?}");
        let addr = |wanted: &str| {
            (started.iter())
                .find(|(name, _)| *name == wanted)
                .and_then(|(_, s)| s.addr)
                .unwrap()
        };
        event_goes_through(&http, addr("ingest"), addr("api"))
            .await
            .with_context(|| format!("round {round}"))
            .unwrap();
        stop.cancel();
        for (name, s) in started {
            let ended = tokio::time::timeout(Duration::from_secs(30), s.task).await;
            let ended = ended.unwrap_or_else(|_| panic!("round {round}: {name} did not stop"));
            ended
                .unwrap()
                .unwrap_or_else(|e| panic!("round {round}: {name} failed: {e:#}"));
        }
    }
}
