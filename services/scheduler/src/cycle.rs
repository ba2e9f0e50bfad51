//! One cycle at an instant `now`: catch the projection up, run the given jobs (their
//! findings go to the log), catch up again, evaluate the alerts, queue the digests,
//! deliver what is due. Each step counts into the context's metrics.
//! `now` is a parameter all the way down: no rule reads the clock.

use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;

use crate::alerts::{Notification, Reason, plan, sources};
use crate::context::Context;
use crate::delivery::worker::{DeliveryReport, NATS_TARGET, deliver_due};
use crate::job_run::{JobRun, append};
use crate::jobs::{JobConfig, JobKind};
use crate::projection::catch_up;
use crate::rules::{Finding, digest, maturity, overdue, source_watch, stall};
use crate::settings::Settings;
use crate::store::{self, ms, scan};

/// What a cycle did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RunReport {
    /// When (the cycle's `now`).
    pub now: Option<DateTime<Utc>>,
    /// Log sequence the projection reached.
    pub checkpoint: u64,
    /// Jobs run.
    pub jobs: Vec<JobRun>,
    /// Alert notifications decided.
    pub notifications: u64,
    /// Deliveries attempted.
    pub deliveries: DeliveryReport,
}

/// A job to run, and for which fire time.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The job.
    pub job: JobConfig,
    /// Fire time.
    pub scheduled: DateTime<Utc>,
    /// Missed fire times folded in.
    pub coalesced: u32,
}

/// Runs one cycle. `flush` skips the group wait (for `run_once`, which evaluates once).
pub async fn cycle(
    ctx: &Context,
    now: DateTime<Utc>,
    jobs: &[Planned],
    flush: bool,
) -> anyhow::Result<RunReport> {
    let path = ctx.db.path().to_owned();
    let mut report = RunReport {
        now: Some(now),
        ..RunReport::default()
    };
    report.checkpoint = catch_up(&ctx.js, &path).await?;
    // Findings first; the digest runs after the alerts are evaluated, so it reports
    // the state this cycle leaves behind.
    let (digests, findings): (Vec<&Planned>, Vec<&Planned>) = jobs
        .iter()
        .partition(|p| p.job.kind == JobKind::WeeklyDigest);
    for planned in findings {
        report.jobs.push(run_job(ctx, planned, now).await?);
    }
    if report.jobs.iter().any(|j| j.appended + j.duplicates > 0) {
        report.checkpoint = catch_up(&ctx.js, &path).await?;
    }
    crate::notification_log::merge(ctx).await?;
    report.notifications = evaluate_alerts(ctx, now, flush).await?;
    for planned in digests {
        report.jobs.push(run_job(ctx, planned, now).await?);
    }
    report.deliveries = deliver_due(ctx, now).await?;
    let pending = ctx.db.call(|c| store::outbox::pending(c)).await?;
    ctx.metrics.set_outbox_pending(pending);
    Ok(report)
}

#[tracing::instrument(name = "job", skip_all, fields(job = %planned.job.name, scheduled = %planned.scheduled))]
async fn run_job(ctx: &Context, planned: &Planned, now: DateTime<Utc>) -> anyhow::Result<JobRun> {
    let result = execute_job(ctx, planned, now).await;
    match &result {
        Ok(run) => {
            ctx.metrics.job_run(&run.job, "ok");
            ctx.metrics.findings(&run.job, run.appended, run.duplicates);
        }
        Err(_) => ctx.metrics.job_run(&planned.job.name, "error"),
    }
    result
}

async fn execute_job(
    ctx: &Context,
    planned: &Planned,
    now: DateTime<Utc>,
) -> anyhow::Result<JobRun> {
    let name = planned.job.name.clone();
    let n = name.clone();
    ctx.db
        .call(move |c| store::jobs::started(c, &n, ms(now)))
        .await?;
    let mut run = JobRun {
        job: name.clone(),
        scheduled: planned.scheduled,
        coalesced: planned.coalesced,
        appended: 0,
        duplicates: 0,
        digests: 0,
        error: None,
    };
    match planned.job.kind {
        JobKind::StallScan => append(ctx, stall_findings(ctx, now).await?, now, &mut run).await?,
        JobKind::KrOverdue => append(ctx, overdue_findings(ctx, now).await?, now, &mut run).await?,
        JobKind::WeeklyDigest => run.digests = queue_digests(ctx, now).await?,
        JobKind::SourceWatch => {
            append(ctx, source_findings(ctx, now).await?, now, &mut run).await?
        }
        JobKind::InventorySync => crate::inventory::job(ctx, now, &mut run).await?,
    }
    let outcome = match &run.error {
        Some(error) => format!("failed: {error}"),
        None => format!(
            "ok: {} appended, {} duplicates, {} digests",
            run.appended, run.duplicates, run.digests
        ),
    };
    ctx.db
        .call(move |c| store::jobs::finished(c, &name, ms(now), &outcome))
        .await?;
    tracing::info!(
        appended = run.appended,
        duplicates = run.duplicates,
        digests = run.digests,
        "job done"
    );
    Ok(run)
}

/// The stall scan over every projected initiative.
pub async fn stall_findings(ctx: &Context, now: DateTime<Utc>) -> anyhow::Result<Vec<Finding>> {
    let settings = ctx.settings.clone();
    Ok(ctx
        .db
        .call(move |c| {
            let mut out = Vec::new();
            scan::for_each_initiative(c, |row| {
                stall::scan(row, settings.thresholds.of(row.org), now, &mut out)
            })?;
            Ok(out)
        })
        .await?)
}

/// The source watch over every projected source.
pub async fn source_findings(ctx: &Context, now: DateTime<Utc>) -> anyhow::Result<Vec<Finding>> {
    let rows = ctx.db.call(|c| store::feeds::sources(c, None)).await?;
    Ok(rows
        .iter()
        .filter_map(|r| source_watch::scan(r, now))
        .collect())
}

async fn overdue_findings(ctx: &Context, now: DateTime<Utc>) -> anyhow::Result<Vec<Finding>> {
    let krs = ctx.db.call(|c| scan::key_results(c, None)).await?;
    Ok(krs.iter().filter_map(|k| overdue::scan(k, now)).collect())
}

/// One digest per organisation: OKR status, initiatives, open alerts, and maturity
/// levels evaluated from the organisation's facts with its model.
async fn queue_digests(ctx: &Context, now: DateTime<Utc>) -> anyhow::Result<u64> {
    let settings = ctx.settings.clone();
    let queued = ctx
        .db
        .call(move |c| {
            let input = digest::DigestInput {
                objectives: scan::open_objectives(c)?,
                key_results: scan::key_results(c, None)?,
                initiatives: scan::initiative_counts(c)?,
                alerts: store::alerts::list(c, None)?,
                fact_orgs: store::facts::orgs(c)?,
            };
            let mut queued = 0;
            for (org, mut body) in digest::digests(&input, now) {
                let facts = store::facts::of_org(c, &org)?;
                body["maturity"] = maturity::section(&settings.models.for_org(&org), &facts, now);
                let n = Notification::new(&org, Reason::Digest, now, Vec::new(), Some(body));
                if store::alerts::insert_notification(c, &n, &targets(&settings, &n))? {
                    queued += 1;
                }
            }
            Ok(queued)
        })
        .await?;
    ctx.metrics
        .notifications_queued(Reason::Digest.as_str(), queued);
    Ok(queued)
}

fn targets(settings: &Settings, n: &Notification) -> Vec<String> {
    let hooks = settings.webhooks_for(&n.org).map(|w| w.name.clone());
    std::iter::once(NATS_TARGET.to_owned())
        .chain(hooks)
        .collect()
}

/// Evaluates the alert lifecycle at `now` and stores the decision; returns the
/// notifications decided.
pub async fn evaluate_alerts(
    ctx: &Context,
    now: DateTime<Utc>,
    flush: bool,
) -> anyhow::Result<u64> {
    let settings = ctx.settings.clone();
    let mut timing = settings.timing;
    if flush {
        timing.group_wait = TimeDelta::zero();
    }
    let reasons = ctx
        .db
        .call(move |c| {
            let stalled = scan::stalled_initiatives(c)?;
            let krs = scan::key_results(c, None)?;
            let feeds = store::feeds::sources(c, None)?;
            let firing = (stalled.iter().map(sources::stalled))
                .chain(krs.iter().filter_map(|k| sources::overdue(k, now)))
                .chain(feeds.iter().filter_map(sources::silent))
                .chain(feeds.iter().filter_map(sources::failed))
                .collect();
            let stored = store::alerts::states(c)?;
            let silences = scan::silences(c, None)?;
            let plan = plan(firing, stored, &silences, timing, now);
            store::alerts::commit_plan(c, &plan, &|n| targets(&settings, n))?;
            for n in &plan.notifications {
                tracing::info!(org = %n.org, reason = n.reason.as_str(), alerts = n.alerts.len(), notification = %n.id, "notification");
            }
            Ok(plan.notifications.iter().map(|n| n.reason).collect::<Vec<Reason>>())
        })
        .await?;
    for reason in &reasons {
        ctx.metrics.notifications_queued(reason.as_str(), 1);
    }
    Ok(reasons.len() as u64)
}
