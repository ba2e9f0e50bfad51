//! The built-in jobs and their configuration (`[[job]]` in the scheduler TOML).

use serde::{Deserialize, Serialize};

use crate::schedule::{JobSchedule, ScheduleError};

/// What a job does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum JobKind {
    /// Stalled and unstalled initiatives.
    StallScan,
    /// Overdue key results.
    KrOverdue,
    /// A per-org summary: OKR status, initiatives, open alerts.
    WeeklyDigest,
    /// Expected sources silent past twice their cadence.
    SourceWatch,
    /// The Power Platform inventory collector (off until `[inventory]` is configured).
    InventorySync,
}

impl JobKind {
    /// Every built-in job.
    pub const ALL: &'static [JobKind] = &[
        JobKind::StallScan,
        JobKind::KrOverdue,
        JobKind::WeeklyDigest,
        JobKind::SourceWatch,
        JobKind::InventorySync,
    ];

    /// Its name.
    pub fn name(self) -> &'static str {
        match self {
            JobKind::StallScan => "stall-scan",
            JobKind::KrOverdue => "kr-overdue",
            JobKind::WeeklyDigest => "weekly-digest",
            JobKind::SourceWatch => "source-watch",
            JobKind::InventorySync => "inventory-sync",
        }
    }

    /// Whether it runs without configuration (the collector needs `[inventory]`).
    pub fn is_default(self) -> bool {
        self != JobKind::InventorySync
    }

    /// The jobs that run without configuration, on their default schedules.
    pub fn built_ins() -> Vec<JobConfig> {
        (JobKind::ALL.iter().filter(|k| k.is_default()))
            .map(|k| k.default_config())
            .collect()
    }

    /// The default schedule: stall scan hourly, overdue key results daily at 06:00,
    /// the digest on Mondays at 08:00, the source watch hourly at half past, the
    /// inventory daily at 05:00 (UTC; `[inventory].cron` sets its own).
    pub fn default_config(self) -> JobConfig {
        let cron = match self {
            JobKind::StallScan => "0 0 * * * *",
            JobKind::KrOverdue => "0 0 6 * * *",
            JobKind::WeeklyDigest => "0 0 8 * * Mon",
            JobKind::SourceWatch => "0 30 * * * *",
            JobKind::InventorySync => "0 0 5 * * *",
        };
        JobConfig {
            name: self.name().to_owned(),
            kind: self,
            cron: cron.to_owned(),
            timezone: utc(),
            enabled: enabled(),
        }
    }
}

/// One configured job. In the file its `kind` may be left out for the job named after
/// it (see `settings::overrides`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobConfig {
    /// Unique name (its schedule state is kept under it).
    pub name: String,
    /// What it does.
    pub kind: JobKind,
    /// Cron expression (5, 6 or 7 fields).
    pub cron: String,
    /// IANA time zone (default UTC).
    #[serde(default = "utc")]
    pub timezone: String,
    /// Disabled jobs never run on schedule.
    #[serde(default = "enabled")]
    pub enabled: bool,
}

fn utc() -> String {
    "UTC".to_owned()
}

fn enabled() -> bool {
    true
}

impl JobConfig {
    /// The parsed schedule.
    pub fn schedule(&self) -> Result<JobSchedule, ScheduleError> {
        JobSchedule::parse(&self.cron, &self.timezone)
    }
}
