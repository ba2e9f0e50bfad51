//! Library functions behind `govtrack source expect|list` and `govtrack inventory
//! login|sync`. An expectation is an event on the log (`source.expected`); the list
//! reads the scheduler's store after catching it up with the log.

use std::time::Duration;

use anyhow::{Context as _, bail};
use chrono::{DateTime, Utc};
use govtrack_bus::{Appended, Bus};
use govtrack_events::{Envelope, RecordedBy, validate};
use serde::Serialize;
use serde_json::json;

use crate::context::Context;
use crate::inventory::{self, InventoryError, Prompt, SyncReport};
use crate::projection::catch_up;
use crate::rules::finding::{bounded_id, id_part};
use crate::rules::source_watch::{SourceStatus, status};
use crate::settings::Settings;
use crate::store::{self, at, ms};

/// Records `source.expected`: `source` of `org` should speak at least every `every`
/// (whole hours, at least one); `Duration::ZERO` withdraws the expectation.
pub async fn source_expect(
    bus: &Bus,
    org: &str,
    source: &str,
    every: Duration,
    now: DateTime<Utc>,
) -> anyhow::Result<Appended> {
    let secs = every.as_secs();
    if secs != 0 && (secs < 3600 || !secs.is_multiple_of(3600)) {
        bail!("--every must be whole hours (e.g. 24h, 7d), or 0 to stop expecting the source");
    }
    let every_hours = u32::try_from(secs / 3600).context("--every is too long")?;
    let data = json!({"source": source, "every_hours": every_hours});
    let mut envelope = Envelope::new("source.expected", org, data);
    envelope.id = Some(bounded_id(format!(
        "source-expected:{org}:{}:{every_hours}:{}",
        id_part(source),
        ms(now)
    )));
    envelope.source = Some("govtrack-cli".to_owned());
    let event = validate(envelope, now)?;
    let event = event.recorded_by(RecordedBy::nats("govtrack source expect"));
    Ok(bus.append(&event, now).await?)
}

/// A source as `govtrack source list` shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceView {
    /// Organisation.
    pub org: String,
    /// Name.
    pub source: String,
    /// Its latest event on the log, or successful collector run.
    pub last_seen: Option<DateTime<Utc>>,
    /// Expected cadence in hours (absent: none).
    pub every_hours: Option<u32>,
    /// Its state now.
    pub status: SourceStatus,
    /// The error of a failed collector run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Every source of one org (or all) at `now`, after catching the projection up.
pub async fn source_list(
    settings: &Settings,
    bus: &Bus,
    org: Option<&str>,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<SourceView>> {
    let conn = super::caught_up_store(settings, bus).await?;
    let rows = store::feeds::sources(&conn, org)?;
    Ok(rows
        .iter()
        .map(|r| SourceView {
            org: r.org.clone(),
            source: r.source.clone(),
            last_seen: r.alive_ms().map(at),
            every_hours: Some(r.every_hours).filter(|h| *h > 0),
            status: status(r, now),
            error: (status(r, now) == SourceStatus::Failed)
                .then(|| r.failed.as_ref().map(|(_, e)| e.clone()))
                .flatten(),
        })
        .collect())
}

/// `govtrack inventory sync --dry-run`: what a run would append now, appending nothing.
pub async fn inventory_preview(
    settings: Settings,
    bus: Bus,
    now: DateTime<Utc>,
) -> anyhow::Result<SyncReport> {
    let ctx = Context::new(settings, bus)?;
    catch_up(&ctx.js, ctx.db.path()).await?;
    Ok(inventory::sync(&ctx, now, true).await?)
}

/// `govtrack inventory login`: the device-code sign-in; `show` prints the code and URL.
pub async fn inventory_login(
    settings: &Settings,
    show: impl FnOnce(&Prompt),
) -> Result<(), InventoryError> {
    let s = settings.inventory.as_ref().ok_or_else(|| {
        InventoryError::Config(
            "no [inventory] block in the scheduler TOML (see `govtrack inventory --help`)".into(),
        )
    })?;
    let http = govtrack_runtime::http_client_builder()
        .timeout(s.timeout)
        .build()
        .map_err(InventoryError::Client)?;
    inventory::device_login(&http, s, &settings.data_dir, show).await
}
