//! The `govtrack` binary: parses the command line and hands over to a command.

mod alert_source;
mod cli;
mod client;
mod commands;
mod demo;
mod nats_args;

use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = cli::Cli::parse();
    govtrack_runtime::init_telemetry(cli.default_log_filter());
    match commands::run(cli).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
