//! The scheduler's settings, loaded once by the caller and passed down: built-in
//! defaults, then a TOML file (jobs, thresholds, alert timing, webhooks, delivery,
//! lease, inventory). Each part is its module's own type, read straight from the file
//! by serde, every key optional and every duration by the one rule of
//! `govtrack_runtime` (`250ms`, `30s`, `15m`, `24h`, `7d`). What every service shares —
//! the maturity model(s), the stream replicas, the health and metrics address — comes
//! from flags and `GOVTRACK_*` variables instead ([`crate::args`]). Secrets never reach
//! `Debug`; a refused file is named with the line and the key.
//!
//! ```toml
//! tick = "5s"                      # how often the service looks for due work
//! [alerts]                         # crate::alerts::Timing
//! group_wait = "30s"
//! repeat_interval = "24h"
//! [thresholds]                     # default stall rule: 2 × checkin_days
//! stall_factor = 2.0
//! [thresholds.cadences]            # check-in days of initiatives without checkin_days
//! now = 14                         # by horizon (defaults 14, 30, 90)
//! [thresholds.orgs.contoso]        # per organisation, over the defaults above
//! stall_factor = 3.0
//! cadences = { next_year = 45 }
//! [[job]]                          # crate::jobs::JobConfig, over the built-ins by name
//! name = "stall-scan"              # built-ins: stall-scan, kr-overdue, weekly-digest
//! cron = "0 */15 * * * *"          # 6/7 fields with seconds, or 5-field crontab
//! timezone = "Europe/Amsterdam"    # IANA name, default UTC
//! [[webhook]]                      # crate::delivery::settings
//! name = "contoso-slack"
//! url = "http://hooks.internal/govtrack"
//! [delivery]
//! max_attempts = 10
//! [lease]                          # crate::lease::LeaseSettings
//! ttl = "30s"
//! [inventory]                      # crate::inventory::settings
//! org = "contoso"
//! ```

mod overrides;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use govtrack_maturity::Models;
use govtrack_runtime::deserialize_duration;
use serde::Deserialize;

use crate::alerts::Timing;
use crate::delivery::settings::{DeliverySettings, WebhookConfig};
use crate::inventory::settings::InventorySettings;
use crate::jobs::{JobConfig, JobKind};
use crate::lease::LeaseSettings;
use crate::rules::stall::Thresholds;

/// Why the settings file was refused.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// The file could not be read.
    #[error("cannot read {}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid settings.
    #[error("{file}{}, at {key}", line.map(|l| format!(", line {l}")).unwrap_or_default())]
    Invalid {
        /// The file (or "the scheduler TOML" for a document without one).
        file: String,
        /// The line the problem is on, when the parser knows it.
        line: Option<usize>,
        /// The key, dotted (`inventory.retry_budget`, `job`, `alerts`).
        key: String,
        /// What is wrong there, as the parser says it (with the line quoted).
        #[source]
        source: Box<toml::de::Error>,
    },
}

/// Everything the scheduler needs besides a connection to NATS.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Data directory; the store is `{data_dir}/scheduler.db`.
    #[serde(skip)]
    pub data_dir: PathBuf,
    /// Jobs: the built-ins, replaced by name or added to by `[[job]]`.
    #[serde(rename = "job", deserialize_with = "overrides::jobs")]
    pub jobs: Vec<JobConfig>,
    /// Stall thresholds, per organisation over the default.
    #[serde(deserialize_with = "overrides::thresholds")]
    pub thresholds: Thresholds,
    /// Group wait and repeat interval (`[alerts]`).
    #[serde(rename = "alerts")]
    pub timing: Timing,
    /// Webhook endpoints (`[[webhook]]`).
    #[serde(rename = "webhook")]
    pub webhooks: Vec<WebhookConfig>,
    /// Retry policy.
    pub delivery: DeliverySettings,
    /// The lease.
    pub lease: LeaseSettings,
    /// How often the service looks for due jobs, alerts and deliveries.
    #[serde(deserialize_with = "deserialize_duration")]
    pub tick: Duration,
    /// The maturity model per organisation, for the digest's levels (`GOVTRACK_MODEL`,
    /// `GOVTRACK_ORG_MODELS`; the built-in 2025 model by default).
    #[serde(skip)]
    pub models: Models,
    /// Replicas of the lease stream: the same as the log's (`GOVTRACK_STREAM_REPLICAS`,
    /// 3 on a NATS cluster), so the lease survives the loss of a node as the log does.
    #[serde(skip)]
    pub stream_replicas: usize,
    /// Where to serve `/healthz`, `/readyz` and `/metrics`
    /// (`GOVTRACK_SCHEDULER_HTTP_ADDR`); none when `None`. Port 0 picks a free one.
    #[serde(skip)]
    pub http_addr: Option<SocketAddr>,
    /// The inventory collector (`[inventory]`); the `inventory-sync` job is off without it.
    #[serde(deserialize_with = "InventorySettings::deserialize_checked")]
    pub inventory: Option<InventorySettings>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            data_dir: PathBuf::new(),
            jobs: JobKind::built_ins(),
            thresholds: Thresholds::default(),
            timing: Timing::default(),
            webhooks: Vec::new(),
            delivery: DeliverySettings::default(),
            lease: LeaseSettings::default(),
            tick: Duration::from_secs(5),
            models: Models::default(),
            stream_replicas: 1,
            http_addr: None,
            inventory: None,
        }
    }
}

impl Settings {
    /// Defaults for a data directory: the built-in jobs, no webhooks.
    pub fn new(data_dir: impl Into<PathBuf>) -> Settings {
        Settings {
            data_dir: data_dir.into(),
            ..Settings::default()
        }
    }

    /// Defaults, then the file at `path` (if any).
    pub fn load(
        data_dir: impl Into<PathBuf>,
        path: Option<&Path>,
    ) -> Result<Settings, SettingsError> {
        let Some(path) = path else {
            return Ok(Settings::new(data_dir));
        };
        let text = std::fs::read_to_string(path).map_err(|source| SettingsError::Read {
            path: path.to_owned(),
            source,
        })?;
        Settings::parse(data_dir, &text, &path.display().to_string())
    }

    /// Defaults, then a TOML document.
    pub fn from_toml(data_dir: impl Into<PathBuf>, text: &str) -> Result<Settings, SettingsError> {
        Settings::parse(data_dir, text, "the scheduler TOML")
    }

    fn parse(
        data_dir: impl Into<PathBuf>,
        text: &str,
        file: &str,
    ) -> Result<Settings, SettingsError> {
        let invalid = |key: String, source: toml::de::Error| SettingsError::Invalid {
            file: file.to_owned(),
            line: source
                .span()
                .map(|s| text[..s.start].matches('\n').count() + 1),
            key,
            source: Box::new(source),
        };
        let document = toml::Deserializer::parse(text).map_err(|e| invalid("the top".into(), e))?;
        let mut settings: Settings = serde_path_to_error::deserialize(document).map_err(|e| {
            let key = match e.path().to_string() {
                path if path == "." => "the top".to_owned(),
                path => path,
            };
            invalid(key, e.into_inner())
        })?;
        settings.data_dir = data_dir.into();
        // `[inventory]` turns its job on, on its own schedule unless `[[job]]` gives one.
        if let Some(inventory) = &settings.inventory
            && !settings
                .jobs
                .iter()
                .any(|j| j.kind == JobKind::InventorySync)
        {
            settings.set_job(JobConfig {
                cron: inventory.cron.clone(),
                ..JobKind::InventorySync.default_config()
            });
        }
        Ok(settings)
    }

    /// Adds a job, replacing one of the same name.
    pub fn set_job(&mut self, job: JobConfig) {
        overrides::set_job(&mut self.jobs, job);
    }

    /// The store file.
    pub fn store_path(&self) -> PathBuf {
        crate::store::path_under(&self.data_dir)
    }

    /// The webhooks that receive `org`'s notifications.
    pub fn webhooks_for<'a>(
        &'a self,
        org: &'a str,
    ) -> impl Iterator<Item = &'a WebhookConfig> + 'a {
        self.webhooks
            .iter()
            .filter(move |w| w.org.as_deref().is_none_or(|o| o == org))
    }
}

#[cfg(test)]
mod tests;
