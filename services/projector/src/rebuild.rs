//! `govtrack projector rebuild`: a fresh read model from sequence 1, built beside the
//! live one and swapped in atomically while readers keep answering.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use govtrack_bus::Bus;
use govtrack_bus::consume::{BatchSink, run_checkpointed};
use govtrack_bus::subjects::EVENTS_STREAM;
use govtrack_readmodel::{Generation, remove_generation};
use tokio_util::sync::CancellationToken;

use tracing::Instrument;

use crate::metrics::ProjectorMetrics;
use crate::settings::Settings;
use crate::sink::ProjectorSink;

/// What a rebuild did.
#[derive(Debug, Clone, PartialEq)]
pub struct RebuildReport {
    /// The new live generation.
    pub generation: u64,
    /// Its database file.
    pub path: PathBuf,
    /// The last stream sequence it holds (the log's end when the rebuild started; the
    /// live projector continues from there).
    pub sequence: u64,
    /// How long it took.
    pub elapsed: Duration,
}

/// Builds a new generation from the whole log up to its current end, then makes it the
/// live one. A running projector follows the swap before its next batch; readers open
/// the new file on their next request. Interrupted by `shutdown`, it leaves the live
/// read model untouched.
pub async fn rebuild(
    settings: &Settings,
    bus: &Bus,
    shutdown: CancellationToken,
) -> anyhow::Result<RebuildReport> {
    let target = log_end(bus).await?;
    let generation = settings
        .read_model()
        .allocate()
        .context("while reserving a new read model generation")?;
    let span = tracing::info_span!("rebuild", generation = generation.number, target);
    build_and_swap(settings, bus, (generation, target), shutdown)
        .instrument(span)
        .await
}

async fn build_and_swap(
    settings: &Settings,
    bus: &Bus,
    (generation, target): (Generation, u64),
    shutdown: CancellationToken,
) -> anyhow::Result<RebuildReport> {
    let started = Instant::now();
    let dir = settings.read_model();
    tracing::info!("rebuilding the read model from the log");
    let stop = shutdown.child_token();
    let sink = ProjectorSink::rebuilding(
        generation.clone(),
        target,
        stop.clone(),
        ProjectorMetrics::default(),
    )?;
    let mut sink = if target == 0 {
        sink
    } else {
        run_checkpointed(bus.jetstream(), sink, settings.batch, stop).await?
    };
    let sequence = sink.checkpoint()?;
    let generation = sink.close()?;
    if sequence < target {
        remove_generation(&generation)?;
        bail!(
            "rebuild interrupted at sequence {sequence} of {target}; the live read model is unchanged"
        );
    }
    dir.publish(&generation)
        .context("while swapping the rebuilt read model in")?;
    tracing::info!(
        sequence,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "rebuilt read model is live"
    );
    Ok(RebuildReport {
        generation: generation.number,
        path: generation.path,
        sequence,
        elapsed: started.elapsed(),
    })
}

/// The last sequence on the log now.
async fn log_end(bus: &Bus) -> anyhow::Result<u64> {
    let stream = bus
        .jetstream()
        .get_stream(EVENTS_STREAM)
        .await
        .with_context(|| format!("while reading {EVENTS_STREAM}"))?;
    Ok(stream.cached_info().state.last_sequence)
}
