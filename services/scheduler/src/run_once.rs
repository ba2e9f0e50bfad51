//! `govtrack scheduler run-once [--now RFC3339] [--job NAME]`: every enabled job (or
//! the named one) once as of `now`, then alert evaluation (no group wait) and a
//! delivery pass, under the lease. Deterministic: the rules see only `now`.

use anyhow::{Context as _, bail};
use chrono::{DateTime, Utc};
use govtrack_bus::Bus;

use crate::cycle::{Planned, RunReport, cycle};
use crate::service::Scheduler;
use crate::settings::Settings;

/// Runs the jobs once as of `now`. `job` names one job (enabled or not); `None` runs
/// every enabled job. Waits up to `settings.lease.wait` for the lease.
pub async fn run_once(
    settings: Settings,
    bus: Bus,
    now: DateTime<Utc>,
    job: Option<&str>,
) -> anyhow::Result<RunReport> {
    let jobs: Vec<Planned> = match job {
        Some(name) => match settings.jobs.iter().find(|j| j.name == name) {
            Some(j) => vec![planned(j, now)],
            None => {
                let known: Vec<&str> = settings.jobs.iter().map(|j| j.name.as_str()).collect();
                bail!("unknown job {name:?}; jobs: {}", known.join(", "))
            }
        },
        None => settings
            .jobs
            .iter()
            .filter(|j| j.enabled)
            .map(|j| planned(j, now))
            .collect(),
    };
    let wait = settings.lease.wait;
    // A single run serves no health or metrics endpoint.
    let settings = Settings {
        http_addr: None,
        ..settings
    };
    let scheduler = Scheduler::build(settings, bus).await?;
    let lease = scheduler.lease().clone();
    if !lease.acquire_within(wait).await? {
        let holder = lease.holder().await?.unwrap_or_default();
        bail!("another scheduler ({holder}) holds the lease; try again later");
    }
    let result = cycle(scheduler.context(), now, &jobs, true).await;
    lease.release().await.context("while releasing the lease")?;
    result
}

fn planned(job: &crate::jobs::JobConfig, now: DateTime<Utc>) -> Planned {
    Planned {
        job: job.clone(),
        scheduled: now,
        coalesced: 0,
    }
}
