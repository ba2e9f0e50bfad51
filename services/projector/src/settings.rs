//! The projector's settings, loaded once by the caller and passed down:
//! [`ProjectorArgs`] are the flags and `GOVTRACK_*` variables of `govtrack projector`
//! (the shared log, data-dir and model groups plus the projector's own
//! [`ProjectorFlags`]), [`Settings`] what the projector runs with. The models are the
//! api's (`GOVTRACK_MODEL`, `GOVTRACK_ORG_MODELS`): the timelines the projector saves
//! are restored only under the model the api assesses with.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;
use govtrack_bus::consume::BatchSettings;
use govtrack_bus::{Bus, LogArgs};
use govtrack_maturity::{ModelArgs, Models};
use govtrack_runtime::DataDir;

use govtrack_readmodel::ReadModelDir;

/// Most events in one transaction. Live batches stay small (a batch closes a few
/// milliseconds after its first event unless the writer is still busy); a catch-up
/// fills them, and fewer, larger transactions rewrite each touched page less often.
/// On the 2-core bench machine 10,000 caught up 1.5 times as fast as 2,000, and 30,000
/// 1.06 times as fast as 10,000 at 1,000,000 events (82,697 and 87,474 events/s in two
/// runs of `govtrack-bench read`): the `events` id index is touched at random, so each
/// commit writes fewer of its pages per event. The projector's peak RSS did not grow
/// (155 and 151 MiB).
pub const BATCH_EVENTS: usize = 30_000;

/// The projector's own flags (the ones `govtrack up` takes too).
#[derive(Debug, Clone, Args)]
pub struct ProjectorFlags {
    /// Address for the projector's /healthz, /readyz and /metrics, e.g. 127.0.0.1:8082
    /// (none when absent).
    #[arg(long, env = "GOVTRACK_PROJECTOR_HTTP_ADDR")]
    pub projector_http_addr: Option<SocketAddr>,
}

impl ProjectorFlags {
    /// The settings for `data_dir` and `models` with these flags.
    pub fn settings(&self, data: &DataDir, models: Models) -> Settings {
        let mut settings = Settings::new(data.path());
        settings.http_addr = self.projector_http_addr;
        settings.models = models;
        settings
    }
}

/// Everything `govtrack projector` takes.
#[derive(Debug, Clone, Args)]
pub struct ProjectorArgs {
    #[command(flatten)]
    pub log: LogArgs,
    /// Where the read model lives (`{data_dir}/read-model`).
    #[command(flatten)]
    pub data: DataDir,
    /// The maturity models, as the api takes them (for the saved timelines).
    #[command(flatten)]
    pub models: ModelArgs,
    #[command(flatten)]
    pub projector: ProjectorFlags,
}

impl ProjectorArgs {
    /// The projector's settings (the models loaded).
    pub fn settings(&self) -> anyhow::Result<Settings> {
        Ok(self.projector.settings(&self.data, self.models.models()?))
    }

    /// Connects to NATS and provisions the log stream as the flags say.
    pub async fn bus(&self) -> anyhow::Result<Bus> {
        Ok(self.log.bus("govtrack-projector").await?)
    }
}

/// What the projector needs besides a connection to the log.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The service data directory; the read model lives in `{data_dir}/read-model`
    /// (`GOVTRACK_DATA_DIR`).
    pub data_dir: PathBuf,
    /// How the log is cut into transactions.
    pub batch: BatchSettings,
    /// Where to serve `/healthz`, `/readyz` and `/metrics`; none when `None`.
    pub http_addr: Option<SocketAddr>,
    /// Each organisation's maturity model, for the saved timelines (the api's).
    pub models: Models,
}

impl Settings {
    /// Defaults for a data directory: batches of up to [`BATCH_EVENTS`], no HTTP,
    /// every organisation on the default model.
    pub fn new(data_dir: impl Into<PathBuf>) -> Settings {
        Settings {
            data_dir: data_dir.into(),
            batch: BatchSettings {
                max_events: BATCH_EVENTS,
                ..BatchSettings::default()
            },
            http_addr: None,
            models: Models::default(),
        }
    }

    /// The read model's directory.
    pub fn read_model(&self) -> ReadModelDir {
        ReadModelDir::under(&self.data_dir)
    }
}
