//! The scheduler's settings, loaded once by the caller and passed down: built-in
//! defaults, then a TOML file (jobs, thresholds, alert timing, webhooks, delivery,
//! lease). Secrets never reach `Debug`. What every service shares — the maturity
//! model(s), the stream replicas, the health and metrics address — comes from flags and
//! `GOVTRACK_*` variables instead, set by the caller on the public fields.
//!
//! ```toml
//! tick = "5s"                      # how often the service looks for due work
//! [alerts]
//! group_wait = "30s"
//! repeat_interval = "24h"
//! [thresholds]                     # default stall rule: 2 × checkin_days
//! stall_factor = 2.0
//! [thresholds.cadences]            # check-in days of initiatives without checkin_days
//! now = 14                         # by horizon (defaults 14, 30, 90)
//! next_year = 30
//! three_years = 90
//! [thresholds.orgs.contoso]        # per organisation
//! stall_factor = 3.0
//! cadences = { next_year = 45 }
//! [[job]]
//! name = "stall-scan"              # built-ins: stall-scan, kr-overdue, weekly-digest
//! cron = "0 */15 * * * *"          # 6/7 fields with seconds, or 5-field crontab
//! timezone = "Europe/Amsterdam"    # IANA name, default UTC
//! enabled = true
//! [[webhook]]
//! name = "contoso-slack"
//! org = "contoso"                  # absent: every organisation
//! url = "http://hooks.internal/govtrack"
//! secrets = ["whsec_..."]          # several during rotation; each signs
//! format = "slack"                 # native | alertmanager | slack | teams
//! [delivery]
//! base_backoff = "10s"
//! max_backoff = "1h"
//! max_attempts = 10
//! timeout = "10s"
//! concurrency = 64
//! [lease]
//! name = "scheduler"
//! ttl = "30s"
//! [inventory]                      # the inventory-sync job; see crate::inventory
//! org = "contoso"
//! host = "https://api.powerplatform.com"
//! tenant_id = "…"
//! client_id = "…"
//! auth = "device_code"             # or client_credentials + client_secret_file
//! ```

mod args;

pub use args::{SchedulerArgs, SchedulerFlags};

use std::collections::HashMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::TimeDelta;
use govtrack_okr::{HorizonCadences, StallThresholds};
use serde::Deserialize;

use crate::alerts::Timing;
use crate::delivery::{Format, Secret};
use crate::jobs::{JobConfig, JobKind};
use crate::rules::stall::Thresholds;
use crate::schedule::JobSchedule;
use govtrack_maturity::Models;

/// Why settings were refused.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// The file could not be read.
    #[error("cannot read {path}: {reason}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// The file is not valid settings; the message names the key.
    #[error("{0}")]
    Invalid(String),
}

/// A webhook endpoint.
#[derive(Clone, PartialEq)]
pub struct WebhookConfig {
    /// Unique name (the outbox target).
    pub name: String,
    /// Organisation whose alerts it receives; every organisation when `None`.
    pub org: Option<String>,
    /// `http://…`.
    pub url: String,
    /// Signing secrets (`whsec_…`); each produces one signature.
    pub secrets: Vec<Secret>,
    /// Body format.
    pub format: Format,
}

impl fmt::Debug for WebhookConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookConfig")
            .field("name", &self.name)
            .field("org", &self.org)
            .field("url", &self.url)
            .field("secrets", &self.secrets.len())
            .field("format", &self.format)
            .finish()
    }
}

/// How deliveries are retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeliverySettings {
    /// Delay before the second attempt; doubles each time (with jitter).
    pub base_backoff: Duration,
    /// Longest delay between attempts.
    pub max_backoff: Duration,
    /// Attempts before giving up.
    pub max_attempts: u32,
    /// Time-out of one HTTP request.
    pub timeout: Duration,
    /// Requests in flight at once.
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

/// The lease that lets one scheduler act at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaseSettings {
    /// Lease name (schedulers sharing a name exclude each other).
    pub name: String,
    /// How long a lease lasts without renewal (the holder renews every tick).
    pub ttl: Duration,
    /// This process's identity.
    pub holder: String,
    /// How long `run_once` waits for the lease.
    pub wait: Duration,
}

impl Default for LeaseSettings {
    fn default() -> Self {
        LeaseSettings {
            name: "scheduler".to_owned(),
            ttl: Duration::from_secs(30),
            holder: format!("{}-{}", hostname(), std::process::id()),
            wait: Duration::from_secs(60),
        }
    }
}

fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname")
        .map(|h| h.trim().to_owned())
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "scheduler".to_owned())
}

/// Everything the scheduler needs besides a connection to NATS.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Data directory; the store is `{data_dir}/scheduler.db`.
    pub data_dir: PathBuf,
    /// Jobs (built-ins unless the file overrides them by name).
    pub jobs: Vec<JobConfig>,
    /// Stall thresholds.
    pub thresholds: Thresholds,
    /// Group wait and repeat interval.
    pub timing: Timing,
    /// Webhook endpoints.
    pub webhooks: Vec<WebhookConfig>,
    /// Retry policy.
    pub delivery: DeliverySettings,
    /// The lease.
    pub lease: LeaseSettings,
    /// How often the service looks for due jobs, alerts and deliveries.
    pub tick: Duration,
    /// The maturity model per organisation, for the digest's levels (`GOVTRACK_MODEL`,
    /// `GOVTRACK_ORG_MODELS`; the built-in 2025 model by default).
    pub models: Models,
    /// Replicas of the lease stream: the same as the log's (`GOVTRACK_STREAM_REPLICAS`,
    /// 3 on a NATS cluster), so the lease survives the loss of a node as the log does.
    pub stream_replicas: usize,
    /// Where to serve `/healthz`, `/readyz` and `/metrics`
    /// (`GOVTRACK_SCHEDULER_HTTP_ADDR`); none when `None`. Port 0 picks a free one.
    pub http_addr: Option<SocketAddr>,
    /// The inventory collector (`[inventory]`); the `inventory-sync` job is off without it.
    pub inventory: Option<crate::inventory::InventorySettings>,
}

impl Settings {
    /// Defaults for a data directory: the three built-in jobs, no webhooks.
    pub fn new(data_dir: impl Into<PathBuf>) -> Settings {
        Settings {
            data_dir: data_dir.into(),
            jobs: (JobKind::ALL.iter().filter(|k| k.is_default()))
                .map(|k| k.default_config())
                .collect(),
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

    /// Defaults, then the file at `path` (if any).
    pub fn load(
        data_dir: impl Into<PathBuf>,
        path: Option<&Path>,
    ) -> Result<Settings, SettingsError> {
        let settings = Settings::new(data_dir);
        let Some(path) = path else {
            return Ok(settings);
        };
        let text = std::fs::read_to_string(path).map_err(|e| SettingsError::Read {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        settings.with_toml(&text)
    }

    /// These settings with a TOML document applied on top.
    pub fn with_toml(mut self, text: &str) -> Result<Settings, SettingsError> {
        let file: File = toml::from_str(text).map_err(|e| SettingsError::Invalid(e.to_string()))?;
        if let Some(tick) = file.tick {
            self.tick = duration("tick", &tick)?;
        }
        if let Some(a) = file.alerts {
            if let Some(v) = a.group_wait {
                self.timing.group_wait = delta("alerts.group_wait", &v)?;
            }
            if let Some(v) = a.repeat_interval {
                self.timing.repeat_interval = delta("alerts.repeat_interval", &v)?;
            }
        }
        if let Some(t) = file.thresholds {
            self.thresholds = t.into_thresholds();
        }
        for job in file.job {
            self.set_job(job.into_config()?);
        }
        for hook in file.webhook {
            self.webhooks.push(hook.into_config()?);
        }
        if let Some(d) = file.delivery {
            d.apply(&mut self.delivery)?;
        }
        if let Some(l) = file.lease {
            l.apply(&mut self.lease)?;
        }
        if let Some(i) = file.inventory {
            let inventory = i.into_settings()?;
            if !self.jobs.iter().any(|j| j.kind == JobKind::InventorySync) {
                self.set_job(JobConfig {
                    cron: inventory.cron.clone(),
                    ..JobKind::InventorySync.default_config()
                });
            }
            self.inventory = Some(inventory);
        }
        Ok(self)
    }

    /// Adds a job, replacing one of the same name.
    pub fn set_job(&mut self, job: JobConfig) {
        self.jobs.retain(|j| j.name != job.name);
        self.jobs.push(job);
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    tick: Option<String>,
    alerts: Option<AlertsFile>,
    thresholds: Option<ThresholdsFile>,
    #[serde(default)]
    job: Vec<JobFile>,
    #[serde(default)]
    webhook: Vec<WebhookFile>,
    delivery: Option<DeliveryFile>,
    lease: Option<LeaseFile>,
    inventory: Option<crate::inventory::InventoryFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AlertsFile {
    group_wait: Option<String>,
    repeat_interval: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FactorsFile {
    due_factor: Option<f64>,
    stall_factor: Option<f64>,
    cadences: Option<CadencesFile>,
}

/// `[thresholds.cadences]`: check-in days by horizon for initiatives without their own.
#[derive(Deserialize, Clone, Copy)]
#[serde(deny_unknown_fields)]
struct CadencesFile {
    now: Option<u32>,
    next_year: Option<u32>,
    three_years: Option<u32>,
}

impl FactorsFile {
    fn over(&self, base: StallThresholds) -> StallThresholds {
        let c = self.cadences;
        let pick = |get: fn(&CadencesFile) -> Option<u32>, base: u32| {
            c.as_ref().and_then(get).filter(|d| *d > 0).unwrap_or(base)
        };
        StallThresholds {
            due_factor: self.due_factor.unwrap_or(base.due_factor),
            stall_factor: self.stall_factor.unwrap_or(base.stall_factor),
            cadences: HorizonCadences {
                now: pick(|c| c.now, base.cadences.now),
                next_year: pick(|c| c.next_year, base.cadences.next_year),
                three_years: pick(|c| c.three_years, base.cadences.three_years),
            },
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThresholdsFile {
    due_factor: Option<f64>,
    stall_factor: Option<f64>,
    cadences: Option<CadencesFile>,
    #[serde(default)]
    orgs: HashMap<String, FactorsFile>,
}

impl ThresholdsFile {
    fn into_thresholds(self) -> Thresholds {
        let default = FactorsFile {
            due_factor: self.due_factor,
            stall_factor: self.stall_factor,
            cadences: self.cadences,
        }
        .over(StallThresholds::default());
        let per_org = self
            .orgs
            .into_iter()
            .map(|(org, f)| (org, f.over(default)))
            .collect();
        Thresholds { default, per_org }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JobFile {
    name: String,
    kind: Option<String>,
    cron: String,
    timezone: Option<String>,
    enabled: Option<bool>,
}

impl JobFile {
    fn into_config(self) -> Result<JobConfig, SettingsError> {
        let kind_name = self.kind.as_deref().unwrap_or(&self.name);
        let kind = JobKind::parse(kind_name).ok_or_else(|| {
            SettingsError::Invalid(format!(
                "job {}: unknown kind {kind_name:?} ({})",
                self.name,
                JobKind::ALL
                    .iter()
                    .map(|k| k.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?;
        let timezone = self.timezone.unwrap_or_else(|| "UTC".to_owned());
        JobSchedule::parse(&self.cron, &timezone)
            .map_err(|e| SettingsError::Invalid(format!("job {}: {e}", self.name)))?;
        Ok(JobConfig {
            name: self.name,
            kind,
            cron: self.cron,
            timezone,
            enabled: self.enabled.unwrap_or(true),
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WebhookFile {
    name: String,
    org: Option<String>,
    url: String,
    #[serde(default)]
    secrets: Vec<String>,
    format: Option<String>,
}

impl WebhookFile {
    fn into_config(self) -> Result<WebhookConfig, SettingsError> {
        let invalid =
            |what: String| SettingsError::Invalid(format!("webhook {}: {what}", self.name));
        let secrets = (self.secrets.iter())
            .map(|s| Secret::parse(s).map_err(|e| invalid(e.to_string())))
            .collect::<Result<_, _>>()?;
        let format = match self.format.as_deref() {
            None => Format::Native,
            Some(f) => Format::parse(f).ok_or_else(|| {
                invalid(format!(
                    "format {f:?} is not one of native, alertmanager, slack, teams"
                ))
            })?,
        };
        Ok(WebhookConfig {
            name: self.name,
            org: self.org,
            url: self.url,
            secrets,
            format,
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DeliveryFile {
    base_backoff: Option<String>,
    max_backoff: Option<String>,
    max_attempts: Option<u32>,
    timeout: Option<String>,
    concurrency: Option<usize>,
}

impl DeliveryFile {
    fn apply(self, d: &mut DeliverySettings) -> Result<(), SettingsError> {
        if let Some(v) = self.base_backoff {
            d.base_backoff = duration("delivery.base_backoff", &v)?;
        }
        if let Some(v) = self.max_backoff {
            d.max_backoff = duration("delivery.max_backoff", &v)?;
        }
        if let Some(v) = self.timeout {
            d.timeout = duration("delivery.timeout", &v)?;
        }
        d.max_attempts = self.max_attempts.unwrap_or(d.max_attempts).max(1);
        d.concurrency = self.concurrency.unwrap_or(d.concurrency).max(1);
        Ok(())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LeaseFile {
    name: Option<String>,
    ttl: Option<String>,
    holder: Option<String>,
}

impl LeaseFile {
    fn apply(self, l: &mut LeaseSettings) -> Result<(), SettingsError> {
        if let Some(v) = self.ttl {
            l.ttl = duration("lease.ttl", &v)?;
        }
        l.name = self.name.unwrap_or(std::mem::take(&mut l.name));
        l.holder = self.holder.unwrap_or(std::mem::take(&mut l.holder));
        Ok(())
    }
}

pub use govtrack_runtime::parse_duration;

fn duration(key: &str, text: &str) -> Result<Duration, SettingsError> {
    parse_duration(text).ok_or_else(|| {
        SettingsError::Invalid(format!(
            "{key}: {text:?} is not a duration like 30s, 15m, 24h, 7d"
        ))
    })
}

fn delta(key: &str, text: &str) -> Result<TimeDelta, SettingsError> {
    let d = duration(key, text)?;
    TimeDelta::from_std(d).map_err(|_| SettingsError::Invalid(format!("{key}: too long")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_overrides_jobs_by_name_and_names_bad_keys() {
        let s = Settings::new("/tmp/x")
            .with_toml(
                r#"
                [alerts]
                repeat_interval = "12h"
                [thresholds.cadences]
                three_years = 120
                [thresholds.orgs.contoso]
                stall_factor = 3.0
                cadences = { next_year = 45 }
                [[job]]
                name = "stall-scan"
                cron = "*/5 * * * *"
                timezone = "Europe/Amsterdam"
                [[webhook]]
                name = "hook"
                url = "http://127.0.0.1:1/x"
                secrets = ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]
                format = "teams"
                "#,
            )
            .unwrap();
        assert_eq!(
            s.jobs.len(),
            4,
            "stall-scan, kr-overdue, weekly-digest, source-watch"
        );
        assert_eq!(s.timing.repeat_interval, TimeDelta::hours(12));
        assert_eq!(s.thresholds.of("contoso").stall_factor, 3.0);
        assert_eq!(s.thresholds.of("other").stall_factor, 2.0);
        let contoso = s.thresholds.of("contoso").cadences;
        assert_eq!(
            (contoso.now, contoso.next_year, contoso.three_years),
            (14, 45, 120)
        );
        let other = s.thresholds.of("other").cadences;
        assert_eq!((other.next_year, other.three_years), (30, 120));
        assert!(!format!("{:?}", s.webhooks).contains("whsec_"));
        let err = Settings::new("/tmp/x")
            .with_toml("[alerts]\nrepeat_intervall = \"1h\"")
            .unwrap_err();
        assert!(err.to_string().contains("repeat_intervall"), "{err}");
    }
}
