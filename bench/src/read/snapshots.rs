//! The projector's maturity snapshots before (d): the api starts only once the
//! projector's snapshot thread has nothing pending (`govtrack_projector_snapshots_pending`
//! at 0 on two reads in a row, with no snapshot written between them), so the first
//! pass of (d1) is the cold first view a restarted api gets. Their count and bytes are
//! read from the read model.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;
use govtrack_readmodel::{ReadModelDir, open_reader, saved_timelines};
use serde::Serialize;

use super::catchup::{metric, scrape};
use crate::service::Service;

/// How often the metrics are read.
const POLL: Duration = Duration::from_millis(500);
/// Longest wait for the snapshots (about 1,000 large organisations on a slow machine).
const WITHIN: Duration = Duration::from_secs(1800);

/// What the snapshots came to.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct SnapshotFacts {
    /// From the end of the catch-up until nothing was pending.
    pub seconds: f64,
    /// Snapshots in the read model.
    pub count: u64,
    /// Their saved text, in bytes.
    pub bytes: u64,
}

/// Waits until `projector` has no snapshot pending, then counts them in `data_dir`.
pub async fn wait(projector: &mut Service, data_dir: &Path) -> anyhow::Result<SnapshotFacts> {
    let started = Instant::now();
    let client = govtrack_runtime::http_client_builder()
        .no_proxy()
        .timeout(Duration::from_secs(5))
        .build()?;
    let url = format!("{}/metrics", projector.base_url());
    let mut previous: Option<u64> = None;
    while started.elapsed() < WITHIN {
        projector.check_running()?;
        tokio::time::sleep(POLL).await;
        let Some(text) = scrape(&client, &url).await else {
            continue;
        };
        let pending = metric(&text, "govtrack_projector_snapshots_pending");
        let written = metric(&text, "govtrack_projector_snapshots_written_total");
        if pending == 0 && previous == Some(written) {
            let (count, bytes) = totals(data_dir)?;
            return Ok(SnapshotFacts {
                seconds: started.elapsed().as_secs_f64(),
                count,
                bytes,
            });
        }
        previous = (pending == 0).then_some(written);
    }
    anyhow::bail!(
        "the projector's maturity snapshots were still pending after {} s",
        WITHIN.as_secs()
    )
}

/// The snapshots in the current read model and the bytes of their text.
fn totals(data_dir: &Path) -> anyhow::Result<(u64, u64)> {
    let current = (ReadModelDir::under(data_dir).current())
        .context("reading the read model's CURRENT")?
        .context("no read model yet")?;
    let conn = open_reader(&current.path)?;
    Ok(saved_timelines::totals(&conn)?)
}
