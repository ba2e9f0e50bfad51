//! Connecting to NATS with any of the supported credentials.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use async_nats::ConnectOptions;

use crate::BusError;

/// How to authenticate to NATS.
#[derive(Clone, Default)]
pub enum NatsAuth {
    /// No credentials.
    #[default]
    None,
    /// User and password.
    UserPassword {
        /// User name.
        user: String,
        /// Password.
        password: String,
    },
    /// A token.
    Token(String),
    /// An NKey seed (`SU…`).
    NKeySeed(String),
    /// A `.creds` file (JWT + seed), as issued by an operator.
    CredsFile(PathBuf),
}

impl fmt::Debug for NatsAuth {
    /// Secrets never reach logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NatsAuth::None => f.write_str("None"),
            NatsAuth::UserPassword { user, .. } => write!(f, "UserPassword({user}, ***)"),
            NatsAuth::Token(_) => f.write_str("Token(***)"),
            NatsAuth::NKeySeed(_) => f.write_str("NKeySeed(***)"),
            NatsAuth::CredsFile(p) => write!(f, "CredsFile({})", p.display()),
        }
    }
}

/// Where NATS is and how to log in.
#[derive(Debug, Clone)]
pub struct NatsSettings {
    /// `nats://host:port` (several comma-separated for a cluster).
    pub url: String,
    /// Credentials.
    pub auth: NatsAuth,
    /// Connection name shown by the server (`govtrack-ingest`, …).
    pub name: String,
}

impl NatsSettings {
    /// Settings for `url` without credentials.
    pub fn new(url: impl Into<String>, name: impl Into<String>) -> NatsSettings {
        NatsSettings {
            url: url.into(),
            auth: NatsAuth::None,
            name: name.into(),
        }
    }
}

/// Connects, reconnecting for ever after a loss (quickly at first, then every 2 s).
pub async fn connect(settings: &NatsSettings) -> Result<async_nats::Client, BusError> {
    let options = options(settings).await?;
    let url = settings.url.clone();
    // Several servers of a cluster, comma-separated; async-nats wants them as a list.
    let servers: Vec<&str> = settings
        .url
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    options
        .connect(servers)
        .await
        .map_err(|source| BusError::Connect { url, source })
}

async fn options(settings: &NatsSettings) -> Result<ConnectOptions, BusError> {
    let base = ConnectOptions::new()
        .name(&settings.name)
        .connection_timeout(Duration::from_secs(5))
        .max_reconnects(None)
        .reconnect_delay_callback(|attempt| {
            Duration::from_millis((attempt as u64 * 100).min(2000))
        });
    Ok(match &settings.auth {
        NatsAuth::None => base,
        NatsAuth::UserPassword { user, password } => {
            base.user_and_password(user.clone(), password.clone())
        }
        NatsAuth::Token(t) => base.token(t.clone()),
        NatsAuth::NKeySeed(seed) => base.nkey(seed.clone()),
        NatsAuth::CredsFile(path) => {
            base.credentials_file(path)
                .await
                .map_err(|source| BusError::Credentials {
                    path: path.display().to_string(),
                    source,
                })?
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_server_that_is_not_there_is_a_connect_error_that_keeps_the_clients_kind() {
        // Port 1 on loopback: nothing listens there.
        let settings = NatsSettings::new("nats://127.0.0.1:1", "test");
        let Err(BusError::Connect { url, source }) = connect(&settings).await else {
            panic!("connected to nothing");
        };
        assert_eq!(url, "nats://127.0.0.1:1");
        assert_eq!(source.kind(), async_nats::ConnectErrorKind::Io);
    }
}
