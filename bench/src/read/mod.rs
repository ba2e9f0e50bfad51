//! `govtrack-bench read`: the read side, measured in one run on one machine against a
//! real nats-server and the real `govtrack` binary, each service its own process.
//!
//! ```text
//! cargo build --release -p govtrack -p govtrack-bench
//! target/release/govtrack-bench read                  # 1,000,000 events, about 3 minutes
//! target/release/govtrack-bench read --events 100000 --json
//! target/release/govtrack-bench read --events 100000,1000000   # and how costs grow
//! ```
//!
//! The bench starts `nats-server -js` (temporary store, free port), fills
//! `GOVTRACK_EVENTS` with `--events` realistic events over `--orgs` organisations
//! ([`workload`]: every type of the catalogue, unique ids, references that hold
//! together; [`fill`]), then measures, in order:
//!
//! - (a1) the raw read limit of the log: an ordered consumer replaying the whole stream
//!   ([`raw_replay`]);
//! - (a2) the raw write limit of SQLite: the same events as rows of the projector's
//!   `events` table, batched inserts in WAL mode ([`raw_sqlite`]);
//! - (a3) the raw write limit of the rows the projector actually writes: the timeline
//!   row with its unique id, the one row its change touches, the organisation's count
//!   ([`raw_lean`]);
//! - (b) projector catch-up: `govtrack projector` on an empty data directory, from spawn
//!   until its checkpoint reaches the last sequence ([`catchup`]); target
//!   ≥ 0.7 × min(a1, a3); plus its peak RSS (`VmHWM`, read at the end of the run; target
//!   < 200 MiB), the read model's size right after; then the wait until the idle
//!   projector has written every maturity snapshot ([`snapshots`]: their count, bytes
//!   and time), and the size once it has been idle for `--idle-secs` more (5 s; target ≤ 300 MiB per
//!   million events) with each table's and index's share ([`sizes`]);
//! - (c) freshness: with `govtrack ingest` and `govtrack api` started too, events posted
//!   to ingest at 1,000/s for `--freshness-secs`, and the time from each sampled
//!   acknowledgement to the event's visibility through the api ([`freshness`] explains
//!   the method); target p99 < 50 ms;
//! - (d) 32 keep-alive clients on `GET /healthz` (the raw HTTP limit of the same api
//!   process), then `GET /v1/orgs/{org}/maturity` and `GET /v1/orgs/{org}/okrs` over
//!   every seeded organisation for `--load-secs` each ([`api_load`]); target
//!   ≥ 5,000 requests/s with p99 < 10 ms. Each starts with a first pass over every
//!   organisation with cold caches; (d1)'s is the cold first view (target p99 < 50 ms),
//!   which the snapshots serve.
//!   The api's peak RSS is read at the end (target ≤ 256 MiB).
//!
//! With several `--events` sizes the runs are compared: catch-up cost per event at the
//! largest over the smallest (target ≤ 1.3) and the api's peak RSS (target ≤ 1.5).
//!
//! Every phase also records the CPU each process spent per event or request
//! ([`cpu_meter`]), which is where a miss is explained. The bench's own clients share the
//! two cores with the services, as tooling on the same host would. Children are killed
//! when the run ends, fails or is interrupted.
//!
//! Every event of the history and of (c) is checked against the catalogue and the
//! maturity model the services run with before it is sent ([`crate::model`]). A failure
//! anywhere (a refused request, an event the projector did not apply, a sample never
//! seen) fails the run: the report is printed, then the bench exits non-zero with the
//! first failure. The test command runs a tiny run (`--events 2000 --orgs 2
//! --freshness-secs 1 --load-secs 1 --idle-secs 0`, figures ignored) so that a bench
//! that no longer runs fails the build.

mod api_load;
mod catchup;
mod cpu_meter;
mod db_files;
mod fill;
mod freshness;
mod http_conn;
mod raw_lean;
mod raw_replay;
mod raw_sqlite;
mod report;
mod sizes;
mod snapshots;
mod workload;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::Utc;
use govtrack_bus::NatsServerProcess;
use govtrack_events::EventType;

use crate::model::ModelChoices;
use crate::report::Verdict;
use crate::service::{self, Service};
use crate::session::{load_average, nats_server_version};
use api_load::LoadClients;
use cpu_meter::CpuMeter;
use db_files::remove_database;
pub use report::ReadSeries;
use report::{ColdPass, FreshnessFacts, HistoryFacts, Line, RSS_TARGET_MIB, ReadReport};
use workload::History;

/// What to run.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Events in the log.
    pub events: u64,
    /// Organisations they are spread over.
    pub orgs: usize,
    /// Length of (c).
    pub freshness_secs: u64,
    /// Length of each of the (d) runs.
    pub load_secs: u64,
    /// How long the projector stays idle after its catch-up (and its snapshots)
    /// before the read model is measured on disk.
    pub idle_secs: u64,
    /// The govtrack binary (default: next to the bench).
    pub govtrack_bin: Option<PathBuf>,
    /// Keep the run's directory (services' logs, read model, NATS store).
    pub keep: bool,
}

/// Untimed run before each (d) run, after the cold pass.
const LOAD_WARMUP: Duration = Duration::from_secs(1);
/// Requests/s (d1) and (d2) should reach.
const RPS_TARGET: f64 = 5000.0;
/// p99 (ms) (d1) and (d2) should stay under.
const LOAD_P99_TARGET_MS: f64 = 10.0;
/// p99 (ms) of (c).
const FRESHNESS_P99_TARGET_MS: f64 = 50.0;
/// Share of min(a1, a3) that (b) should reach.
const CATCHUP_RATIO_TARGET: f64 = 0.7;
/// How long a service may take to answer `/readyz`.
const READY_WITHIN: Duration = Duration::from_secs(60);

/// Runs every phase and returns the figures.
pub async fn run(settings: Settings) -> anyhow::Result<ReadReport> {
    let load_average_at_start = load_average();
    let binary = service::locate(settings.govtrack_bin.clone())?;
    let mut dir = tempfile::Builder::new()
        .prefix("govtrack-bench-read-")
        .tempdir()
        .context("while creating the run's directory")?;
    if settings.keep {
        dir.disable_cleanup(true);
        progress(format!(
            "keeping the run's directory {}",
            dir.path().display()
        ));
    }
    let nats = NatsServerProcess::start(&dir.path().join("nats"), None, &[])?;
    let mut meter = CpuMeter::new();
    meter.watch("nats-server", nats.pid().unwrap_or_default());
    let mut rig = Rig {
        client: async_nats::connect(nats.url())
            .await
            .context("while connecting to nats-server")?,
        nats_url: nats.url(),
        binary,
        dir: dir.path().to_owned(),
        meter,
        history: Arc::new(History::new(
            settings.events,
            settings.orgs,
            Utc::now(),
            ModelChoices::load()?,
        )),
        settings,
    };
    let report = rig.measure(load_average_at_start).await;
    drop(nats);
    report
}

/// What the phases share.
struct Rig {
    client: async_nats::Client,
    nats_url: String,
    binary: PathBuf,
    dir: PathBuf,
    meter: CpuMeter,
    history: Arc<History>,
    settings: Settings,
}

/// The projector of (b), and when it was spawned.
struct Started {
    projector: Service,
    spawned: Instant,
}

/// The services of (b) to (d), stopped cleanly at the end (killed on any error).
struct Services {
    projector: Service,
    api: Service,
    ingest: Service,
}

impl Rig {
    async fn measure(&mut self, load_average_at_start: f64) -> anyhow::Result<ReadReport> {
        let events = self.settings.events;
        progress(format!(
            "filling the log with {events} events over {} orgs ...",
            self.settings.orgs
        ));
        let filled = fill::run(&self.client, self.history.clone(), events).await?;
        let (a1, log_bytes) = self.raw_replay(filled.last_sequence).await?;
        let (a2, raw_bytes) = self.raw_sqlite().await?;
        let (a3, lean_bytes) = self.raw_lean().await?;
        let mut started = self.start_projector()?;
        let raw_limit = a1.rate_per_s.min(a3.rate_per_s);
        let (b, read_model_bytes) = self
            .catchup(&mut started, filled.last_sequence, raw_limit)
            .await?;
        progress("maturity snapshots: waiting until the projector has none pending ...");
        let snapshots = snapshots::wait(&mut started.projector, &self.data_dir()).await?;
        progress(format!(
            "{} maturity snapshots ({:.1} MiB) written in {:.1} s",
            snapshots.count,
            snapshots.bytes as f64 / 1_048_576.0,
            snapshots.seconds
        ));
        let idle = Duration::from_secs(self.settings.idle_secs);
        progress(format!(
            "read model size after {} s idle ...",
            idle.as_secs()
        ));
        tokio::time::sleep(idle).await;
        let idle_bytes = catchup::read_model_bytes(&self.data_dir())?;
        let tables = sizes::tables(&self.data_dir())?;
        let mut services = self.start_readers(started.projector).await?;
        let (c, freshness) = self.freshness(&services).await?;
        let (d, cold_passes) = self.api_load(&services.api).await?;
        let projector_peak_rss_mib = services.projector.peak_rss_mib()?;
        let api_peak_rss_mib = services.api.peak_rss_mib()?;
        services.stop();
        let mut scenarios = vec![a1, a2, a3, b, c];
        scenarios.extend(d);
        let per_million = |bytes: u64| bytes as f64 / 1_048_576.0 / events as f64 * 1e6;
        Ok(ReadReport {
            cpus: crate::cpu::cpu_count(),
            nats_server: nats_server_version(),
            load_average_at_start,
            history: HistoryFacts {
                events,
                orgs: self.history.orgs().len(),
                event_types: EventType::ALL.len(),
                fill_seconds: filled.elapsed.as_secs_f64(),
                fill_events_per_s: events as f64 / filled.elapsed.as_secs_f64(),
                mean_stored_event_bytes: log_bytes as f64 / events as f64,
            },
            scenarios,
            freshness,
            projector_peak_rss_mib,
            rss_target_mib: RSS_TARGET_MIB,
            rss_verdict: Verdict::met(projector_peak_rss_mib < RSS_TARGET_MIB),
            api_peak_rss_mib,
            cold_passes,
            read_model_bytes,
            read_model_mib_per_million_events: per_million(read_model_bytes),
            raw_sqlite_mib_per_million_events: per_million(raw_bytes),
            raw_lean_mib_per_million_events: per_million(lean_bytes),
            idle_seconds: self.settings.idle_secs,
            idle_read_model_bytes: idle_bytes,
            idle_mib_per_million_events: per_million(idle_bytes),
            idle_verdict: Verdict::met(per_million(idle_bytes) <= report::SIZE_TARGET_MIB),
            tables,
            snapshots,
            api_rss_verdict: Verdict::met(api_peak_rss_mib <= report::API_RSS_TARGET_MIB),
        })
    }

    /// (a1), and the payload bytes of the log.
    async fn raw_replay(&self, last_sequence: u64) -> anyhow::Result<(Line, u64)> {
        progress("(a1) raw ordered-consumer replay ...");
        let before = self.meter.sample();
        let replayed = raw_replay::run(&self.client, last_sequence).await?;
        let cpu = self
            .meter
            .since(&before, replayed.messages, replayed.elapsed);
        let line = Line::new(
            "a1",
            "raw ordered-consumer replay",
            "events",
            replayed.messages,
            replayed.elapsed.as_secs_f64(),
        )
        .cpu(cpu);
        Ok((line, replayed.bytes))
    }

    /// (a2), and the size of its table per the same events.
    async fn raw_sqlite(&self) -> anyhow::Result<(Line, u64)> {
        progress(format!(
            "(a2) raw SQLite batched insert ({} rows per transaction) ...",
            raw_sqlite::BATCH
        ));
        let scenario = ("a2", "raw SQLite batched insert");
        self.raw_insert(scenario, "raw-sqlite.db", raw_sqlite::run)
            .await
    }

    /// (a3), and the size of its tables per the same events.
    async fn raw_lean(&self) -> anyhow::Result<(Line, u64)> {
        progress("(a3) raw SQLite insert of the rows the projector writes ...");
        let scenario = ("a3", "raw SQLite insert of the projector's rows");
        self.raw_insert(scenario, "raw-lean.db", raw_lean::run)
            .await
    }

    /// Scenario `(id, name)`: `insert` writes the run's events into a new database
    /// `file` of the run's directory, deleted afterwards; its line, and the bytes it
    /// took.
    async fn raw_insert(
        &self,
        (id, name): (&'static str, &'static str),
        file: &str,
        insert: fn(&History, u64, &std::path::Path) -> anyhow::Result<raw_sqlite::Inserted>,
    ) -> anyhow::Result<(Line, u64)> {
        let (history, events) = (self.history.clone(), self.settings.events);
        let path = self.dir.join(file);
        let at = path.clone();
        let inserted = tokio::task::spawn_blocking(move || insert(&history, events, &at))
            .await
            .context("the SQLite insert task died")??;
        remove_database(&path);
        let seconds = inserted.elapsed.as_secs_f64();
        let line = Line::new(id, name, "events", inserted.rows, seconds);
        Ok((line, inserted.bytes))
    }

    fn start_projector(&mut self) -> anyhow::Result<Started> {
        progress("(b) projector catch-up from an empty read model ...");
        let spawned = Instant::now();
        let projector =
            Service::projector(&self.binary, &self.nats_url, &self.data_dir(), &self.dir)?;
        self.meter.watch("projector", projector.pid());
        Ok(Started { projector, spawned })
    }

    /// (b), and the read model's size once caught up.
    async fn catchup(
        &self,
        started: &mut Started,
        last_sequence: u64,
        raw_limit: f64,
    ) -> anyhow::Result<(Line, u64)> {
        let before = self.meter.sample();
        let caught = catchup::wait(&mut started.projector, last_sequence, started.spawned).await?;
        let events = self.settings.events;
        let cpu = self.meter.since(&before, events, caught.elapsed);
        let mut line = Line::new(
            "b",
            "projector catch-up",
            "events",
            events,
            caught.elapsed.as_secs_f64(),
        )
        .cpu(cpu);
        line.ratio = Some(line.rate_per_s / raw_limit);
        let met = line.rate_per_s >= CATCHUP_RATIO_TARGET * raw_limit;
        line = line.judged(format!(">= {CATCHUP_RATIO_TARGET} x min(a1, a3)"), met);
        if caught.applied != events || caught.duplicates + caught.dead_letters > 0 {
            line = line.failed(format!(
                "applied {} of {events} events ({} duplicates, {} dead letters)",
                caught.applied, caught.duplicates, caught.dead_letters
            ));
        }
        let bytes = catchup::read_model_bytes(&self.data_dir())?;
        Ok((line, bytes))
    }

    /// Starts the api over the caught-up read model, and ingest.
    async fn start_readers(&mut self, projector: Service) -> anyhow::Result<Services> {
        let mut api = Service::api(&self.binary, &self.data_dir(), &self.dir)?;
        self.meter.watch("api", api.pid());
        let mut ingest = Service::ingest(&self.binary, &self.nats_url, &self.dir)?;
        self.meter.watch("ingest", ingest.pid());
        api.wait_ready(READY_WITHIN).await?;
        ingest.wait_ready(READY_WITHIN).await?;
        Ok(Services {
            projector,
            api,
            ingest,
        })
    }

    async fn freshness(&self, services: &Services) -> anyhow::Result<(Line, FreshnessFacts)> {
        let secs = self.settings.freshness_secs.max(1);
        progress(format!(
            "(c) freshness at {} events/s for {secs} s ...",
            freshness::RATE
        ));
        let (ingest, api) = (services.ingest.base_url(), services.api.base_url());
        let warm = freshness::prepare(&self.history, "c-warm", 1)?;
        let warmed = freshness::run(ingest, api, warm).await?;
        clean_warm_up("c", &warmed.acks)?;
        clean_warm_up("c", &warmed.visibility)?;
        let events = freshness::prepare(&self.history, "c", secs)?;
        let (before, started) = (self.meter.sample(), Instant::now());
        let fresh = freshness::run(ingest, api, events).await?;
        let cpu = self.meter.since(&before, fresh.sent, started.elapsed());
        let p99 = fresh.visibility.quantile_ms(0.99);
        let line = Line::new(
            "c",
            format!("freshness at {} events/s", freshness::RATE),
            "events",
            fresh.sent,
            fresh.send_elapsed.as_secs_f64(),
        )
        .cpu(cpu)
        .latencies(&fresh.visibility)
        .latencies_failures(&fresh.acks);
        let met = fresh.visibility.successes() > 0 && p99 < FRESHNESS_P99_TARGET_MS;
        let line = line.judged(format!("p99 < {FRESHNESS_P99_TARGET_MS} ms"), met);
        let facts = FreshnessFacts {
            samples: fresh.visibility.successes(),
            sample_every: freshness::SAMPLE_EVERY,
            probe_interval_ms: freshness::PROBE_INTERVAL.as_secs_f64() * 1000.0,
            probes_per_s: fresh.probes.successes() as f64 / started.elapsed().as_secs_f64(),
            probe_p50_ms: fresh.probes.quantile_ms(0.5),
            ack_p50_ms: fresh.acks.quantile_ms(0.5),
            ack_p99_ms: fresh.acks.quantile_ms(0.99),
            slow_samples: fresh.slow,
        };
        Ok((line, facts))
    }

    /// (d0) to (d2), and each one's cold first pass.
    async fn api_load(&self, api: &Service) -> anyhow::Result<(Vec<Line>, Vec<ColdPass>)> {
        let mut clients = LoadClients::new(api.base_url())?;
        let per_org = |suffix: &str| -> Vec<String> {
            let orgs = self.history.orgs();
            orgs.iter()
                .map(|o| format!("/v1/orgs/{o}/{suffix}"))
                .collect()
        };
        let runs = [
            ("d0", "GET /healthz", vec!["/healthz".to_owned()]),
            ("d1", "GET /v1/orgs/{org}/maturity", per_org("maturity")),
            ("d2", "GET /v1/orgs/{org}/okrs", per_org("okrs")),
        ];
        let (mut lines, mut passes): (Vec<Line>, Vec<ColdPass>) = (Vec::new(), Vec::new());
        for (scenario, name, paths) in runs {
            let name = format!("{name} x {}", api_load::CLIENTS);
            progress(format!(
                "({scenario}) {name} for {} s ...",
                self.settings.load_secs
            ));
            let cold = clients.pass(&paths).await?;
            clean_warm_up(scenario, &clients.run(&paths, LOAD_WARMUP).await?.tally)?;
            let before = self.meter.sample();
            let load = clients
                .run(&paths, Duration::from_secs(self.settings.load_secs.max(1)))
                .await?;
            let cpu = self.meter.since(&before, load.requests, load.elapsed);
            let mut line = Line::new(
                scenario,
                name,
                "requests",
                load.requests,
                load.elapsed.as_secs_f64(),
            )
            .cpu(cpu)
            .latencies(&load.tally)
            .latencies_failures(&cold.tally);
            if let Some(healthz) = lines.first() {
                line.ratio = Some(line.rate_per_s / healthz.rate_per_s);
                let p99 = line.p99_ms.unwrap_or(f64::INFINITY);
                let met = line.rate_per_s >= RPS_TARGET && p99 < LOAD_P99_TARGET_MS;
                line = line.judged(
                    format!(">= {RPS_TARGET}/s, p99 < {LOAD_P99_TARGET_MS} ms"),
                    met,
                );
                passes.push(ColdPass::new(scenario, &cold));
            } else if line.errors > 0 {
                line.verdict = Verdict::Miss;
            }
            lines.push(line);
        }
        Ok((lines, passes))
    }

    fn data_dir(&self) -> PathBuf {
        self.dir.join("data")
    }
}

impl Services {
    /// Stops each as an operator would (SIGTERM).
    fn stop(&mut self) {
        self.ingest.stop();
        self.api.stop();
        self.projector.stop();
    }
}

/// Fails on a warm-up's first failure: a run whose warm-up is refused would measure
/// refusals.
fn clean_warm_up(scenario: &str, tally: &crate::measure::Tally) -> anyhow::Result<()> {
    match tally.first_error() {
        Some(first) => anyhow::bail!(
            "({scenario}) warm-up: {} failures; first: {first}",
            tally.errors()
        ),
        None => Ok(()),
    }
}

fn progress(message: impl std::fmt::Display) {
    eprintln!("{message}");
}
