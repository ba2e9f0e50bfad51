//! The `[delivery]` and `[[webhook]]` keys of the scheduler TOML: how deliveries are
//! retried, and where notifications go. Both deserialize straight from the file; a
//! secret never reaches `Debug`.
//!
//! ```toml
//! [delivery]
//! base_backoff = "10s"
//! max_backoff = "1h"
//! max_attempts = 10
//! timeout = "10s"
//! concurrency = 64
//! [[webhook]]
//! name = "contoso-slack"
//! org = "contoso"                  # absent: every organisation
//! url = "http://hooks.internal/govtrack"
//! secrets = ["whsec_..."]          # several during rotation; each signs
//! format = "slack"                 # native | alertmanager | slack | teams
//! ```

use std::time::Duration;

use govtrack_runtime::deserialize_duration;
use serde::{Deserialize, Deserializer};

use crate::delivery::format::Format;
use crate::delivery::sign::Secret;

/// A webhook endpoint (`[[webhook]]`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookConfig {
    /// Unique name (the outbox target).
    pub name: String,
    /// Organisation whose alerts it receives; every organisation when `None`.
    #[serde(default)]
    pub org: Option<String>,
    /// `http://…`.
    pub url: String,
    /// Signing secrets (`whsec_…`); each produces one signature.
    #[serde(default)]
    pub secrets: Vec<Secret>,
    /// Body format (native by default).
    #[serde(default)]
    pub format: Format,
}

/// How deliveries are retried (`[delivery]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeliverySettings {
    /// Delay before the second attempt; doubles each time (with jitter).
    #[serde(deserialize_with = "deserialize_duration")]
    pub base_backoff: Duration,
    /// Longest delay between attempts.
    #[serde(deserialize_with = "deserialize_duration")]
    pub max_backoff: Duration,
    /// Attempts before giving up (at least 1).
    #[serde(deserialize_with = "at_least_one")]
    pub max_attempts: u32,
    /// Time-out of one HTTP request.
    #[serde(deserialize_with = "deserialize_duration")]
    pub timeout: Duration,
    /// Requests in flight at once (at least 1).
    #[serde(deserialize_with = "at_least_one")]
    pub concurrency: usize,
}

impl Default for DeliverySettings {
    fn default() -> Self {
        DeliverySettings {
            base_backoff: Duration::from_secs(10),
            max_backoff: Duration::from_secs(3600),
            max_attempts: 10,
            timeout: Duration::from_secs(10),
            concurrency: 64,
        }
    }
}

/// A count where 0 would mean "never": refused rather than read as 1.
fn at_least_one<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + PartialOrd + From<u8>,
{
    let n = T::deserialize(deserializer)?;
    if n < T::from(1) {
        return Err(serde::de::Error::custom("must be at least 1"));
    }
    Ok(n)
}
