//! Library functions behind the CLI: `govtrack alerts [--org]`, `alerts deliveries`,
//! `alerts tail`, `silence add|list|expire`. Silences are events on the log, so they
//! go through the bus like any other event; lists read the scheduler's store.
//! Feeds (`source expect|list`, `inventory login|sync`) are in [`feeds`].

use anyhow::Context as _;
use async_nats::jetstream::{self, consumer::DeliverPolicy, consumer::pull};
use chrono::{DateTime, Utc};
use futures_util::{Stream, StreamExt};
use govtrack_bus::subjects::ALERTS_STREAM;
use govtrack_bus::{Appended, Bus};
use govtrack_events::data::SilenceMatchers;
use govtrack_events::{Envelope, RecordedBy, validate};
use serde::Serialize;
use serde_json::json;

use crate::projection::catch_up;
use crate::settings::Settings;
use crate::store::alerts::AlertView;
use crate::store::outbox::DeliveryView;
use crate::store::scan::SilenceRow;
use crate::store::{self, ms};

pub mod feeds;

/// The scheduler's store, once the log is folded into it.
async fn caught_up_store(settings: &Settings, bus: &Bus) -> anyhow::Result<rusqlite::Connection> {
    let path = settings.store_path();
    catch_up(bus.jetstream(), &path).await?;
    Ok(store::open(&path)?)
}

/// The alerts the scheduler knows (of one org, or all), firing first.
pub fn list_alerts(settings: &Settings, org: Option<&str>) -> anyhow::Result<Vec<AlertView>> {
    let conn = store::open(&settings.store_path())?;
    Ok(store::alerts::list(&conn, org)?)
}

/// Deliveries with every attempt (of one org, or all), newest first.
pub fn deliveries(
    settings: &Settings,
    org: Option<&str>,
    limit: usize,
) -> anyhow::Result<Vec<DeliveryView>> {
    let conn = store::open(&settings.store_path())?;
    Ok(store::outbox::deliveries(&conn, org, limit)?)
}

/// Turns a webhook endpoint disabled by a 410 back on; false if it was not disabled.
pub fn enable_endpoint(settings: &Settings, name: &str) -> anyhow::Result<bool> {
    let conn = store::open(&settings.store_path())?;
    Ok(store::outbox::enable_endpoint(&conn, name)?)
}

/// A new silence.
#[derive(Debug, Clone, PartialEq)]
pub struct SilenceRequest {
    /// The organisation it belongs to (and matches, unless `matchers.org` says otherwise).
    pub org: String,
    /// Its id; generated when `None`.
    pub silence: Option<String>,
    /// What it mutes.
    pub matchers: SilenceMatchers,
    /// Who asks.
    pub owner: String,
    /// Why.
    pub reason: String,
    /// Until when.
    pub expires_at: DateTime<Utc>,
}

/// Records `silence.created`; returns the silence id and where the event landed.
pub async fn silence_add(
    bus: &Bus,
    request: SilenceRequest,
    now: DateTime<Utc>,
) -> anyhow::Result<(String, Appended)> {
    let id = request
        .silence
        .unwrap_or_else(|| format!("s-{}", ulid::Ulid::new().to_string().to_lowercase()));
    let data = json!({
        "silence": id, "matchers": request.matchers, "owner": request.owner,
        "reason": request.reason, "expires_at": request.expires_at,
    });
    let mut envelope = Envelope::new("silence.created", &request.org, data);
    envelope.id = Some(format!("silence-created:{}:{id}", request.org));
    envelope.source = Some("govtrack-silence".to_owned());
    let event = validate(envelope, now)?;
    let event = event.recorded_by(RecordedBy::nats("govtrack silence add"));
    let appended = bus.append(&event, now).await?;
    Ok((id, appended))
}

/// Records `silence.expired` for a silence of `org`.
pub async fn silence_expire(
    bus: &Bus,
    org: &str,
    silence: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<Appended> {
    let mut envelope = Envelope::new("silence.expired", org, json!({ "silence": silence }));
    envelope.id = Some(format!("silence-expired:{org}:{silence}:{}", ms(now)));
    envelope.source = Some("govtrack-silence".to_owned());
    let event = validate(envelope, now)?;
    let event = event.recorded_by(RecordedBy::nats("govtrack silence expire"));
    Ok(bus.append(&event, now).await?)
}

/// A silence and whether it mutes at the time asked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SilenceView {
    /// As projected.
    #[serde(flatten)]
    pub silence: SilenceRow,
    /// Mutes at `now`.
    pub active: bool,
}

/// The silences of one org (or all), after catching the projection up with the log.
pub async fn silence_list(
    settings: &Settings,
    bus: &Bus,
    org: Option<&str>,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<SilenceView>> {
    let conn = caught_up_store(settings, bus).await?;
    let rows = store::scan::silences(&conn, org)?;
    Ok(rows
        .into_iter()
        .map(|s| SilenceView {
            active: s.is_active(ms(now)),
            silence: s,
        })
        .collect())
}

/// A message of the alerts stream.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertMessage {
    /// Stream sequence.
    pub sequence: u64,
    /// `govtrack.alerts.{org}.{kind}`.
    pub subject: String,
    /// The JSON body.
    pub body: serde_json::Value,
}

/// Follows `GOVTRACK_ALERTS` (one org or all): new messages, or everything kept
/// when `from_start`.
pub async fn tail(
    js: &jetstream::Context,
    org: Option<&str>,
    from_start: bool,
) -> anyhow::Result<impl Stream<Item = anyhow::Result<AlertMessage>> + use<>> {
    let stream = js
        .get_stream(ALERTS_STREAM)
        .await
        .context("while opening the alerts stream")?;
    let filter = match org {
        Some(o) => format!("govtrack.alerts.{o}.>"),
        None => "govtrack.alerts.>".to_owned(),
    };
    let config = pull::OrderedConfig {
        filter_subject: filter,
        deliver_policy: if from_start {
            DeliverPolicy::All
        } else {
            DeliverPolicy::New
        },
        ..Default::default()
    };
    let messages = stream.create_consumer(config).await?.messages().await?;
    Ok(messages.map(|m| {
        let m = m?;
        let sequence = m.info().map(|i| i.stream_sequence).unwrap_or(0);
        Ok(AlertMessage {
            sequence,
            subject: m.subject.to_string(),
            body: serde_json::from_slice(&m.payload).unwrap_or_default(),
        })
    }))
}
