//! One webhook request: the body in the endpoint's format, signed, and what came back.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::alerts::Notification;
use crate::delivery::format::body;
use crate::delivery::settings::WebhookConfig;
use crate::delivery::sign::signature_header;
use crate::retry_after;

/// What the endpoint answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// HTTP status, when there was a response.
    pub status: Option<u16>,
    /// Transport error, or a short reason for a refusal.
    pub error: Option<String>,
    /// `Retry-After`, if the endpoint gave one.
    pub retry_after: Option<Duration>,
}

/// Posts `notification` to `hook`. `timestamp` (unix seconds, wall clock) goes into
/// `webhook-timestamp` and the signature; the notification id is the `webhook-id`,
/// the same on every retry so receivers can de-duplicate.
pub async fn send(
    client: &reqwest::Client,
    hook: &WebhookConfig,
    notification: &Notification,
    timestamp: i64,
    now: DateTime<Utc>,
) -> Answer {
    let payload = body(hook.format, notification, &hook.name);
    let mut request = client
        .post(&hook.url)
        .header("content-type", "application/json")
        .header(
            "user-agent",
            concat!("govtrack-scheduler/", env!("CARGO_PKG_VERSION")),
        )
        .header("webhook-id", &notification.id)
        .header("webhook-timestamp", timestamp.to_string());
    if !hook.secrets.is_empty() {
        let signature = signature_header(&hook.secrets, &notification.id, timestamp, &payload);
        request = request.header("webhook-signature", signature);
    }
    match request.body(payload).send().await {
        Ok(response) => {
            let status = response.status();
            let retry = retry_after::of(response.headers(), now);
            let error = (!status.is_success()).then(|| format!("HTTP {status}"));
            Answer {
                status: Some(status.as_u16()),
                error,
                retry_after: retry,
            }
        }
        Err(e) => Answer {
            status: None,
            error: Some(govtrack_runtime::error_chain(&e)),
            retry_after: None,
        },
    }
}
