//! `govtrack ingest`: the ingest service.

use std::process::ExitCode;

use govtrack_ingest::IngestArgs;

pub async fn run(args: IngestArgs) -> anyhow::Result<ExitCode> {
    let settings = args.settings()?;
    let shutdown = govtrack_runtime::shutdown_on_signals();
    let app = govtrack_ingest::build(settings).await?;
    app.run(shutdown).await?;
    Ok(ExitCode::SUCCESS)
}
