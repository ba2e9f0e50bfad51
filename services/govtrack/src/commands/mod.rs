//! One module per command.

mod emit;
mod event_types;
mod import;
mod ingest;

use std::process::ExitCode;

use crate::cli::{Cli, Command};

/// Runs the parsed command.
pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Ingest(args) => ingest::run(args).await,
        Command::Emit(args) => emit::run(args).await,
        Command::Import(args) => import::run(args).await,
        Command::EventTypes(args) => event_types::run(args),
    }
}
