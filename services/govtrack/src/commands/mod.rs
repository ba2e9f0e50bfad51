//! One module per command.

mod demo;
mod emit;
mod event_types;
mod feeds;
mod import;
mod ingest;
mod mcp;
mod model;
mod projector;
mod read;
mod scheduler;
mod table;
mod template;
mod up;

use std::process::ExitCode;

use crate::cli::{Cli, Command};

/// Runs the parsed command.
pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Ingest(args) => ingest::run(args).await,
        Command::Emit(args) => emit::run(args).await,
        Command::Import(args) => import::run(args).await,
        Command::EventTypes(args) => event_types::run(args),
        Command::Up(args) => up::run(*args).await,
        Command::Demo(args) => demo::run(args).await,
        Command::Projector(args) => projector::run(args).await,
        Command::Api(args) => read::serve_api(args).await,
        Command::Scheduler(args) => scheduler::run(args).await,
        Command::Alerts(args) => scheduler::alerts(args).await,
        Command::Silence(args) => scheduler::silence(args).await,
        Command::Inventory(args) => feeds::inventory(args).await,
        Command::Source(args) => feeds::source(args).await,
        Command::Status(args) => read::status(args).await,
        Command::Okrs(args) => read::okrs(args).await,
        Command::Initiatives(args) => read::initiatives(args).await,
        Command::Events(args) => read::events(args).await,
        Command::Mcp(args) => mcp::run(args).await,
        Command::Model(args) => model::run(args),
        Command::Template(args) => template::run(args).await,
    }
}
