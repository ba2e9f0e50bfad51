//! The flags and `GOVTRACK_*` variables of `govtrack scheduler` (and of `alerts` and
//! `silence`, which read the same store): the shared log, data-dir and model groups plus the scheduler's own [`SchedulerFlags`]. The TOML file they name holds the
//! rest (jobs, thresholds, webhooks, lease); see [`Settings`].

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;
use govtrack_bus::{Bus, LogArgs, StreamArgs};
use govtrack_maturity::{ModelArgs, Models};
use govtrack_runtime::DataDir;

use crate::settings::{Settings, SettingsError};

/// The scheduler's own flags (the ones `govtrack up` takes too).
#[derive(Debug, Clone, Args)]
pub struct SchedulerFlags {
    /// Scheduler TOML (jobs, thresholds, timing, webhooks, lease).
    #[arg(long, alias = "config", env = "GOVTRACK_SCHEDULER_CONFIG")]
    pub scheduler_config: Option<PathBuf>,
    /// Address for the scheduler's /healthz, /readyz and /metrics, e.g. 127.0.0.1:8083
    /// (none when absent; only the running service serves it, not run-once).
    #[arg(long, env = "GOVTRACK_SCHEDULER_HTTP_ADDR")]
    pub scheduler_http_addr: Option<SocketAddr>,
}

impl SchedulerFlags {
    /// Defaults, then the TOML file, then the shared groups and these flags.
    pub fn settings(
        &self,
        data: &DataDir,
        stream: &StreamArgs,
        models: Models,
    ) -> Result<Settings, SettingsError> {
        let mut settings = Settings::load(data.path(), self.scheduler_config.as_deref())?;
        settings.stream_replicas = stream.stream_replicas;
        settings.models = models;
        settings.http_addr = self.scheduler_http_addr;
        Ok(settings)
    }
}

/// Everything `govtrack scheduler`, `govtrack alerts` and `govtrack silence` take.
#[derive(Debug, Clone, Args)]
pub struct SchedulerArgs {
    #[command(flatten)]
    pub log: LogArgs,
    /// Where the scheduler keeps its store (`scheduler.db`).
    #[command(flatten)]
    pub data: DataDir,
    /// Maturity model(s) of the weekly digest's levels.
    #[command(flatten)]
    pub models: ModelArgs,
    #[command(flatten)]
    pub scheduler: SchedulerFlags,
}

impl SchedulerArgs {
    /// The settings these flags and the TOML file describe (models loaded).
    pub fn settings(&self) -> anyhow::Result<Settings> {
        let models = self.models.models()?;
        Ok(self
            .scheduler
            .settings(&self.data, &self.log.stream, models)?)
    }

    /// Connects as `name` and provisions the streams as the flags say.
    pub async fn bus(&self, name: &str) -> anyhow::Result<Bus> {
        Ok(self.log.bus(name).await?)
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        args: SchedulerArgs,
    }

    #[test]
    fn the_flags_reach_the_settings_over_the_file_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("scheduler.toml");
        std::fs::write(&file, "tick = \"2s\"\n").unwrap();
        let cli = Cli::parse_from([
            "t",
            "--data-dir",
            dir.path().to_str().unwrap(),
            "--config",
            file.to_str().unwrap(),
            "--stream-replicas",
            "3",
            "--scheduler-http-addr",
            "127.0.0.1:0",
        ]);
        let settings = cli.args.settings().unwrap();
        assert_eq!(settings.tick, std::time::Duration::from_secs(2));
        assert_eq!(settings.stream_replicas, 3);
        assert!(settings.http_addr.is_some());
        assert_eq!(settings.store_path(), dir.path().join("scheduler.db"));
    }
}
