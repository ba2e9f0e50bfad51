//! `govtrack ingest`: the ingest service.

use std::process::ExitCode;

use govtrack_ingest::Settings;

use crate::cli::IngestArgs;

pub async fn run(args: IngestArgs) -> anyhow::Result<ExitCode> {
    let settings = Settings {
        http_addr: args.http_addr,
        nats: args.nats.settings("govtrack-ingest")?,
        stream: args.stream.settings(),
        tokens_file: args.tokens_file,
        body_limit: 1024 * 1024,
        nats_requests: true,
        data_dir: args.data.data_dir,
        models: super::read::models(&args.models)?,
    };
    let shutdown = govtrack_runtime::shutdown_on_signals();
    let app = govtrack_ingest::build(settings).await?;
    app.run(shutdown).await?;
    Ok(ExitCode::SUCCESS)
}
