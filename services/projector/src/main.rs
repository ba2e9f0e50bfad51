//! `govtrack-projector`: the projector on its own, configured by environment variables
//! (`GOVTRACK_NATS_URL`, `GOVTRACK_DATA_DIR`, optional `GOVTRACK_HTTP_ADDR`, and
//! `GOVTRACK_PROJECTOR_MODE=rebuild` to rebuild once and exit). The `govtrack` CLI
//! offers the same as `govtrack projector [rebuild]`.

use anyhow::Context;
use govtrack_bus::streams::StreamSettings;
use govtrack_bus::{Bus, NatsSettings};
use govtrack_projector::Settings;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    govtrack_runtime::init_telemetry("info");
    let shutdown = govtrack_runtime::shutdown_on_signals();
    let env = |name: &str| std::env::var(name).ok();
    let url = env("GOVTRACK_NATS_URL").unwrap_or_else(|| "nats://127.0.0.1:4222".to_owned());
    let mut settings = Settings::new(env("GOVTRACK_DATA_DIR").unwrap_or_else(|| "data".to_owned()));
    settings.http_addr = env("GOVTRACK_HTTP_ADDR")
        .map(|a| a.parse())
        .transpose()
        .context("GOVTRACK_HTTP_ADDR")?;
    let client = govtrack_bus::connect(&NatsSettings::new(url, "govtrack-projector")).await?;
    let bus = Bus::new(client, &StreamSettings::default()).await?;
    if env("GOVTRACK_PROJECTOR_MODE").as_deref() == Some("rebuild") {
        let report = govtrack_projector::rebuild(&settings, &bus, shutdown).await?;
        println!(
            "rebuilt generation {} up to sequence {} in {:?}",
            report.generation, report.sequence, report.elapsed
        );
        return Ok(());
    }
    govtrack_projector::run(settings, bus, shutdown).await
}
