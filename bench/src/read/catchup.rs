//! (b) Projector catch-up: `govtrack projector` starts on an empty data directory with
//! the whole history already on the log, and the clock runs from spawning the process
//! until its checkpoint reaches the stream's last sequence. The checkpoint is read from
//! the projector's own `/metrics` (`govtrack_projector_checkpoint_sequence`, set after
//! each batch's transaction commits, so it never runs ahead of what readers see) every
//! [`POLL`]; process start, migrations and consumer set-up are part of the time.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use crate::service::Service;

/// How often the checkpoint is read.
const POLL: Duration = Duration::from_millis(20);
/// Longest time without progress before the projector is declared stuck.
const STALL: Duration = Duration::from_secs(60);

/// The catch-up's figures.
#[derive(Debug, Clone, Copy)]
pub struct CaughtUp {
    /// From spawn to the last sequence applied.
    pub elapsed: Duration,
    /// `govtrack_projector_applied_events_total` at the end.
    pub applied: u64,
    /// Events skipped as duplicates.
    pub duplicates: u64,
    /// Messages put in the dead-letter table.
    pub dead_letters: u64,
}

/// Waits until `projector` (spawned at `spawned`) has applied `last_sequence`.
pub async fn wait(
    projector: &mut Service,
    last_sequence: u64,
    spawned: Instant,
) -> anyhow::Result<CaughtUp> {
    let client = govtrack_runtime::http_client_builder()
        .no_proxy()
        .timeout(Duration::from_secs(5))
        .build()?;
    let url = format!("{}/metrics", projector.base_url());
    let (mut best, mut progressed) = (0, Instant::now());
    loop {
        projector.check_running()?;
        if let Some(metrics) = scrape(&client, &url).await {
            let checkpoint = metric(&metrics, "govtrack_projector_checkpoint_sequence");
            if checkpoint >= last_sequence {
                return Ok(CaughtUp {
                    elapsed: spawned.elapsed(),
                    applied: metric(&metrics, "govtrack_projector_applied_events_total"),
                    duplicates: metric(&metrics, "govtrack_projector_duplicate_events_total"),
                    dead_letters: metric(&metrics, "govtrack_projector_dead_letters_total"),
                });
            }
            if checkpoint > best {
                (best, progressed) = (checkpoint, Instant::now());
            }
        }
        if progressed.elapsed() > STALL {
            bail!(
                "the projector made no progress for {} s (checkpoint {best} of {last_sequence})",
                STALL.as_secs()
            );
        }
        tokio::time::sleep(POLL).await;
    }
}

/// The metrics text, or `None` while the projector's HTTP server is not up yet.
pub(super) async fn scrape(client: &reqwest::Client, url: &str) -> Option<String> {
    let response = client.get(url).send().await.ok()?;
    if !response.status().is_success() {
        return None;
    }
    response.text().await.ok()
}

/// The value of a sample without labels, 0 when absent.
pub(super) fn metric(text: &str, name: &str) -> u64 {
    text.lines()
        .filter_map(|line| line.strip_prefix(name)?.strip_prefix(' '))
        .find_map(|value| value.trim().parse::<f64>().ok())
        .map_or(0, |v| v as u64)
}

/// Bytes of every file of the read model (database, `-wal`, `-shm`).
pub fn read_model_bytes(data_dir: &Path) -> anyhow::Result<u64> {
    let dir = data_dir.join("read-model");
    let mut total = 0;
    for entry in std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
        let meta = entry?.metadata()?;
        if meta.is_file() {
            total += meta.len();
        }
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    #[test]
    fn samples_are_read_by_exact_name() {
        let text = "# TYPE govtrack_projector_checkpoint_sequence gauge\n\
                    govtrack_projector_checkpoint_sequence 1234\n\
                    govtrack_projector_checkpoint_sequence_other 9\n\
                    govtrack_projector_applied_events_total 1.2e3\n";
        assert_eq!(
            super::metric(text, "govtrack_projector_checkpoint_sequence"),
            1234
        );
        assert_eq!(
            super::metric(text, "govtrack_projector_applied_events_total"),
            1200
        );
        assert_eq!(super::metric(text, "missing"), 0);
    }
}
