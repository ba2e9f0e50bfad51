//! # govtrack-projector
//!
//! Folds the log (`GOVTRACK_EVENTS`) into the SQLite read models the api serves:
//! organisations, the event timeline (which is also what the maturity evaluator reads),
//! current facts, objectives, key results, measurements and initiatives with their last
//! activity.
//!
//! - Each batch (up to a few thousand events) is one transaction that also stores the
//!   checkpoint, so a kill -9 at any instant leaves the read model equal to a prefix of
//!   the log: nothing lost, nothing doubled.
//! - Events are de-duplicated by id for ever (the timeline's unique `id`), not only within the NATS
//!   duplicate window.
//! - A message that cannot be decoded or applied goes to `dead_letter` with its
//!   sequence and reason; projection continues.
//! - [`rebuild`] builds a fresh generation from sequence 1 beside the live one and
//!   swaps it in atomically ([`govtrack_readmodel::generation`]); the running projector
//!   and the api follow.
//! - The scheduler's findings and silences become the read model's alerts, like any
//!   other fold of the log.
//! - A [`TimelineSaver`] thread saves the maturity timeline of each large organisation
//!   in the read model when the writer is idle, so the api's first view of it replays
//!   only the events after the saved timeline.
//!
//! Deciding is [`fold`] (pure); applying is `govtrack-readmodel` (the schema and all
//! its SQL, shared with the api that reads it).

mod decode;
pub mod fold;
mod http;
mod metrics;
mod rebuild;
mod saved_timeline;
mod settings;
mod sink;
mod timeline_saver;

use std::sync::Arc;

use anyhow::Context;
use govtrack_bus::Bus;
use govtrack_bus::consume::run_checkpointed;
use prometheus_client::registry::Registry;
use tokio_util::sync::CancellationToken;

pub use http::{HttpState, router};
pub use metrics::ProjectorMetrics;
pub use rebuild::{RebuildReport, rebuild};
pub use settings::{BATCH_EVENTS, ProjectorArgs, ProjectorFlags, Settings};
pub use sink::{ProjectorError, ProjectorSink};
pub use timeline_saver::TimelineSaver;

/// A projector with its read model open, ready to run.
pub struct Projector {
    settings: Settings,
    sink: ProjectorSink,
    timeline_saver: TimelineSaver,
    registry: Arc<Registry>,
    metrics: ProjectorMetrics,
}

impl Projector {
    /// Opens (or creates) the live read model and migrates it, and starts the timeline
    /// saver's thread; registers the metrics in a registry of its own.
    pub fn build(settings: Settings) -> anyhow::Result<Projector> {
        let mut registry = govtrack_runtime::metrics::registry("");
        let metrics = ProjectorMetrics::register(&mut registry);
        let sink =
            ProjectorSink::live(settings.read_model(), metrics.clone()).with_context(|| {
                format!(
                    "while opening the read model in {}",
                    settings.read_model().path().display()
                )
            })?;
        let timeline_saver = TimelineSaver::start(
            settings.read_model(),
            settings.models.clone(),
            metrics.clone(),
        )?;
        Ok(Projector {
            settings,
            sink,
            timeline_saver,
            registry: Arc::new(registry),
            metrics,
        })
    }

    /// The metrics registry (for a combined `/metrics`).
    pub fn registry(&self) -> Arc<Registry> {
        self.registry.clone()
    }

    /// The projector's metrics.
    pub fn metrics(&self) -> ProjectorMetrics {
        self.metrics.clone()
    }

    /// Projects until `shutdown`: the batch being written is finished first.
    pub async fn run(self, bus: Bus, shutdown: CancellationToken) -> anyhow::Result<()> {
        let Projector {
            settings,
            sink,
            timeline_saver,
            registry,
            metrics,
        } = self;
        let http = match settings.http_addr {
            Some(addr) => {
                let state = HttpState {
                    registry,
                    metrics,
                    bus: bus.clone(),
                };
                Some(serve_http(addr, state, shutdown.clone()).await?)
            }
            None => None,
        };
        tracing::info!(generation = sink.generation().number, "projector started");
        let sink = run_checkpointed(bus.jetstream(), sink, settings.batch, shutdown.clone()).await;
        shutdown.cancel();
        if let Some(http) = http {
            let _ = http.await;
        }
        drop(timeline_saver);
        sink.context("while projecting the log")?.close()?;
        tracing::info!("projector stopped");
        Ok(())
    }
}

async fn serve_http(
    addr: std::net::SocketAddr,
    state: HttpState,
    shutdown: CancellationToken,
) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("while binding {addr}"))?;
    tracing::info!(http.addr = %listener.local_addr()?, "projector health and metrics");
    let app = router(state);
    Ok(tokio::spawn(async move {
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(shutdown.cancelled_owned())
            .await;
        if let Err(e) = served {
            tracing::error!(error = %e, "projector HTTP server failed");
        }
    }))
}

/// Opens the read model and projects the log into it until `shutdown`.
pub async fn run(settings: Settings, bus: Bus, shutdown: CancellationToken) -> anyhow::Result<()> {
    Projector::build(settings)?.run(bus, shutdown).await
}
