//! `govtrack-scheduler`: the scheduler on its own, configured by environment variables
//! (`GOVTRACK_NATS_URL`, `GOVTRACK_DATA_DIR`, optional `GOVTRACK_SCHEDULER_CONFIG` for the
//! TOML file, `GOVTRACK_STREAM_REPLICAS`, `GOVTRACK_MODEL`, `GOVTRACK_ORG_MODELS`
//! (comma-separated `ORG=MODEL`) and `GOVTRACK_SCHEDULER_HTTP_ADDR` for `/healthz` and
//! `/metrics`). The `govtrack` CLI offers the same as `govtrack scheduler`.

use anyhow::Context as _;
use govtrack_bus::streams::StreamSettings;
use govtrack_bus::{Bus, NatsSettings};
use govtrack_scheduler::{Models, Settings};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    govtrack_runtime::init_telemetry("info");
    let shutdown = govtrack_runtime::shutdown_on_signals();
    let env = |name: &str| std::env::var(name).ok();
    let url = env("GOVTRACK_NATS_URL").unwrap_or_else(|| "nats://127.0.0.1:4222".to_owned());
    let data_dir = env("GOVTRACK_DATA_DIR").unwrap_or_else(|| "data".to_owned());
    let config = env("GOVTRACK_SCHEDULER_CONFIG").map(std::path::PathBuf::from);
    let mut settings = Settings::load(data_dir, config.as_deref())?;
    if let Some(text) = env("GOVTRACK_STREAM_REPLICAS") {
        settings.stream_replicas = text
            .parse()
            .with_context(|| format!("GOVTRACK_STREAM_REPLICAS={text:?}: expected 1, 3 or 5"))?;
    }
    if let Some(text) = env("GOVTRACK_SCHEDULER_HTTP_ADDR") {
        let addr = text.parse().with_context(|| {
            format!(
                "GOVTRACK_SCHEDULER_HTTP_ADDR={text:?}: expected an address like 127.0.0.1:8083"
            )
        })?;
        settings.http_addr = Some(addr);
    }
    let model = env("GOVTRACK_MODEL").unwrap_or_else(|| "2025".to_owned());
    let org_models: Vec<String> = env("GOVTRACK_ORG_MODELS")
        .map(|list| list.split(',').map(str::to_owned).collect())
        .unwrap_or_default();
    settings.models = Models::from_specs(&model, &org_models)?;
    let client = govtrack_bus::connect(&NatsSettings::new(url, "govtrack-scheduler")).await?;
    let stream = StreamSettings {
        replicas: settings.stream_replicas,
        ..Default::default()
    };
    let bus = Bus::new(client, &stream).await?;
    govtrack_scheduler::run(settings, bus, shutdown).await
}
