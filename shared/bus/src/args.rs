//! The NATS connection and log-stream flags (behind the `clap` feature): every service
//! that talks to the log flattens the one [`LogArgs`] group, so `GOVTRACK_NATS_*`,
//! `GOVTRACK_STREAM_REPLICAS` and `GOVTRACK_DEDUP_WINDOW` are read in one place and
//! turned into this crate's [`NatsSettings`] and [`StreamSettings`], and
//! [`LogArgs::bus`] connects the same way for all of them.

use std::path::PathBuf;

use clap::Args;

use crate::streams::StreamSettings;
use crate::{Bus, BusError, NatsAuth, NatsSettings};

/// Where the log is: the NATS connection, and how the streams are provisioned.
#[derive(Debug, Clone, Args)]
pub struct LogArgs {
    #[command(flatten)]
    pub nats: NatsArgs,
    #[command(flatten)]
    pub stream: StreamArgs,
}

impl LogArgs {
    /// Connects as `name` and provisions the streams with the configured replicas
    /// (provisioning with the default would re-scale an R3 log down to one replica).
    pub async fn bus(&self, name: &str) -> Result<Bus, BusError> {
        Bus::connect(&self.nats.settings(name)?, &self.stream.settings()).await
    }
}

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
    /// Fails only when the NKey seed file cannot be read.
    pub fn settings(&self, name: &str) -> Result<NatsSettings, BusError> {
        let auth = if let Some(creds) = &self.nats_creds {
            NatsAuth::CredsFile(creds.clone())
        } else if let Some(file) = &self.nats_nkey_file {
            let seed = std::fs::read_to_string(file).map_err(|source| BusError::Credentials {
                path: file.display().to_string(),
                source,
            })?;
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

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        nats: NatsArgs,
        #[command(flatten)]
        stream: StreamArgs,
    }

    #[test]
    fn credentials_prefer_a_creds_file_then_a_token() {
        let cli = Cli::parse_from(["t", "--nats-token", "s3cret", "--nats-url", "nats://h:1"]);
        let settings = cli.nats.settings("svc").unwrap();
        assert_eq!(settings.url, "nats://h:1");
        assert!(matches!(settings.auth, NatsAuth::Token(ref t) if t == "s3cret"));
        let cli = Cli::parse_from(["t", "--nats-token", "x", "--nats-creds", "a.creds"]);
        assert!(matches!(
            cli.nats.settings("svc").unwrap().auth,
            NatsAuth::CredsFile(_)
        ));
    }

    #[test]
    fn the_stream_defaults_to_one_replica_and_a_two_minute_window() {
        let cli = Cli::parse_from(["t", "--dedup-window", "30s"]);
        let stream = cli.stream.settings();
        assert_eq!(stream.replicas, 1);
        assert_eq!(stream.duplicate_window, std::time::Duration::from_secs(30));
        let cli = Cli::parse_from(["t"]);
        assert_eq!(cli.nats.settings("svc").unwrap().url, DEFAULT_NATS_URL);
    }
}
