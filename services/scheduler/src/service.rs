//! The long-running scheduler: every tick, if it holds the lease, it runs the jobs whose
//! fire time came (missed ones once, coalesced), evaluates alerts and delivers. Runs
//! never overlap: one loop, one cycle at a time, and the lease across processes.

use chrono::{DateTime, Utc};
use govtrack_bus::Bus;
use tokio_util::sync::CancellationToken;

use crate::context::Context;
use crate::cycle::{Planned, RunReport, cycle};
use crate::lease::Lease;
use crate::settings::Settings;
use crate::store::{self, at, ms};

/// A scheduler with its store open and its lease handle, ready to tick or run.
pub struct Scheduler {
    ctx: Context,
    lease: Lease,
}

impl Scheduler {
    /// Opens the store and provisions the lease stream.
    pub async fn build(settings: Settings, bus: Bus) -> anyhow::Result<Scheduler> {
        for job in &settings.jobs {
            job.schedule()?;
        }
        let ctx = Context::new(settings, bus)?;
        let lease = Lease::new(&ctx.js, &ctx.settings.lease, 1).await?;
        Ok(Scheduler { ctx, lease })
    }

    /// The shared context (store, bus, settings).
    pub fn context(&self) -> &Context {
        &self.ctx
    }

    /// The lease handle.
    pub fn lease(&self) -> &Lease {
        &self.lease
    }

    /// One iteration at `now`: `None` when another scheduler holds the lease.
    pub async fn tick(&self, now: DateTime<Utc>) -> anyhow::Result<Option<RunReport>> {
        if !self.lease.try_acquire().await? {
            return Ok(None);
        }
        let planned = self.due_jobs(now).await?;
        let renew = self.renew_while_running();
        let report = tokio::select! {
            report = cycle(&self.ctx, now, &planned, false) => report?,
            () = renew => unreachable!("renewal never ends"),
        };
        for p in &planned {
            let (name, scheduled) = (p.job.name.clone(), ms(p.scheduled));
            self.ctx
                .db
                .call(move |c| store::jobs::set_scheduled(c, &name, scheduled))
                .await?;
        }
        Ok(Some(report))
    }

    /// Keeps the lease while a long cycle runs.
    async fn renew_while_running(&self) {
        let every = self.ctx.settings.lease.ttl / 3;
        loop {
            tokio::time::sleep(every).await;
            if let Err(e) = self.lease.try_acquire().await {
                tracing::warn!(error = %e, "cannot renew the scheduler lease");
            }
        }
    }

    /// The enabled jobs due at `now`. A job seen for the first time starts its schedule
    /// at `now` (no retroactive run).
    pub async fn due_jobs(&self, now: DateTime<Utc>) -> anyhow::Result<Vec<Planned>> {
        let mut planned = Vec::new();
        for job in self.ctx.settings.jobs.iter().filter(|j| j.enabled) {
            let name = job.name.clone();
            let last = self
                .ctx
                .db
                .call(move |c| store::jobs::last_scheduled(c, &name))
                .await?;
            let Some(last) = last else {
                let name = job.name.clone();
                self.ctx
                    .db
                    .call(move |c| store::jobs::set_scheduled(c, &name, ms(now)))
                    .await?;
                continue;
            };
            if let Some(due) = job.schedule()?.due(at(last), now) {
                if due.coalesced > 0 {
                    tracing::info!(job = %job.name, missed = due.coalesced, "missed runs coalesced into one");
                }
                planned.push(Planned {
                    job: job.clone(),
                    scheduled: due.scheduled,
                    coalesced: due.coalesced,
                });
            }
        }
        Ok(planned)
    }

    /// Ticks on the wall clock every `tick` until `shutdown`; the cycle in progress is
    /// finished first, then the lease is released.
    pub async fn run(self, shutdown: CancellationToken) -> anyhow::Result<()> {
        tracing::info!(holder = %self.ctx.settings.lease.holder, "scheduler started");
        loop {
            match self.tick(Utc::now()).await {
                Ok(Some(report)) if !report.jobs.is_empty() || report.notifications > 0 => {
                    tracing::debug!(?report, "cycle done");
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(
                    error = format!("{e:#}"),
                    "scheduler cycle failed; retrying next tick"
                ),
            }
            tokio::select! {
                () = shutdown.cancelled() => break,
                () = tokio::time::sleep(self.ctx.settings.tick) => {}
            }
        }
        if let Err(e) = self.lease.release().await {
            tracing::warn!(error = %e, "cannot release the scheduler lease");
        }
        tracing::info!("scheduler stopped");
        Ok(())
    }
}

/// Builds the scheduler and runs it until `shutdown`.
pub async fn run(settings: Settings, bus: Bus, shutdown: CancellationToken) -> anyhow::Result<()> {
    Scheduler::build(settings, bus).await?.run(shutdown).await
}
