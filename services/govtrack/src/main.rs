//! The `govtrack` binary: parses the command line and hands over to a command.

mod cli;
mod client;
mod commands;
mod demo;

use clap::Parser;

/// mimalloc: under ingest load glibc's malloc/free took about 40% of the CPU.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = cli::Cli::parse();
    govtrack_runtime::init_telemetry(cli.default_log_filter());
    govtrack_runtime::warn_unknown_env(&cli::known_env());
    match commands::run(cli).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
