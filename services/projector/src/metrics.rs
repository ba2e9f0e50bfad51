//! The projector's Prometheus metrics: applied events, duplicates, dead letters, and
//! projection lag in events and in seconds, and the saved timelines.

use std::sync::atomic::AtomicU64;

use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

/// Handles to the projector's metrics (cheap to clone; clones share values).
#[derive(Debug, Clone, Default)]
pub struct ProjectorMetrics {
    /// Events applied to the read model.
    pub applied: Counter,
    /// Events skipped because their id was applied before.
    pub duplicates: Counter,
    /// Messages put in the dead-letter table.
    pub dead_letters: Counter,
    /// Batches committed.
    pub batches: Counter,
    /// Messages on the log not yet applied.
    pub lag_events: Gauge,
    /// Age of the oldest message not yet applied (0 when caught up).
    pub lag_seconds: Gauge<f64, AtomicU64>,
    /// The last stream sequence applied.
    pub checkpoint: Gauge,
    /// Organisations due a new saved timeline (see the timeline saver).
    pub saved_timelines_pending: Gauge,
    /// Timelines saved.
    pub timelines_saved: Counter,
}

impl ProjectorMetrics {
    /// Fresh metrics, registered under `govtrack_projector_*`.
    pub fn register(registry: &mut Registry) -> ProjectorMetrics {
        let metrics = ProjectorMetrics::default();
        let sub = registry.sub_registry_with_prefix("govtrack_projector");
        sub.register(
            "applied_events",
            "Events applied to the read model",
            metrics.applied.clone(),
        );
        sub.register(
            "duplicate_events",
            "Events skipped as already applied (same id)",
            metrics.duplicates.clone(),
        );
        sub.register(
            "dead_letters",
            "Messages that could not be applied",
            metrics.dead_letters.clone(),
        );
        sub.register("batches", "Batches committed", metrics.batches.clone());
        sub.register(
            "lag_events",
            "Messages on the log not yet applied",
            metrics.lag_events.clone(),
        );
        sub.register(
            "lag_seconds",
            "Age of the oldest message not yet applied",
            metrics.lag_seconds.clone(),
        );
        sub.register(
            "checkpoint_sequence",
            "Last stream sequence applied",
            metrics.checkpoint.clone(),
        );
        // The saved timelines' metrics keep their first names (`snapshots_*`): dashboards
        // and the bench read them.
        sub.register(
            "snapshots_pending",
            "Organisations due a new saved maturity timeline",
            metrics.saved_timelines_pending.clone(),
        );
        sub.register(
            "snapshots_written",
            "Maturity timelines saved",
            metrics.timelines_saved.clone(),
        );
        metrics
    }
}
