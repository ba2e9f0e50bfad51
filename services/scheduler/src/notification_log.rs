//! The notification log is shared through `GOVTRACK_ALERTS`: before deciding, a
//! scheduler merges every notice published since its last look (by itself, by another
//! scheduler that held the lease before, or by itself before its store was lost), so a
//! failover or a fresh store never notifies the same thing twice.

use std::time::Duration;

use async_nats::jetstream::consumer::{DeliverPolicy, pull};
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use govtrack_bus::subjects::ALERTS_STREAM;

use crate::alerts::Notice;
use crate::context::Context;
use crate::store::alerts::{PublishedNotice, merge_published, stream_checkpoint};

/// Longest wait for one message while catching up.
const READ_TIMEOUT: Duration = Duration::from_secs(5);

/// Merges the alerts stream up to its current end; returns the notices merged.
pub async fn merge(ctx: &Context) -> anyhow::Result<usize> {
    let mut stream = ctx.js.get_stream(ALERTS_STREAM).await?;
    let target = stream.info().await?.state.last_sequence;
    let from = ctx.db.call(|c| stream_checkpoint(c)).await?;
    if from >= target {
        return Ok(0);
    }
    let config = pull::OrderedConfig {
        deliver_policy: DeliverPolicy::ByStartSequence {
            start_sequence: from + 1,
        },
        ..Default::default()
    };
    let mut messages = stream.create_consumer(config).await?.messages().await?;
    let mut notices = Vec::new();
    let mut at = from;
    while at < target {
        let Ok(Some(message)) = tokio::time::timeout(READ_TIMEOUT, messages.next()).await else {
            anyhow::bail!("reading {ALERTS_STREAM} stopped at {at} of {target}");
        };
        let message = message?;
        // The message's metadata, as async-nats boxes its error.
        at = message
            .info()
            .map_err(anyhow::Error::from_boxed)?
            .stream_sequence;
        if let Some(p) = published(&message.payload) {
            notices.push(p);
        }
    }
    let merged = notices.len();
    ctx.db
        .call(move |c| merge_published(c, &notices, at))
        .await?;
    Ok(merged)
}

fn published(payload: &[u8]) -> Option<PublishedNotice> {
    let value: serde_json::Value = serde_json::from_slice(payload).ok()?;
    let notified: DateTime<Utc> = serde_json::from_value(value.get("notified_at")?.clone()).ok()?;
    let notice: Notice = serde_json::from_value(value).ok()?;
    Some(PublishedNotice {
        notice,
        notified_ms: notified.timestamp_millis(),
    })
}
