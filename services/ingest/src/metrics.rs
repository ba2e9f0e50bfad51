//! Prometheus metrics of ingest: events by type and outcome, append latency.

use std::sync::Arc;
use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct EventLabels {
    r#type: String,
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct HookLabels {
    sender: &'static str,
    outcome: &'static str,
}

/// Ingest's metrics and their registry.
pub struct IngestMetrics {
    registry: Arc<Registry>,
    events: Family<EventLabels, Counter>,
    latency: Histogram,
    hooks: Family<HookLabels, Counter>,
}

impl Default for IngestMetrics {
    fn default() -> Self {
        let mut registry = govtrack_runtime::metrics::registry("govtrack_ingest");
        let events = Family::<EventLabels, Counter>::default();
        registry.register(
            "events",
            "Events by type and outcome (accepted, duplicate, rejected)",
            events.clone(),
        );
        let latency = Histogram::new(exponential_buckets(0.0001, 2.0, 16));
        registry.register(
            "append_latency_seconds",
            "Time from validation to the log's acknowledgement",
            latency.clone(),
        );
        let hooks = Family::<HookLabels, Counter>::default();
        registry.register(
            "hook_deliveries",
            "Webhook deliveries by sender and outcome (recorded, ignored: no mapping matched, refused)",
            hooks.clone(),
        );
        IngestMetrics {
            registry: Arc::new(registry),
            events,
            latency,
            hooks,
        }
    }
}

impl IngestMetrics {
    /// Counts an appended event.
    pub fn appended(&self, event_type: &str, duplicate: bool) {
        let outcome = if duplicate { "duplicate" } else { "accepted" };
        self.events
            .get_or_create(&EventLabels {
                r#type: event_type.to_owned(),
                outcome,
            })
            .inc();
    }

    /// Counts rejected requests (their events have no trusted type).
    pub fn rejected(&self, n: u64) {
        self.events
            .get_or_create(&EventLabels {
                r#type: "invalid".to_owned(),
                outcome: "rejected",
            })
            .inc_by(n);
    }

    /// Counts a webhook delivery.
    pub fn hook_delivery(&self, sender: &'static str, outcome: &'static str) {
        self.hooks
            .get_or_create(&HookLabels { sender, outcome })
            .inc();
    }

    /// Records one append's latency.
    pub fn append_latency(&self, d: Duration) {
        self.latency.observe(d.as_secs_f64());
    }

    /// The registry, served as `/metrics`.
    pub fn registry(&self) -> Arc<Registry> {
        self.registry.clone()
    }

    /// The text exposition format.
    pub fn encode(&self) -> String {
        govtrack_runtime::metrics::encode(&self.registry).unwrap_or_default()
    }
}
