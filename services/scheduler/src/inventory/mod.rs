//! The inventory collector, job `inventory-sync`: reads the tenant's Power Platform
//! inventory (environments, apps, flows, Copilot Studio agents) and appends what
//! changed as facts — `environment.created` / `.updated` / `.deleted`,
//! `inventory.counted`, and `key_result.measured` for key results bound to a count.
//!
//! A run collects every page first, diffs against the scheduler's own projection of
//! the log, and only then appends, with deterministic ids; a run that fails part-way
//! appends nothing but its `source.failed` finding, which the source watch alerts on.
//! Off until `[inventory]` is configured ([`InventorySettings`]).

mod auth;
mod diff;
mod error;
mod query;
mod settings;
mod token_file;

pub use auth::{Prompt, device_login};
pub use diff::{SOURCE, Snapshot, changes, snapshot};
pub use error::InventoryError;
pub(crate) use settings::InventoryFile;
pub use settings::{AuthMode, InventorySettings};

use chrono::{DateTime, Utc};
use govtrack_events::{Envelope, RecordedBy, validate_trusted};
use serde::Serialize;

use crate::context::Context;
use crate::cycle::JobRun;
use crate::rules::Finding;
use crate::store::{self, ms};

/// What one run found and did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SyncReport {
    /// Rows read from the inventory.
    pub rows: u64,
    /// Rows skipped (an id govtrack cannot use, an unknown type).
    pub skipped: u64,
    /// The changes (appended, or only shown with `--dry-run`).
    pub changes: Vec<Envelope>,
    /// Of those, newly appended.
    pub appended: u64,
    /// Of those, already on the log.
    pub duplicates: u64,
}

fn configured(ctx: &Context) -> Result<&InventorySettings, InventoryError> {
    ctx.settings.inventory.as_ref().ok_or_else(|| {
        InventoryError::Config(
            "the inventory collector is not configured: add an [inventory] block (org, host, tenant_id, client_id, auth) to the scheduler TOML".into(),
        )
    })
}

/// One run at `now`: collect, diff, then append (unless `dry_run`).
pub async fn sync(
    ctx: &Context,
    now: DateTime<Utc>,
    dry_run: bool,
) -> Result<SyncReport, InventoryError> {
    let s = configured(ctx)?;
    let http = client(s)?;
    let token = auth::access_token(&http, s, &ctx.settings.data_dir).await?;
    let rows = query::fetch_all(&http, s, &token).await?;
    let snap = snapshot(&rows);
    let org = s.org.clone();
    let known = ctx
        .db
        .call(move |c| store::feeds::known_inventory(c, &org))
        .await
        .map_err(|e| InventoryError::Unavailable(e.to_string()))?;
    let mut report = SyncReport {
        rows: rows.len() as u64,
        skipped: snap.skipped,
        changes: changes(&s.org, &snap, &known, now),
        ..SyncReport::default()
    };
    if dry_run {
        return Ok(report);
    }
    append(ctx, &mut report, now).await?;
    let org = s.org.clone();
    ctx.db
        .call(move |c| store::feeds::record_ok(c, &org, SOURCE, ms(now)))
        .await
        .map_err(|e| InventoryError::Unavailable(e.to_string()))?;
    Ok(report)
}

async fn append(
    ctx: &Context,
    report: &mut SyncReport,
    now: DateTime<Utc>,
) -> Result<(), InventoryError> {
    let events = (report.changes.iter().cloned())
        .map(|e| validate_trusted(e, now).map(|e| e.recorded_by(RecordedBy::service(SOURCE))))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| {
            InventoryError::Answer(format!(
                "the inventory gave a value govtrack cannot record: {e}"
            ))
        })?;
    for chunk in events.chunks(500) {
        for result in ctx.bus.append_batch(chunk, now).await {
            match result {
                Ok(ack) if ack.duplicate => report.duplicates += 1,
                Ok(_) => report.appended += 1,
                Err(e) => {
                    return Err(InventoryError::Unavailable(format!(
                        "appending to the log: {e}"
                    )));
                }
            }
        }
    }
    Ok(())
}

fn client(s: &InventorySettings) -> Result<reqwest::Client, InventoryError> {
    govtrack_runtime::http_client_builder()
        .timeout(s.timeout)
        .build()
        .map_err(|e| InventoryError::Config(format!("cannot build the HTTP client: {e}")))
}

/// When the collector's failure still standing on the log happened, if one does.
async fn failing_since(ctx: &Context) -> anyhow::Result<Option<DateTime<Utc>>> {
    let Some(org) = ctx.settings.inventory.as_ref().map(|s| s.org.clone()) else {
        return Ok(None);
    };
    let rows = ctx
        .db
        .call(move |c| store::feeds::sources(c, Some(&org)))
        .await?;
    Ok(rows
        .iter()
        .find(|r| r.source == SOURCE && crate::rules::source_watch::still_failing(r))
        .and_then(|r| r.failed.as_ref())
        .map(|(at, _)| store::at(*at)))
}

/// The scheduled job: a run, and on failure its `source.failed` finding; the first
/// success after a failure appends `source.recovered`.
pub(crate) async fn job(ctx: &Context, now: DateTime<Utc>, run: &mut JobRun) -> anyhow::Result<()> {
    let failing = failing_since(ctx).await?;
    match sync(ctx, now, false).await {
        Ok(report) => {
            run.appended = report.appended;
            run.duplicates = report.duplicates;
            if let (Some(failed_at), Some(s)) = (failing, &ctx.settings.inventory) {
                let recovered = Finding::SourceRecovered {
                    org: s.org.clone(),
                    source: SOURCE.to_owned(),
                    failed_at,
                    at: now,
                };
                crate::cycle::append(ctx, vec![recovered], now, run).await?;
            }
            tracing::info!(
                rows = report.rows,
                appended = report.appended,
                "inventory synced"
            );
        }
        Err(error) => {
            tracing::warn!(%error, "inventory run failed; nothing appended");
            let org = match &ctx.settings.inventory {
                Some(s) => s.org.clone(),
                None => return Err(error.into()),
            };
            let finding = Finding::SourceFailed {
                org,
                source: SOURCE.to_owned(),
                error: error.to_string(),
                at: now,
            };
            crate::cycle::append(ctx, vec![finding], now, run).await?;
            run.error = Some(error.to_string());
        }
    }
    Ok(())
}
