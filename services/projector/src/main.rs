//! `govtrack-projector`: `govtrack projector` alone, over the same [`ProjectorArgs`]
//! (flags and `GOVTRACK_*` variables), so a test can kill -9 a projector process and
//! nothing else.

use clap::Parser;
use govtrack_projector::ProjectorArgs;

/// The projector on its own.
#[derive(Parser)]
#[command(name = "govtrack-projector", version)]
struct Cli {
    #[command(flatten)]
    args: ProjectorArgs,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    govtrack_runtime::init_telemetry("info");
    let args = Cli::parse().args;
    let bus = args.bus().await?;
    govtrack_projector::run(
        args.settings()?,
        bus,
        govtrack_runtime::shutdown_on_signals(),
    )
    .await
}
