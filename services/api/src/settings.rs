//! The api's settings: [`ApiArgs`] are the flags and `GOVTRACK_*` variables of
//! `govtrack api` (the shared data-dir, tokens and model groups plus the api's own
//! [`ApiFlags`]), [`Settings`] what the api runs with.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;
use govtrack_auth::TokensArgs;
use govtrack_maturity::{Model, ModelArgs, Models};
use govtrack_readmodel::ReadModelDir;
use govtrack_runtime::DataDir;

/// The api's own flags (the ones `govtrack up` takes too).
#[derive(Debug, Clone, Args)]
pub struct ApiFlags {
    /// Address of the read API and dashboard.
    #[arg(long, env = "GOVTRACK_API_ADDR", default_value = "127.0.0.1:8081")]
    pub api_addr: SocketAddr,
}

/// Everything `govtrack api` takes.
#[derive(Debug, Clone, Args)]
pub struct ApiArgs {
    /// The data directory the projector writes.
    #[command(flatten)]
    pub data: DataDir,
    #[command(flatten)]
    pub tokens: TokensArgs,
    #[command(flatten)]
    pub models: ModelArgs,
    #[command(flatten)]
    pub api: ApiFlags,
}

impl ApiArgs {
    /// The settings these flags describe (models loaded).
    pub fn settings(&self) -> anyhow::Result<Settings> {
        Ok(Settings {
            data_dir: self.data.data_dir.clone(),
            http_addr: self.api.api_addr,
            models: self.models.models()?,
            tokens_file: self.tokens.tokens_file.clone(),
        })
    }
}

/// What the api needs.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The data directory the projector writes (`GOVTRACK_DATA_DIR`); the read model is
    /// `{data_dir}/read-model`.
    pub data_dir: PathBuf,
    /// Where to listen (`GOVTRACK_API_ADDR`); port 0 picks a free one.
    pub http_addr: SocketAddr,
    /// The maturity model(s) (`GOVTRACK_MODEL`, `GOVTRACK_ORG_MODELS`).
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
