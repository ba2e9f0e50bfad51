//! What a job run did ([`JobRun`]), and how a job's findings reach the log
//! ([`append`]): the cycle runs the jobs, and a job such as the inventory collector
//! appends its own findings, so both use this one module.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::context::Context;
use crate::rules::Finding;

/// What a job run did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JobRun {
    /// Job name.
    pub job: String,
    /// The fire time it ran for (the run's `now` for `run_once`).
    pub scheduled: DateTime<Utc>,
    /// Earlier fire times folded into this run (missed during downtime).
    pub coalesced: u32,
    /// Findings appended as new events.
    pub appended: u64,
    /// Findings already on the log (a re-run, another scheduler).
    pub duplicates: u64,
    /// Digest notifications queued.
    pub digests: u64,
    /// Why a collector run failed (its `source.failed` finding is appended instead).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Appends findings with their deterministic ids, counting new ones and duplicates.
pub(crate) async fn append(
    ctx: &Context,
    findings: Vec<Finding>,
    now: DateTime<Utc>,
    run: &mut JobRun,
) -> anyhow::Result<()> {
    let events = findings
        .iter()
        .map(|f| f.to_event(now))
        .collect::<Result<Vec<_>, _>>()?;
    for chunk in events.chunks(1000) {
        for result in ctx.bus.append_batch(chunk, now).await {
            if result?.duplicate {
                run.duplicates += 1;
            } else {
                run.appended += 1;
            }
        }
    }
    Ok(())
}
