//! The long-running scheduler: every tick, if it holds the lease, it runs the jobs whose
//! fire time came (missed ones once, coalesced), evaluates alerts and delivers. Runs
//! never overlap: one loop, one cycle at a time, and the lease across processes. With
//! an HTTP address it serves `/healthz`, `/readyz` and `/metrics` meanwhile.

use std::net::SocketAddr;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use govtrack_bus::Bus;
use govtrack_bus::consume::log_end;
use govtrack_runtime::error_chain;
use prometheus_client::registry::Registry;
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::context::Context;
use crate::cycle::{Planned, RunReport, cycle};
use crate::http::{self, HttpState};
use crate::jobs::JobKind;
use crate::lease::Lease;
use crate::settings::Settings;
use crate::store::{self, at, ms};

/// A scheduler with its store open, its lease handle, and (with `http_addr`) its
/// health and metrics address bound, ready to tick or run.
pub struct Scheduler {
    ctx: Context,
    lease: Lease,
    registry: Arc<Registry>,
    listener: Option<TcpListener>,
    scan_now: Arc<Notify>,
}

/// Asks a running [`Scheduler`] to run its finding jobs (stall scan, overdue key
/// results) at once, outside their schedule — e.g. right after a bulk load, so that
/// its findings need not wait for the next fire time. Their schedules do not move.
#[derive(Clone)]
pub struct ScanNow(Arc<Notify>);

impl ScanNow {
    /// Requests a scan; requests made while one runs are served by one more scan.
    pub fn request(&self) {
        self.0.notify_one();
    }
}

impl Scheduler {
    /// Opens the store, provisions the lease stream with the log's replica count,
    /// registers the metrics and binds `settings.http_addr` if set.
    pub async fn build(settings: Settings, bus: Bus) -> anyhow::Result<Scheduler> {
        for job in &settings.jobs {
            job.schedule()?;
        }
        let ctx = Context::new(settings, bus)?;
        let mut registry = govtrack_runtime::metrics::registry("");
        ctx.metrics.register(&mut registry);
        let lease = Lease::new(&ctx.js, &ctx.settings.lease, ctx.settings.stream_replicas).await?;
        let listener = match ctx.settings.http_addr {
            Some(addr) => Some(http::bind(addr).await?),
            None => None,
        };
        Ok(Scheduler {
            ctx,
            lease,
            registry: Arc::new(registry),
            listener,
            scan_now: Arc::new(Notify::new()),
        })
    }

    /// A handle that makes the running scheduler scan at once.
    pub fn scan_now_handle(&self) -> ScanNow {
        ScanNow(self.scan_now.clone())
    }

    /// Runs the enabled finding jobs at `now` outside their schedule (their recorded
    /// fire times stay), then the rest of a cycle; `None` without the lease.
    pub async fn scan(&self, now: DateTime<Utc>) -> anyhow::Result<Option<RunReport>> {
        if !self.lease.try_acquire().await? {
            return Ok(None);
        }
        let planned: Vec<Planned> = (self.ctx.settings.jobs.iter())
            .filter(|j| j.enabled && j.kind != JobKind::WeeklyDigest)
            .map(|job| Planned {
                job: job.clone(),
                scheduled: now,
                coalesced: 0,
            })
            .collect();
        let renew = self.renew_while_running();
        tokio::select! {
            report = cycle(&self.ctx, now, &planned, false) => report.map(Some),
            () = renew => unreachable!("renewal never ends"),
        }
    }

    /// Where `/healthz` and `/metrics` are served, if an address was configured.
    pub fn http_addr(&self) -> Option<SocketAddr> {
        self.listener.as_ref().and_then(|l| l.local_addr().ok())
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
        let held = self.lease.try_acquire().await;
        self.ctx.metrics.set_lease_held(matches!(held, Ok(true)));
        let report = match held? {
            true => Some(self.run_due(now).await),
            false => None,
        };
        self.observe_projection().await;
        report.transpose()
    }

    /// Runs the due jobs and the rest of a cycle, then records the fire times handled.
    async fn run_due(&self, now: DateTime<Utc>) -> anyhow::Result<RunReport> {
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
        Ok(report)
    }

    /// Sets the projection gauges: its checkpoint, and how far the log is ahead of it
    /// (a standby scheduler does not fold, so its lag grows until it takes over).
    async fn observe_projection(&self) {
        let checkpoint = self.ctx.db.call(|c| store::projection::checkpoint(c)).await;
        match (checkpoint, log_end(&self.ctx.js).await) {
            (Ok(checkpoint), Ok(last)) => self.ctx.metrics.set_projection(checkpoint, last),
            (Err(e), _) => {
                tracing::debug!(error = %error_chain(&e), "cannot read the projection checkpoint")
            }
            (_, Err(e)) => {
                tracing::debug!(error = %error_chain(&e), "cannot read the log's last sequence")
            }
        }
    }

    /// Keeps the lease while a long cycle runs.
    async fn renew_while_running(&self) {
        let every = self.ctx.settings.lease.ttl / 3;
        loop {
            tokio::time::sleep(every).await;
            if let Err(e) = self.lease.try_acquire().await {
                tracing::warn!(error = %error_chain(&e), "cannot renew the scheduler lease");
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
    /// finished first, then the lease is released. Serves `/healthz` and `/metrics`
    /// meanwhile when an address was bound.
    pub async fn run(mut self, shutdown: CancellationToken) -> anyhow::Result<()> {
        tracing::info!(holder = %self.ctx.settings.lease.holder, "scheduler started");
        // Stops the HTTP server when the loop ends, and also if this future is dropped.
        let http_stop = CancellationToken::new();
        let _stop_http_on_drop = http_stop.clone().drop_guard();
        let server = self.listener.take().map(|listener| {
            let state = HttpState {
                registry: self.registry.clone(),
                bus: self.ctx.bus.clone(),
            };
            http::serve(listener, state, http_stop.clone())
        });
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
                () = self.scan_now.notified() => match self.scan(Utc::now()).await {
                    Ok(report) => tracing::info!(?report, "scan on request done"),
                    Err(e) => tracing::warn!(error = format!("{e:#}"), "scan on request failed"),
                },
            }
        }
        if let Err(e) = self.lease.release().await {
            tracing::warn!(error = %error_chain(&e), "cannot release the scheduler lease");
        }
        self.ctx.metrics.set_lease_held(false);
        http_stop.cancel();
        if let Some(server) = server {
            let _ = server.await;
        }
        tracing::info!("scheduler stopped");
        Ok(())
    }
}

/// Builds the scheduler and runs it until `shutdown`.
pub async fn run(settings: Settings, bus: Bus, shutdown: CancellationToken) -> anyhow::Result<()> {
    Scheduler::build(settings, bus).await?.run(shutdown).await
}
