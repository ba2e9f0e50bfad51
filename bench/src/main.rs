//! # govtrack-bench
//!
//! Throughput and latency of govtrack's write path, measured in one run on one machine
//! against a real nats-server (see issue 3, "Benchmark").
//!
//! ```text
//! cargo build --release -p govtrack -p govtrack-bench
//! target/release/govtrack-bench ingest            # or: cargo run --release -p govtrack-bench -- ingest
//! target/release/govtrack-bench ingest --events 400000 --json
//! ```
//!
//! The bench starts its own `nats-server -js` (temporary store, free port) and the
//! `govtrack` binary found next to its own executable as a separate process
//! (`govtrack ingest --nats-url … --http-addr 127.0.0.1:PORT`), waits for `/readyz`,
//! then measures:
//!
//! - (a) the raw JetStream limit: the stored form of real events published straight to
//!   their subjects of `GOVTRACK_EVENTS` with `Nats-Msg-Id`, 2,048 acks in flight;
//! - (b) HTTP batch ingest: 1,000-event `POST /v1/events` from 4 concurrent clients;
//! - (c) HTTP single-event POSTs from 64 concurrent keep-alive clients;
//! - (d) NATS request/reply on `govtrack.ingest.{org}` from 64 concurrent requesters.
//!
//! Events are a weighted mix of a dozen types over six orgs and many entities, every id
//! unique (no de-duplication hits); after each scenario the stream must have grown by
//! exactly the events sent. It prints events/s, p50/p99 latency, each rate as a ratio
//! to (a), the ingest process's peak RSS (`VmHWM`), and PASS/MISS against the targets
//! ((b) >= 0.8x(a); (c), (d) >= 0.4x(a) with p99 < 10 ms; RSS < 64 MiB). `--events N`
//! sets (a) and (b); (c) and (d) send N/4. The bench's own clients share the machine
//! with ingest and nats-server, as tooling on the same host would.

mod cpu;
mod http;
mod http_batch;
mod http_single;
mod ingest_process;
mod measure;
mod nats_request;
mod raw;
mod report;
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

#[tokio::main]
async fn main() -> ExitCode {
    let Command::Ingest(args) = Cli::parse().command;
    let sizes = session::Sizes::from_events(args.events);
    match session::run(sizes, args.govtrack_bin).await {
        Ok(report) if args.json => {
            println!(
                "{}",
                serde_json::to_string_pretty(&report).expect("serialisable")
            );
            ExitCode::SUCCESS
        }
        Ok(report) => {
            print!("{}", report.table());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("govtrack-bench: {e:#}");
            ExitCode::FAILURE
        }
    }
}
