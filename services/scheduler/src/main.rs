//! `govtrack-scheduler`: the scheduler on its own, configured by environment variables
//! (`GOVTRACK_NATS_URL`, `GOVTRACK_DATA_DIR`, optional `GOVTRACK_SCHEDULER_CONFIG` for the
//! TOML file). The `govtrack` CLI offers the same as `govtrack scheduler`.

use govtrack_bus::streams::StreamSettings;
use govtrack_bus::{Bus, NatsSettings};
use govtrack_scheduler::Settings;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    govtrack_runtime::init_telemetry("info");
    let shutdown = govtrack_runtime::shutdown_on_signals();
    let env = |name: &str| std::env::var(name).ok();
    let url = env("GOVTRACK_NATS_URL").unwrap_or_else(|| "nats://127.0.0.1:4222".to_owned());
    let data_dir = env("GOVTRACK_DATA_DIR").unwrap_or_else(|| "data".to_owned());
    let config = env("GOVTRACK_SCHEDULER_CONFIG").map(std::path::PathBuf::from);
    let settings = Settings::load(data_dir, config.as_deref())?;
    let client = govtrack_bus::connect(&NatsSettings::new(url, "govtrack-scheduler")).await?;
    let bus = Bus::new(client, &StreamSettings::default()).await?;
    govtrack_scheduler::run(settings, bus, shutdown).await
}
