//! What every step of a run needs: settings, the store, the log, an HTTP client, the
//! metrics.

use std::sync::Arc;

use anyhow::Context as _;
use async_nats::jetstream;
use govtrack_bus::Bus;

use crate::metrics::SchedulerMetrics;
use crate::settings::Settings;
use crate::store::Db;

/// Shared by the jobs, the alert evaluation and the delivery worker.
#[derive(Clone)]
pub struct Context {
    /// Settings.
    pub settings: Arc<Settings>,
    /// The scheduler's store.
    pub db: Db,
    /// The log.
    pub bus: Bus,
    /// JetStream.
    pub js: jetstream::Context,
    /// Webhook client (keep-alive pool).
    pub http: reqwest::Client,
    /// Counters and gauges (registered by whoever serves `/metrics`).
    pub metrics: SchedulerMetrics,
}

impl Context {
    /// Opens the store and builds the HTTP client.
    pub fn new(settings: Settings, bus: Bus) -> anyhow::Result<Context> {
        let path = settings.store_path();
        let db = Db::open(&path).with_context(|| format!("while opening {}", path.display()))?;
        let http = govtrack_runtime::http_client_builder()
            .timeout(settings.delivery.timeout)
            .pool_max_idle_per_host(settings.delivery.concurrency)
            .build()
            .context("while building the webhook client")?;
        Ok(Context {
            js: bus.jetstream().clone(),
            settings: Arc::new(settings),
            db,
            bus,
            http,
            metrics: SchedulerMetrics::default(),
        })
    }
}
