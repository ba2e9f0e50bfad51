//! `govtrack-api`: the read API on its own, configured by environment variables
//! (`GOVTRACK_DATA_DIR`, `GOVTRACK_HTTP_ADDR`, `GOVTRACK_MODEL`,
//! `GOVTRACK_TOKENS_FILE`). The `govtrack` CLI offers the same as `govtrack api`.

use anyhow::Context;
use govtrack_api::{Models, Settings, load_model};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    govtrack_runtime::init_telemetry("info");
    let shutdown = govtrack_runtime::shutdown_on_signals();
    let env = |name: &str| std::env::var(name).ok();
    let mut settings = Settings::new(env("GOVTRACK_DATA_DIR").unwrap_or_else(|| "data".to_owned()));
    if let Some(addr) = env("GOVTRACK_HTTP_ADDR") {
        settings.http_addr = addr.parse().context("GOVTRACK_HTTP_ADDR")?;
    }
    if let Some(spec) = env("GOVTRACK_MODEL") {
        settings.models = Models::new(load_model(&spec)?);
    }
    settings.tokens_file = env("GOVTRACK_TOKENS_FILE").map(Into::into);
    govtrack_api::run(settings, shutdown).await
}
