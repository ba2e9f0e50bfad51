//! Settings of the ingest service, built once by `main`: [`IngestArgs`] are the flags
//! and `GOVTRACK_*` variables of `govtrack ingest` (the shared NATS, stream, data-dir,
//! tokens and model groups plus ingest's own [`IngestFlags`]), [`Settings`] what the
//! service runs with.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use clap::Args;
use govtrack_auth::TokensArgs;
use govtrack_bus::streams::StreamSettings;
use govtrack_bus::{NatsArgs, NatsSettings, StreamArgs};
use govtrack_maturity::{ModelArgs, Models};
use govtrack_runtime::DataDir;

/// The largest request body ingest accepts, in bytes.
pub const BODY_LIMIT_BYTES: usize = 1024 * 1024;

/// Ingest's own flags (the ones `govtrack up` takes too).
#[derive(Debug, Clone, Args)]
pub struct IngestFlags {
    /// Address of the ingest HTTP API.
    #[arg(long, env = "GOVTRACK_HTTP_ADDR", default_value = "127.0.0.1:8080")]
    pub http_addr: SocketAddr,
}

/// Everything `govtrack ingest` takes.
#[derive(Debug, Clone, Args)]
pub struct IngestArgs {
    #[command(flatten)]
    pub nats: NatsArgs,
    #[command(flatten)]
    pub stream: StreamArgs,
    /// Where ingest keeps its id index.
    #[command(flatten)]
    pub data: DataDir,
    #[command(flatten)]
    pub tokens: TokensArgs,
    /// The models events are validated against (capabilities, levels, signals).
    #[command(flatten)]
    pub models: ModelArgs,
    #[command(flatten)]
    pub ingest: IngestFlags,
}

impl IngestArgs {
    /// The settings these flags describe (models loaded, the NKey seed read).
    pub fn settings(&self) -> anyhow::Result<Settings> {
        Ok(Settings {
            http_addr: self.ingest.http_addr,
            nats: self.nats.settings("govtrack-ingest")?,
            stream: self.stream.settings(),
            tokens_file: self.tokens.tokens_file.clone(),
            body_limit: BODY_LIMIT_BYTES,
            nats_requests: true,
            data_dir: self.data.data_dir.clone(),
            models: self.models.models()?,
        })
    }
}

/// Everything ingest needs to run.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where the HTTP API listens (`127.0.0.1:8080`; port 0 picks a free one).
    pub http_addr: SocketAddr,
    /// NATS connection.
    pub nats: NatsSettings,
    /// Log stream set-up.
    pub stream: StreamSettings,
    /// Tokens file (TOML); without one the service only binds to loopback.
    pub tokens_file: Option<PathBuf>,
    /// Largest request body, in bytes.
    pub body_limit: usize,
    /// Also answer NATS requests on `govtrack.ingest.{org}`.
    pub nats_requests: bool,
    /// Ingest's own state: the durable id index (`ingest-ids.sqlite`).
    pub data_dir: PathBuf,
    /// Each organisation's maturity model: capability, level and evidence-signal
    /// fields are validated against it (`GOVTRACK_MODEL`, `GOVTRACK_ORG_MODELS`).
    pub models: Models,
}

impl Settings {
    /// Defaults for a local run against `nats_url`, with state under `data_dir`.
    pub fn local(nats_url: &str, data_dir: &Path) -> Settings {
        Settings {
            http_addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            nats: NatsSettings::new(nats_url, "govtrack-ingest"),
            stream: StreamSettings::default(),
            tokens_file: None,
            body_limit: BODY_LIMIT_BYTES,
            nats_requests: true,
            data_dir: data_dir.to_owned(),
            models: Models::default(),
        }
    }
}

impl Settings {
    /// The id index file under the data dir.
    pub fn id_index_path(&self) -> PathBuf {
        self.data_dir.join("ingest-ids.sqlite")
    }
}
