//! The outbox worker: takes the deliveries due at `now`, attempts them concurrently,
//! and records every attempt and its consequence (delivered, retry at, failed,
//! disabled) in one transaction per round.

use std::time::Instant;

use chrono::{DateTime, TimeDelta, Utc};
use futures_util::StreamExt;
use serde::Serialize;

use crate::alerts::Notification;
use crate::context::Context;
use crate::delivery::backoff::delay;
use crate::delivery::{nats, webhook};
use crate::store::outbox::{self, Attempt, Due, Next};
use crate::store::{StoreError, ms};

/// Target name of the alerts stream.
pub const NATS_TARGET: &str = "nats";

/// Deliveries taken per round.
const ROUND: usize = 1024;

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DeliveryReport {
    /// Delivered.
    pub delivered: u64,
    /// Failed and scheduled again.
    pub retrying: u64,
    /// Given up.
    pub failed: u64,
    /// Endpoint disabled (410).
    pub disabled: u64,
}

/// Attempts everything due at `now` until nothing is due.
pub async fn deliver_due(ctx: &Context, now: DateTime<Utc>) -> Result<DeliveryReport, StoreError> {
    let mut report = DeliveryReport::default();
    loop {
        let due = ctx.db.call(move |c| outbox::due(c, ms(now), ROUND)).await?;
        let taken = due.len();
        if taken == 0 {
            break;
        }
        let attempts: Vec<Attempt> = futures_util::stream::iter(due)
            .map(|d| attempt(ctx, d, now))
            .buffer_unordered(ctx.settings.delivery.concurrency)
            .collect()
            .await;
        for a in &attempts {
            let abandoned = matches!(a.next, Next::Failed | Next::Disabled);
            (ctx.metrics).delivery(&a.target, a.next == Next::Delivered, abandoned);
            match a.next {
                Next::Delivered => report.delivered += 1,
                Next::RetryAt(_) => report.retrying += 1,
                Next::Failed => report.failed += 1,
                Next::Disabled => report.disabled += 1,
            }
        }
        ctx.db.call(move |c| outbox::record(c, &attempts)).await?;
        if taken < ROUND {
            break;
        }
    }
    Ok(report)
}

async fn attempt(ctx: &Context, due: Due, now: DateTime<Utc>) -> Attempt {
    let started = Instant::now();
    let number = due.attempts + 1;
    let (status, error, retry_after, gone) = match serde_json::from_str::<Notification>(&due.body) {
        Err(e) => (
            None,
            Some(format!("unreadable notification: {e}")),
            None,
            true,
        ),
        Ok(n) => send(ctx, &due.target, &n, now).await,
    };
    let next = if gone {
        if status == Some(410) {
            Next::Disabled
        } else {
            Next::Failed
        }
    } else if error.is_none() {
        Next::Delivered
    } else if !retryable(status) || number >= ctx.settings.delivery.max_attempts {
        Next::Failed
    } else {
        let seed = format!("{}/{}", due.notification, due.target);
        let wait =
            delay(&ctx.settings.delivery, number, &seed).max(retry_after.unwrap_or_default());
        Next::RetryAt(ms(now + TimeDelta::from_std(wait).unwrap_or(TimeDelta::MAX)))
    };
    if let Some(e) = &error {
        tracing::warn!(notification = %due.notification, target = %due.target, attempt = number, error = %e, "delivery failed");
    }
    Attempt {
        notification: due.notification,
        target: due.target,
        attempt: number,
        at_ms: ms(now),
        status,
        error,
        duration_ms: started.elapsed().as_millis() as i64,
        next,
    }
}

/// `(status, error, retry_after, final)`: `final` is true when retrying cannot help
/// (410, an endpoint no longer configured, an unreadable notification).
async fn send(
    ctx: &Context,
    target: &str,
    n: &Notification,
    now: DateTime<Utc>,
) -> (
    Option<u16>,
    Option<String>,
    Option<std::time::Duration>,
    bool,
) {
    if target == NATS_TARGET {
        return match nats::publish(&ctx.js, n).await {
            Ok(()) => (None, None, None, false),
            Err(e) => (None, Some(govtrack_runtime::error_chain(&e)), None, false),
        };
    }
    let Some(hook) = ctx.settings.webhooks.iter().find(|w| w.name == target) else {
        return (
            None,
            Some(format!("webhook {target} is no longer configured")),
            None,
            true,
        );
    };
    let timestamp = Utc::now().timestamp();
    let answer = webhook::send(&ctx.http, hook, n, timestamp, now).await;
    let gone = answer.status == Some(410);
    (answer.status, answer.error, answer.retry_after, gone)
}

/// Transport errors, 408, 429 and 5xx are worth retrying; other answers are not.
fn retryable(status: Option<u16>) -> bool {
    match status {
        None => true,
        Some(s) => s == 408 || s == 429 || s >= 500,
    }
}
