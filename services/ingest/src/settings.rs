//! Settings of the ingest service, built once by `main`: [`IngestArgs`] are the flags
//! and `GOVTRACK_*` variables of `govtrack ingest` (the shared log, data-dir, tokens
//! and model groups plus ingest's own [`IngestFlags`]), [`Settings`] what the
//! service runs with.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use clap::Args;
use govtrack_auth::TokensArgs;
use govtrack_auth::oidc::{OidcArgs, OidcSettings};
use govtrack_bus::streams::StreamSettings;
use govtrack_bus::{LogArgs, NatsSettings};
use govtrack_maturity::{ModelArgs, Models};
use govtrack_runtime::DataDir;

use crate::hooks::HooksConfig;

/// The largest request body ingest accepts, in bytes.
pub const BODY_LIMIT_BYTES: usize = 1024 * 1024;

/// Appends in flight past which ingest answers 429 (`--max-appends-in-flight`).
pub const MAX_APPENDS_IN_FLIGHT: usize = 256;

/// Ingest's own flags (the ones `govtrack up` takes too).
#[derive(Debug, Clone, Args)]
pub struct IngestFlags {
    /// Address of the ingest HTTP API.
    #[arg(long, env = "GOVTRACK_HTTP_ADDR", default_value = "127.0.0.1:8080")]
    pub http_addr: SocketAddr,
    /// Requests whose appends may be in flight at once (HTTP and NATS together). One
    /// more waits up to 200 ms for a slot, then gets 429 with `Retry-After`: the client
    /// retries with the same ids, and nothing queues without bound.
    #[arg(long, env = "GOVTRACK_MAX_APPENDS_IN_FLIGHT", default_value_t = MAX_APPENDS_IN_FLIGHT,
          value_parser = in_flight_limit)]
    pub max_appends_in_flight: usize,
    /// Webhook mappings (TOML): Dataverse tables and messages that become events,
    /// GitHub secrets per org, sources (`deploy/examples/hooks.toml`). Without one,
    /// the built-in Azure DevOps and GitHub mappings still apply.
    #[arg(long, env = "GOVTRACK_HOOKS_FILE")]
    pub hooks_file: Option<PathBuf>,
    /// The secret GitHub webhooks sign their bodies with (`X-Hub-Signature-256`), for
    /// every org the hooks file gives no secret of its own.
    #[arg(long, env = "GOVTRACK_GITHUB_WEBHOOK_SECRET", hide_env_values = true)]
    pub github_webhook_secret: Option<Secret>,
}

/// 1 to 1,000,000 (a cap of 0 would refuse everything).
fn in_flight_limit(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if (1..=1_000_000).contains(&n) => Ok(n),
        _ => Err(format!(
            "expected a whole number from 1 to 1000000, got {text:?}"
        )),
    }
}

/// A secret from a flag or variable: never shown by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl std::str::FromStr for Secret {
    type Err = String;
    fn from_str(s: &str) -> Result<Secret, String> {
        if s.is_empty() {
            Err("the secret is empty".to_owned())
        } else {
            Ok(Secret(s.to_owned()))
        }
    }
}

impl IngestFlags {
    /// The webhook settings these flags give (the hooks file read and checked).
    pub fn hooks(&self) -> anyhow::Result<HooksConfig> {
        HooksConfig::load(
            self.hooks_file.as_deref(),
            self.github_webhook_secret.clone().map(|s| s.0),
        )
    }
}

/// Everything `govtrack ingest` takes.
#[derive(Debug, Clone, Args)]
pub struct IngestArgs {
    #[command(flatten)]
    pub log: LogArgs,
    /// Where ingest keeps its id index.
    #[command(flatten)]
    pub data: DataDir,
    #[command(flatten)]
    pub tokens: TokensArgs,
    /// Entra ID access tokens (and who they grant what).
    #[command(flatten)]
    pub oidc: OidcArgs,
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
            nats: self.log.nats.settings("govtrack-ingest")?,
            stream: self.log.stream.settings(),
            tokens_file: self.tokens.tokens_file.clone(),
            oidc: self.oidc.settings()?,
            body_limit: BODY_LIMIT_BYTES,
            nats_requests: true,
            data_dir: self.data.data_dir.clone(),
            models: self.models.models()?,
            max_appends_in_flight: self.ingest.max_appends_in_flight,
            hooks: self.ingest.hooks()?,
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
    /// Tokens file (TOML); without one (and without `oidc`) the service only binds to
    /// loopback.
    pub tokens_file: Option<PathBuf>,
    /// The identity provider whose access tokens are accepted (`GOVTRACK_OIDC_*`),
    /// with the grants file.
    pub oidc: Option<OidcSettings>,
    /// Largest request body, in bytes.
    pub body_limit: usize,
    /// Also answer NATS requests on `govtrack.ingest.{org}`.
    pub nats_requests: bool,
    /// Ingest's own state: the durable id index (`ingest-ids.sqlite`).
    pub data_dir: PathBuf,
    /// Each organisation's maturity model: capability, level and evidence-signal
    /// fields are validated against it (`GOVTRACK_MODEL`, `GOVTRACK_ORG_MODELS`).
    pub models: Models,
    /// Requests whose appends may be in flight at once; more get 429.
    pub max_appends_in_flight: usize,
    /// Webhook mappings and secrets.
    pub hooks: HooksConfig,
}

impl Settings {
    /// Defaults for a local run against `nats_url`, with state under `data_dir`.
    pub fn local(nats_url: &str, data_dir: &Path) -> Settings {
        Settings {
            http_addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            nats: NatsSettings::new(nats_url, "govtrack-ingest"),
            stream: StreamSettings::default(),
            tokens_file: None,
            oidc: None,
            body_limit: BODY_LIMIT_BYTES,
            nats_requests: true,
            data_dir: data_dir.to_owned(),
            models: Models::default(),
            max_appends_in_flight: MAX_APPENDS_IN_FLIGHT,
            hooks: HooksConfig::default(),
        }
    }
}

impl Settings {
    /// The id index file under the data dir.
    pub fn id_index_path(&self) -> PathBuf {
        self.data_dir.join("ingest-ids.sqlite")
    }

    /// The webhooks' item state (open/closed per labelled item) under the data dir.
    pub fn hook_items_path(&self) -> PathBuf {
        self.data_dir.join("ingest-hooks.sqlite")
    }
}
