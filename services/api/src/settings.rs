//! The api's settings: [`ApiArgs`] are the flags and `GOVTRACK_*` variables of
//! `govtrack api` (the shared data-dir, tokens and model groups plus the api's own
//! [`ApiFlags`]), [`Settings`] what the api runs with.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use govtrack_auth::TokensArgs;
use govtrack_auth::oidc::{OidcArgs, OidcSettings};
use govtrack_bus::{NatsArgs, NatsSettings};
use govtrack_maturity::{Model, ModelArgs, Models};
use govtrack_readmodel::ReadModelDir;
use govtrack_runtime::DataDir;

use crate::public_url::PublicUrl;

/// The api's own flags (the ones `govtrack up` takes too).
#[derive(Debug, Clone, Args)]
pub struct ApiFlags {
    /// Address of the read API and dashboard.
    #[arg(long, env = "GOVTRACK_API_ADDR", default_value = "127.0.0.1:8081")]
    pub api_addr: SocketAddr,
    /// Memory for the per-organisation caches (timelines, OKR rows, facts), in MiB;
    /// less recently used entries go first.
    #[arg(
        long,
        env = "GOVTRACK_API_CACHE_MB",
        default_value_t = crate::cache::DEFAULT_BUDGET_MB,
        value_parser = clap::value_parser!(u64).range(1..=1_048_576)
    )]
    pub api_cache_mb: u64,
    /// The dashboard's external base URL, as people and assistants reach it (e.g.
    /// https://govtrack.contoso.com): `/mcp` answers requests for its host besides
    /// loopback, and from its origin in a browser. Without it, loopback hosts only.
    #[arg(long, env = "GOVTRACK_PUBLIC_URL")]
    pub public_url: Option<PublicUrl>,
    /// The key that encrypts and signs dashboard sessions (base64 of 64 random bytes);
    /// made with mode 0600 when missing. Api processes given the same file share
    /// sessions. Default: session.key in the data directory.
    #[arg(long, env = "GOVTRACK_SESSION_KEY_FILE")]
    pub session_key_file: Option<PathBuf>,
    /// How long a dashboard sign-in lasts, in hours.
    #[arg(
        long,
        env = "GOVTRACK_SESSION_HOURS",
        default_value_t = DEFAULT_SESSION_HOURS,
        value_parser = clap::value_parser!(u32).range(1..=720)
    )]
    pub session_hours: u32,
    #[command(flatten)]
    pub mcp: McpFlags,
}

/// The MCP server's switch, shared by the api's `/mcp` and `govtrack mcp`.
#[derive(Debug, Clone, Copy, Args)]
pub struct McpFlags {
    /// `off` hides the MCP write tools (record_event, measure_key_result,
    /// check_in_initiative) from every caller; `on` lists them to callers that may emit.
    #[arg(long, env = "GOVTRACK_MCP_WRITES", value_enum, default_value_t = Switch::On)]
    pub mcp_writes: Switch,
}

impl McpFlags {
    /// Whether the write tools may be listed at all.
    pub fn writes(&self) -> bool {
        self.mcp_writes == Switch::On
    }
}

/// `on` or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Switch {
    On,
    Off,
}

/// How long a dashboard sign-in lasts by default, in hours.
pub const DEFAULT_SESSION_HOURS: u32 = 8;

impl ApiFlags {
    /// The session key file: the one given, else `session.key` under `data_dir`.
    pub fn session_key_file(&self, data_dir: &std::path::Path) -> PathBuf {
        self.session_key_file
            .clone()
            .unwrap_or_else(|| data_dir.join(SESSION_KEY_FILE))
    }

    /// The caches' budget in bytes.
    pub fn cache_bytes(&self) -> usize {
        usize::try_from(self.api_cache_mb.saturating_mul(1024 * 1024)).unwrap_or(usize::MAX)
    }
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
    /// Sign-in with Entra ID, Entra access tokens, and the grants.
    #[command(flatten)]
    pub oidc: OidcArgs,
    /// NATS, to forward writes (assistants' tools, the dashboard's forms) to ingest.
    #[command(flatten)]
    pub nats: NatsArgs,
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
            cache_bytes: self.api.cache_bytes(),
            nats: self.nats.settings("govtrack-api")?,
            oidc: self.oidc.settings()?,
            public_url: self.api.public_url.clone(),
            session_key_file: self.api.session_key_file(&self.data.data_dir),
            session_hours: self.api.session_hours,
            mcp_writes: self.api.mcp.writes(),
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
    /// The caches' byte budget (`GOVTRACK_API_CACHE_MB`, in MiB there).
    pub cache_bytes: usize,
    /// NATS, where writes go to ingest (`GOVTRACK_NATS_URL`, …); connected at the
    /// first write.
    pub nats: NatsSettings,
    /// The identity provider (`GOVTRACK_OIDC_*`): people sign in to the dashboard
    /// there, and its access tokens are accepted; with the grants file.
    pub oidc: Option<OidcSettings>,
    /// The dashboard's external base URL (`GOVTRACK_PUBLIC_URL`): `/mcp` answers its
    /// host besides loopback.
    pub public_url: Option<PublicUrl>,
    /// The session key (`GOVTRACK_SESSION_KEY_FILE`), made when missing.
    pub session_key_file: PathBuf,
    /// How long a sign-in lasts (`GOVTRACK_SESSION_HOURS`).
    pub session_hours: u32,
    /// Whether `/mcp` lists its write tools to callers that may emit
    /// (`GOVTRACK_MCP_WRITES`, `on` or `off`).
    pub mcp_writes: bool,
}

/// The session key's file name under the data directory.
pub const SESSION_KEY_FILE: &str = "session.key";

impl Settings {
    /// Loopback on port 8081 with the default (2025) model and no tokens.
    pub fn new(data_dir: impl Into<PathBuf>) -> Settings {
        let data_dir = data_dir.into();
        Settings {
            session_key_file: data_dir.join(SESSION_KEY_FILE),
            data_dir,
            http_addr: SocketAddr::from(([127, 0, 0, 1], 8081)),
            models: Models::new(Model::default_model()),
            tokens_file: None,
            cache_bytes: crate::cache::DEFAULT_BUDGET_MB as usize * 1024 * 1024,
            nats: NatsSettings::new(govtrack_bus::DEFAULT_NATS_URL, "govtrack-api"),
            oidc: None,
            public_url: None,
            session_hours: DEFAULT_SESSION_HOURS,
            mcp_writes: true,
        }
    }

    /// The read model's directory.
    pub fn read_model(&self) -> ReadModelDir {
        ReadModelDir::under(&self.data_dir)
    }
}
