//! Settings of the ingest service, built once by `main`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use govtrack_bus::NatsSettings;
use govtrack_bus::streams::StreamSettings;
use govtrack_maturity::Models;

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
            body_limit: 1024 * 1024,
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
