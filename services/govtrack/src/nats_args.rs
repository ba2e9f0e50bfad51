//! NATS connection and log-stream flags shared by every command that talks to NATS.

use std::path::PathBuf;

use clap::Args;
use govtrack_bus::streams::StreamSettings;
use govtrack_bus::{NatsAuth, NatsSettings};

/// Where a NATS server usually listens.
pub const DEFAULT_NATS_URL: &str = "nats://127.0.0.1:4222";

/// Where NATS is and how to log in.
#[derive(Debug, Clone, Args)]
pub struct NatsArgs {
    /// NATS server URL(s), comma-separated for a cluster (default
    /// nats://127.0.0.1:4222; `govtrack up` starts its own server when unset).
    #[arg(long = "nats-url", env = "GOVTRACK_NATS_URL")]
    pub url: Option<String>,
    /// NATS user (with --nats-password).
    #[arg(long, env = "GOVTRACK_NATS_USER")]
    pub nats_user: Option<String>,
    /// NATS password.
    #[arg(long, env = "GOVTRACK_NATS_PASSWORD", hide_env_values = true)]
    pub nats_password: Option<String>,
    /// NATS token.
    #[arg(long, env = "GOVTRACK_NATS_TOKEN", hide_env_values = true)]
    pub nats_token: Option<String>,
    /// NKey seed file.
    #[arg(long, env = "GOVTRACK_NATS_NKEY_FILE")]
    pub nats_nkey_file: Option<PathBuf>,
    /// Credentials (.creds) file.
    #[arg(long, env = "GOVTRACK_NATS_CREDS")]
    pub nats_creds: Option<PathBuf>,
}

impl NatsArgs {
    /// Settings for a connection named `name`.
    pub fn settings(&self, name: &str) -> anyhow::Result<NatsSettings> {
        let auth = if let Some(creds) = &self.nats_creds {
            NatsAuth::CredsFile(creds.clone())
        } else if let Some(file) = &self.nats_nkey_file {
            let seed = std::fs::read_to_string(file)
                .map_err(|e| anyhow::anyhow!("cannot read NKey seed {}: {e}", file.display()))?;
            NatsAuth::NKeySeed(seed.trim().to_owned())
        } else if let Some(token) = &self.nats_token {
            NatsAuth::Token(token.clone())
        } else if let (Some(user), Some(password)) = (&self.nats_user, &self.nats_password) {
            NatsAuth::UserPassword {
                user: user.clone(),
                password: password.clone(),
            }
        } else {
            NatsAuth::None
        };
        Ok(NatsSettings {
            url: self
                .url
                .clone()
                .unwrap_or_else(|| DEFAULT_NATS_URL.to_owned()),
            auth,
            name: name.to_owned(),
        })
    }
}

/// How the log stream is provisioned; every service that provisions it must agree.
#[derive(Debug, Clone, Args)]
pub struct StreamArgs {
    /// Replicas of the log stream (3 on a NATS cluster).
    #[arg(long, env = "GOVTRACK_STREAM_REPLICAS", default_value_t = 1)]
    pub stream_replicas: usize,
    /// JetStream's duplicate window: how long the server itself remembers an event id
    /// (500ms, 30s, 2m, …). Ids are stored once for ever regardless: ingest's durable
    /// index covers the time after the window.
    #[arg(long, env = "GOVTRACK_DEDUP_WINDOW", default_value = "2m", value_parser = govtrack_runtime::duration_arg)]
    pub dedup_window: std::time::Duration,
}

impl StreamArgs {
    /// The stream settings these flags describe.
    pub fn settings(&self) -> StreamSettings {
        StreamSettings {
            replicas: self.stream_replicas,
            duplicate_window: self.dedup_window,
        }
    }
}
