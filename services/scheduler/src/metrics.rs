//! The scheduler's Prometheus metrics, under `govtrack_scheduler_*`: job runs by job and
//! outcome, findings appended, notifications queued, delivery attempts and their
//! outcome per target, the outbox backlog, whether this process holds the lease, and
//! how far the projection is behind the log.
//!
//! The handles live in the [`crate::Context`] from the start (so every code path can
//! count) and are registered into a registry by whoever serves `/metrics`.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RunLabels {
    job: String,
    outcome: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct JobLabels {
    job: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReasonLabels {
    reason: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct TargetLabels {
    target: String,
}

/// Handles to the scheduler's metrics (cheap to clone; clones share values).
#[derive(Debug, Clone, Default)]
pub struct SchedulerMetrics {
    job_runs: Family<RunLabels, Counter>,
    findings_appended: Family<JobLabels, Counter>,
    findings_duplicate: Family<JobLabels, Counter>,
    notifications: Family<ReasonLabels, Counter>,
    attempted: Family<TargetLabels, Counter>,
    succeeded: Family<TargetLabels, Counter>,
    failed: Family<TargetLabels, Counter>,
    abandoned: Family<TargetLabels, Counter>,
    outbox_pending: Gauge,
    lease_held: Gauge,
    checkpoint: Gauge,
    lag_events: Gauge,
}

impl SchedulerMetrics {
    /// Registers these handles under `govtrack_scheduler_*`.
    pub fn register(&self, registry: &mut Registry) {
        let sub = registry.sub_registry_with_prefix("govtrack_scheduler");
        sub.register(
            "job_runs",
            "Job runs by job and outcome (ok, error)",
            self.job_runs.clone(),
        );
        sub.register(
            "findings_appended",
            "Findings appended to the log as new events, by job",
            self.findings_appended.clone(),
        );
        sub.register(
            "findings_duplicate",
            "Findings already on the log (a re-run, another scheduler), by job",
            self.findings_duplicate.clone(),
        );
        sub.register(
            "notifications_queued",
            "Notifications decided and queued for delivery, by reason",
            self.notifications.clone(),
        );
        self.register_deliveries(sub);
        sub.register(
            "outbox_pending",
            "Deliveries waiting in the outbox (due now or retrying later)",
            self.outbox_pending.clone(),
        );
        sub.register(
            "lease_held",
            "1 while this process holds the scheduler lease, else 0",
            self.lease_held.clone(),
        );
        sub.register(
            "projection_checkpoint_sequence",
            "Last log sequence folded into the scheduler's projection",
            self.checkpoint.clone(),
        );
        sub.register(
            "projection_lag_events",
            "Messages on the log not yet folded into the scheduler's projection",
            self.lag_events.clone(),
        );
    }

    fn register_deliveries(&self, sub: &mut Registry) {
        sub.register(
            "deliveries_attempted",
            "Delivery attempts, by target (nats or a webhook name)",
            self.attempted.clone(),
        );
        sub.register(
            "deliveries_succeeded",
            "Delivery attempts that delivered, by target",
            self.succeeded.clone(),
        );
        sub.register(
            "deliveries_failed",
            "Delivery attempts that did not deliver (retried or not), by target",
            self.failed.clone(),
        );
        sub.register(
            "deliveries_abandoned",
            "Deliveries given up (attempts exhausted, not retryable, endpoint gone), by target",
            self.abandoned.clone(),
        );
    }

    /// Counts a job run; `outcome` is `ok` or `error`.
    pub fn job_run(&self, job: &str, outcome: &'static str) {
        let labels = RunLabels {
            job: job.to_owned(),
            outcome,
        };
        self.job_runs.get_or_create(&labels).inc();
    }

    /// Counts the findings of a job run.
    pub fn findings(&self, job: &str, appended: u64, duplicates: u64) {
        let labels = JobLabels {
            job: job.to_owned(),
        };
        self.findings_appended
            .get_or_create(&labels)
            .inc_by(appended);
        self.findings_duplicate
            .get_or_create(&labels)
            .inc_by(duplicates);
    }

    /// Counts queued notifications of one reason (`firing`, `reminder`, `resolved`,
    /// `digest`).
    pub fn notifications_queued(&self, reason: &'static str, n: u64) {
        self.notifications
            .get_or_create(&ReasonLabels { reason })
            .inc_by(n);
    }

    /// Counts one delivery attempt and its outcome.
    pub fn delivery(&self, target: &str, delivered: bool, abandoned: bool) {
        let labels = TargetLabels {
            target: target.to_owned(),
        };
        self.attempted.get_or_create(&labels).inc();
        if delivered {
            self.succeeded.get_or_create(&labels).inc();
        } else {
            self.failed.get_or_create(&labels).inc();
        }
        if abandoned {
            self.abandoned.get_or_create(&labels).inc();
        }
    }

    /// The outbox backlog.
    pub fn set_outbox_pending(&self, pending: u64) {
        self.outbox_pending.set(saturating(pending));
    }

    /// Whether this process holds the lease.
    pub fn set_lease_held(&self, held: bool) {
        self.lease_held.set(i64::from(held));
    }

    /// The projection's position against the log's last sequence.
    pub fn set_projection(&self, checkpoint: u64, log_last: u64) {
        self.checkpoint.set(saturating(checkpoint));
        self.lag_events
            .set(saturating(log_last.saturating_sub(checkpoint)));
    }
}

fn saturating(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
