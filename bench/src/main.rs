//! # govtrack-bench
//!
//! Throughput and latency of govtrack, measured in one run on one machine against a
//! real nats-server and the real `govtrack` binary: `ingest` measures the write path
//! (issue 3, "Benchmark"), `read` the read side — raw replay and SQLite limits,
//! projector catch-up, freshness, and read API throughput (see the [`read`] module).
//!
//! ```text
//! cargo build --release -p govtrack -p govtrack-bench
//! target/release/govtrack-bench ingest            # or: cargo run --release -p govtrack-bench -- ingest
//! target/release/govtrack-bench ingest --events 400000 --json
//! target/release/govtrack-bench read              # 1,000,000 events; --events 100000 for a quick run
//! ```
//!
//! `ingest` starts its own `nats-server -js` (temporary store, free port) and the
//! `govtrack` binary found next to its own executable as a separate process
//! (`govtrack ingest --nats-url … --http-addr 127.0.0.1:PORT`), waits for `/readyz`,
//! then measures:
//!
//! - (a) the raw JetStream limit: the stored form of real events published straight to
//!   their subjects of `GOVTRACK_EVENTS` with `Nats-Msg-Id`, 2,048 acks in flight;
//! - (b) HTTP batch ingest: 1,000-event `POST /v1/events` from 4 concurrent clients;
//! - (c) HTTP single-event POSTs from 64 concurrent keep-alive clients;
//! - (d) NATS request/reply on `govtrack.ingest.{org}` from 64 concurrent requesters;
//! - (e) (c) again with an Entra ID access token per client, from a test OpenID
//!   provider in this process, against ingest restarted with `--oidc-issuer` (target:
//!   within 10% of (c)).
//!
//! Events are a weighted mix of a dozen types over six orgs and many entities, every id
//! unique (no de-duplication hits); after each scenario the stream must have grown by
//! exactly the events sent. It prints events/s, p50/p99 latency, each rate as a ratio
//! to (a), the ingest process's peak RSS (`VmHWM`), and PASS/MISS against the targets
//! ((b) >= 0.8x(a); (c), (d) >= 0.4x(a) with p99 < 10 ms; RSS < 64 MiB). `--events N`
//! sets (a) and (b); (c) and (d) send N/4. The bench's own clients share the machine
//! with ingest and nats-server, as tooling on the same host would.
//!
//! Every event is checked as ingest checks it (catalogue, then the maturity model ingest
//! is started with, [`model`]) before any clock starts. A refused request, in a warm-up
//! or a measured phase, fails the run: the bench exits non-zero with the first error
//! (after printing the report when the run got that far). The test command runs both
//! commands on tiny sizes (figures ignored), so that a bench that rots fails the build.

mod cpu;
mod http;
mod http_batch;
mod http_entra;
mod http_single;
mod measure;
mod model;
mod nats_request;
mod raw;
mod read;
mod report;
mod service;
mod session;
mod workload;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

/// Benchmarks of govtrack against a real nats-server.
#[derive(Debug, Parser)]
#[command(name = "govtrack-bench")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Measure ingest: raw JetStream vs HTTP batch, HTTP single and NATS request/reply.
    ///
    /// Example: govtrack-bench ingest --events 200000
    Ingest(IngestArgs),
    /// Measure the read side: raw replay and SQLite limits, projector catch-up,
    /// freshness at 1,000 events/s, and maturity/OKR reads with 32 clients.
    ///
    /// Example: govtrack-bench read --events 100000
    Read(ReadArgs),
}

#[derive(Debug, Args)]
struct IngestArgs {
    /// Events for (a) raw publish and (b) HTTP batches; (c) and (d) send a quarter.
    #[arg(long, default_value_t = 200_000)]
    events: u64,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// The govtrack binary (default: next to this executable).
    #[arg(long)]
    govtrack_bin: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct ReadArgs {
    /// Events in the log that the projector catches up on; a comma-separated list runs
    /// the bench once per size (each run on a fresh log) and compares them.
    #[arg(long, default_value = "1000000", value_delimiter = ',', value_parser = clap::value_parser!(u64).range(1..))]
    events: Vec<u64>,
    /// Organisations the events are spread over.
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u16).range(1..=10_000))]
    orgs: u16,
    /// Seconds of (c), the freshness run at 1,000 events/s.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..))]
    freshness_secs: u64,
    /// Seconds of each (d) run (healthz, maturity, okrs).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    load_secs: u64,
    /// Seconds the projector stays idle after its catch-up and snapshots before the
    /// read model's size is measured (0 for a quick run that skips the wait).
    #[arg(long, default_value_t = 5)]
    idle_secs: u64,
    /// Keep the run's directory (the services' logs, the read model, the NATS store)
    /// instead of deleting it.
    #[arg(long)]
    keep: bool,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// The govtrack binary (default: next to this executable).
    #[arg(long)]
    govtrack_bin: Option<PathBuf>,
}

#[tokio::main]
async fn main() -> ExitCode {
    let outcome = tokio::select! {
        outcome = run(Cli::parse().command) => outcome,
        signal = interrupted() => Err(anyhow::anyhow!("interrupted by {signal}; child processes stopped")),
    };
    match outcome {
        Ok(Rendered {
            output,
            failure: None,
        }) => {
            print!("{output}");
            ExitCode::SUCCESS
        }
        Ok(Rendered {
            output,
            failure: Some(failure),
        }) => {
            print!("{output}");
            eprintln!("govtrack-bench: the run had failures, its figures are not valid: {failure}");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("govtrack-bench: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// A report as printed, and the first failure of its run (which fails the bench: a
/// refused request means the run measured refusals).
struct Rendered {
    output: String,
    failure: Option<String>,
}

/// Runs a command and renders its report (dropping the run kills its children).
async fn run(command: Command) -> anyhow::Result<Rendered> {
    match command {
        Command::Ingest(args) => {
            let sizes = session::Sizes::from_events(args.events);
            let report = session::run(sizes, args.govtrack_bin).await?;
            Ok(Rendered {
                output: render(&report, args.json, |r| r.table())?,
                failure: report.first_failure(),
            })
        }
        Command::Read(args) => {
            let mut runs = Vec::new();
            for events in args.events {
                let settings = read::Settings {
                    events,
                    orgs: usize::from(args.orgs),
                    freshness_secs: args.freshness_secs,
                    load_secs: args.load_secs,
                    idle_secs: args.idle_secs,
                    govtrack_bin: args.govtrack_bin.clone(),
                    keep: args.keep,
                };
                runs.push(read::run(settings).await?);
            }
            let series = read::ReadSeries::new(runs);
            Ok(Rendered {
                output: render(&series, args.json, |r| r.table())?,
                failure: series.first_failure(),
            })
        }
    }
}

fn render<R: serde::Serialize>(
    report: &R,
    json: bool,
    table: impl Fn(&R) -> String,
) -> anyhow::Result<String> {
    if json {
        Ok(serde_json::to_string_pretty(report)? + "\n")
    } else {
        Ok(table(report))
    }
}

/// Resolves on SIGINT or SIGTERM, naming it.
async fn interrupted() -> &'static str {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut int), Ok(mut term)) = (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
    ) else {
        return std::future::pending().await;
    };
    tokio::select! {
        _ = int.recv() => "SIGINT",
        _ = term.recv() => "SIGTERM",
    }
}
