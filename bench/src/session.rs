//! One benchmark run: a private nats-server, `govtrack ingest` as a child process,
//! then the four scenarios in order. Each scenario has an untimed warm-up (connections
//! open, caches fill) and is then checked against the stream: the log must have grown
//! by exactly the events sent, or the scenario is marked as failed. A refusal in a
//! warm-up ends the run at once; one in a measured phase is reported in its row, and
//! makes the bench exit non-zero once the report is printed.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use async_nats::jetstream;
use bytes::Bytes;
use govtrack_bus::subjects::EVENTS_STREAM;
use govtrack_bus::{NatsServerProcess, locate_nats_server};

use crate::cpu::CpuClock;
use crate::http::HttpClients;
use crate::measure::Outcome;
use crate::model::ModelChoices;
use crate::report::{Report, Row, Target};
use crate::service::{self, Service};
use crate::workload::{SingleRequest, Workload};
use crate::{http_batch, http_entra, http_single, nats_request, raw};

/// How much each scenario sends.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    /// Events of (a) and (b).
    pub bulk: u64,
    /// Events of (c) and (d) (a quarter of `bulk`: one request per event is slower).
    pub single: u64,
}

impl Sizes {
    /// Sizes scaled from `--events`.
    pub fn from_events(events: u64) -> Sizes {
        Sizes {
            bulk: events.max(1),
            single: (events / 4).max(1),
        }
    }
}

/// Runs every scenario and returns the figures.
pub async fn run(sizes: Sizes, govtrack_bin: Option<PathBuf>) -> anyhow::Result<Report> {
    let load = load_average();
    let binary = service::locate(govtrack_bin)?;
    let dir = tempfile::Builder::new()
        .prefix("govtrack-bench-")
        .tempdir()?;
    let nats = NatsServerProcess::start(&dir.path().join("nats"), None, &[])?;
    let mut ingest = Service::ingest(&binary, &nats.url(), dir.path())?;
    ingest.wait_ready(Duration::from_secs(30)).await?;
    let mut rig = Rig {
        publisher: async_nats::connect(nats.url()).await?,
        requester: async_nats::connect(nats.url()).await?,
        base_url: ingest.base_url().to_owned(),
        workload: Workload::new(ModelChoices::load()?),
        clock: CpuClock::new(ingest.pid(), nats.pid().unwrap_or_default()),
    };
    let log = EventLog::open(&rig.publisher).await?;

    let a = log.checked(rig.raw(sizes.bulk)).await?;
    let base = Row::new("a", "raw JetStream publish", Target::Baseline, &a, None);
    let rate = Some(base.events_per_s);
    let b = log.checked(rig.batches(sizes.bulk)).await?;
    let c = log.checked(rig.singles(sizes.single)).await?;
    let d = log.checked(rig.requests(sizes.single)).await?;
    let rss = ingest.peak_rss_mib()?;
    ingest.stop();
    // (e): the same ingest, its id index kept, restarted to trust a test provider.
    let (provider, oidc_args) = http_entra::provider(dir.path()).await?;
    let mut entra = Service::ingest_with(&binary, &nats.url(), dir.path(), &oidc_args)?;
    entra.wait_ready(Duration::from_secs(30)).await?;
    rig.base_url = entra.base_url().to_owned();
    rig.clock = CpuClock::new(entra.pid(), nats.pid().unwrap_or_default());
    let tokens = http_entra::tokens(&provider, http_single::CLIENTS);
    let e = log.checked(rig.entra_singles(sizes.single, tokens)).await?;
    entra.stop();
    let c_row = Row::new(
        "c",
        "HTTP single x 64 clients",
        Target::RatioAndP99(0.4, 10.0),
        &c,
        rate,
    );
    let e_target = Target::ShareOf {
        share: 0.9,
        scenario: "c",
        its_ratio: c_row.ratio_to_a,
    };
    let rows = vec![
        base,
        Row::new(
            "b",
            "HTTP batch 1000 x 4 clients",
            Target::Ratio(0.8),
            &b,
            rate,
        ),
        c_row,
        Row::new(
            "d",
            "NATS request x 64 requesters",
            Target::RatioAndP99(0.4, 10.0),
            &d,
            rate,
        ),
        Row::new("e", "HTTP single + Entra JWT x 64", e_target, &e, rate),
    ];
    Ok(Report::new(nats_server_version(), load, rows, rss))
}

/// What the scenarios run against.
struct Rig {
    publisher: async_nats::Client,
    requester: async_nats::Client,
    base_url: String,
    workload: Workload,
    clock: CpuClock,
}

/// A scenario's result: the measured phase, and all events it sent (warm-up included).
struct Phase {
    outcome: Outcome,
    sent: u64,
}

impl Rig {
    async fn raw(&self, events: u64) -> anyhow::Result<Phase> {
        progress("a", "raw JetStream publish", events);
        let js = jetstream::new(self.publisher.clone());
        let warm = self.workload.raw("a-warm", raw::WINDOW as u64 * 2)?;
        let measured = self.workload.raw("a", events)?;
        let warm_events = warmed_up("a", raw::run(&js, warm).await)?;
        let before = self.clock.sample()?;
        let outcome = raw::run(&js, measured).await;
        self.finish(outcome, before, warm_events)
    }

    async fn batches(&self, events: u64) -> anyhow::Result<Phase> {
        progress("b", "HTTP batch ingest", events);
        let clients = HttpClients::new(&self.base_url, http_batch::CLIENTS)?;
        let warm_events = http_batch::BATCH * http_batch::CLIENTS as u64;
        let warm = self
            .workload
            .batches("b-warm", warm_events, http_batch::BATCH)?;
        let measured = self.workload.batches("b", events, http_batch::BATCH)?;
        warmed_up("b", http_batch::run(&clients, warm, warm_events).await?)?;
        let before = self.clock.sample()?;
        let outcome = http_batch::run(&clients, measured, events).await?;
        self.finish(outcome, before, warm_events)
    }

    async fn singles(&self, events: u64) -> anyhow::Result<Phase> {
        progress("c", "HTTP single-event ingest", events);
        let clients = HttpClients::new(&self.base_url, http_single::CLIENTS)?;
        self.singles_through("c", &clients, events).await
    }

    async fn entra_singles(&self, events: u64, tokens: Vec<String>) -> anyhow::Result<Phase> {
        progress("e", "HTTP single-event ingest with Entra ID tokens", events);
        let clients = HttpClients::with_bearers(&self.base_url, tokens)?;
        self.singles_through("e", &clients, events).await
    }

    /// Scenario `scenario` of single-event POSTs through `clients`: a warm-up, then
    /// `events` measured.
    async fn singles_through(
        &self,
        scenario: &str,
        clients: &HttpClients,
        events: u64,
    ) -> anyhow::Result<Phase> {
        let warm_events = http_single::CLIENTS as u64 * 4;
        let warm_tag = format!("{scenario}-warm");
        let warm = bodies(self.workload.singles(&warm_tag, warm_events)?);
        let measured = bodies(self.workload.singles(scenario, events)?);
        warmed_up(scenario, http_single::run(clients, warm).await?)?;
        let before = self.clock.sample()?;
        let outcome = http_single::run(clients, measured).await?;
        self.finish(outcome, before, warm_events)
    }

    async fn requests(&self, events: u64) -> anyhow::Result<Phase> {
        progress("d", "NATS request/reply ingest", events);
        let warm_events = nats_request::REQUESTERS as u64 * 4;
        let warm = self.workload.singles("d-warm", warm_events)?;
        let measured = self.workload.singles("d", events)?;
        warmed_up("d", nats_request::run(&self.requester, warm).await?)?;
        let before = self.clock.sample()?;
        let outcome = nats_request::run(&self.requester, measured).await?;
        self.finish(outcome, before, warm_events)
    }

    fn finish(
        &self,
        mut outcome: Outcome,
        cpu_before: crate::cpu::CpuSample,
        warm_events: u64,
    ) -> anyhow::Result<Phase> {
        outcome.cpu = self
            .clock
            .since(cpu_before, outcome.events, outcome.elapsed)?;
        let sent = warm_events + outcome.events;
        Ok(Phase { outcome, sent })
    }
}

/// The events a warm-up sent, or its first refusal: a run whose warm-up is refused
/// would measure refusals.
fn warmed_up(scenario: &str, warm_up: Outcome) -> anyhow::Result<u64> {
    match warm_up.tally.first_error() {
        Some(first) => anyhow::bail!(
            "({scenario}) warm-up: {} of {} requests failed; first: {first}",
            warm_up.tally.errors(),
            warm_up.tally.errors() + warm_up.tally.successes()
        ),
        None => Ok(warm_up.events),
    }
}

fn bodies(requests: Vec<SingleRequest>) -> Vec<Bytes> {
    requests.into_iter().map(|r| r.body).collect()
}

fn progress(scenario: &str, name: &str, events: u64) {
    eprintln!("({scenario}) {name}: {events} events ...");
}

/// The log stream, to prove every event landed exactly once.
struct EventLog {
    stream: jetstream::stream::Stream,
}

impl EventLog {
    async fn open(client: &async_nats::Client) -> anyhow::Result<EventLog> {
        let stream = jetstream::new(client.clone())
            .get_stream(EVENTS_STREAM)
            .await?;
        Ok(EventLog { stream })
    }

    async fn messages(&self) -> anyhow::Result<u64> {
        Ok(self.stream.get_info().await?.state.messages)
    }

    /// Runs `phase` and records a failure unless the stream grew by exactly the
    /// events it sent.
    async fn checked(
        &self,
        phase: impl Future<Output = anyhow::Result<Phase>>,
    ) -> anyhow::Result<Outcome> {
        let before = self.messages().await?;
        let Phase { mut outcome, sent } = phase.await?;
        let grown = self.messages().await? - before;
        if grown != sent {
            outcome.tally.fail(format!(
                "the stream grew by {grown} messages, {sent} were sent"
            ));
        }
        Ok(outcome)
    }
}

pub fn nats_server_version() -> String {
    locate_nats_server()
        .ok()
        .and_then(|bin| Command::new(bin).arg("--version").output().ok())
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "nats-server (version unknown)".to_owned())
}

/// The 1-minute load average before the run: other work on the machine skews figures.
pub fn load_average() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next()?.parse().ok())
        .unwrap_or(f64::NAN)
}
