//! The projector's settings, loaded once by the caller and passed down:
//! [`ProjectorArgs`] are the flags and `GOVTRACK_*` variables of `govtrack projector`
//! (the shared NATS, stream and data-dir groups plus the projector's own
//! [`ProjectorFlags`]), [`Settings`] what the projector runs with.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;
use govtrack_bus::consume::BatchSettings;
use govtrack_bus::{Bus, NatsArgs, StreamArgs};
use govtrack_runtime::DataDir;

use govtrack_readmodel::ReadModelDir;

/// Most events in one transaction. Live batches stay small (a batch closes a few
/// milliseconds after its first event unless the writer is still busy); a catch-up
/// fills them, and fewer, larger transactions rewrite each touched page less often
/// (on the 2-core bench machine, 10,000 caught up 1.5 times as fast as 2,000).
pub const BATCH_EVENTS: usize = 10_000;

/// The projector's own flags (the ones `govtrack up` takes too).
#[derive(Debug, Clone, Args)]
pub struct ProjectorFlags {
    /// Address for the projector's /healthz, /readyz and /metrics, e.g. 127.0.0.1:8082
    /// (none when absent).
    #[arg(long, env = "GOVTRACK_PROJECTOR_HTTP_ADDR")]
    pub projector_http_addr: Option<SocketAddr>,
}

impl ProjectorFlags {
    /// The settings for `data_dir` with these flags.
    pub fn settings(&self, data: &DataDir) -> Settings {
        let mut settings = Settings::new(data.path());
        settings.http_addr = self.projector_http_addr;
        settings
    }
}

/// Everything `govtrack projector` takes.
#[derive(Debug, Clone, Args)]
pub struct ProjectorArgs {
    #[command(flatten)]
    pub nats: NatsArgs,
    #[command(flatten)]
    pub stream: StreamArgs,
    /// Where the read model lives (`{data_dir}/read-model`).
    #[command(flatten)]
    pub data: DataDir,
    #[command(flatten)]
    pub projector: ProjectorFlags,
}

impl ProjectorArgs {
    /// The projector's settings.
    pub fn settings(&self) -> Settings {
        self.projector.settings(&self.data)
    }

    /// Connects to NATS and provisions the log stream as the flags say.
    pub async fn bus(&self) -> anyhow::Result<Bus> {
        let client = govtrack_bus::connect(&self.nats.settings("govtrack-projector")?).await?;
        Ok(Bus::new(client, &self.stream.settings()).await?)
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
}

impl Settings {
    /// Defaults for a data directory: batches of up to [`BATCH_EVENTS`], no HTTP.
    pub fn new(data_dir: impl Into<PathBuf>) -> Settings {
        Settings {
            data_dir: data_dir.into(),
            batch: BatchSettings {
                max_events: BATCH_EVENTS,
                ..BatchSettings::default()
            },
            http_addr: None,
        }
    }

    /// The read model's directory.
    pub fn read_model(&self) -> ReadModelDir {
        ReadModelDir::under(&self.data_dir)
    }
}
