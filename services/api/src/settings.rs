//! The api's settings.

use std::net::SocketAddr;
use std::path::PathBuf;

use govtrack_maturity::{Model, Models};
use govtrack_readmodel::ReadModelDir;

/// What the api needs.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The data directory the projector writes (`GOVTRACK_DATA_DIR`); the read model is
    /// `{data_dir}/read-model`.
    pub data_dir: PathBuf,
    /// Where to listen (`GOVTRACK_HTTP_ADDR`); port 0 picks a free one.
    pub http_addr: SocketAddr,
    /// The maturity model(s) (`GOVTRACK_MODEL`, per-organisation overrides).
    pub models: Models,
    /// Tokens file (`GOVTRACK_TOKENS_FILE`, TOML with SHA-256 hashes and scopes): every
    /// organisation's routes then need a token with `read:{org}`, `read:*` or `admin`.
    /// Without one the api only binds to loopback.
    pub tokens_file: Option<PathBuf>,
}

impl Settings {
    /// Loopback on port 8081 with the default (2025) model and no tokens.
    pub fn new(data_dir: impl Into<PathBuf>) -> Settings {
        Settings {
            data_dir: data_dir.into(),
            http_addr: SocketAddr::from(([127, 0, 0, 1], 8081)),
            models: Models::new(Model::default_model()),
            tokens_file: None,
        }
    }

    /// The read model's directory.
    pub fn read_model(&self) -> ReadModelDir {
        ReadModelDir::under(&self.data_dir)
    }
}
