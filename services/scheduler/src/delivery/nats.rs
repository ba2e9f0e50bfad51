//! Publishing a notification to `GOVTRACK_ALERTS`: one message per alert on
//! `govtrack.alerts.{org}.{kind}` (a digest as one message on `….digest`), each with a
//! `Nats-Msg-Id` derived from the notification, so a retry never doubles a message.

use async_nats::jetstream::context::PublishError;
use async_nats::jetstream::{self, message::PublishMessage};
use govtrack_bus::subjects::alert_subject;

use crate::alerts::{Notification, Reason};

/// Publishes and waits for every ack.
pub async fn publish(js: &jetstream::Context, n: &Notification) -> Result<(), PublishError> {
    let mut acks = Vec::new();
    for (subject, id, body) in messages(n) {
        let message = PublishMessage::build().payload(body.into()).message_id(id);
        acks.push(js.send_publish(subject, message).await?);
    }
    for ack in acks {
        ack.await?;
    }
    Ok(())
}

/// `(subject, message id, body)` of each message.
fn messages(n: &Notification) -> Vec<(String, String, Vec<u8>)> {
    if n.reason == Reason::Digest {
        let body = n.to_json().into_bytes();
        return vec![(alert_subject(&n.org, "digest"), n.id.clone(), body)];
    }
    n.alerts
        .iter()
        .map(|a| {
            let mut body = serde_json::to_value(a).unwrap_or_default();
            body["notification"] = n.id.clone().into();
            body["reason"] = n.reason.as_str().into();
            body["notified_at"] = serde_json::to_value(n.created_at).unwrap_or_default();
            let bytes = serde_json::to_vec(&body).unwrap_or_default();
            (
                alert_subject(&a.org, &a.kind),
                format!("{}.{}", n.id, a.fingerprint),
                bytes,
            )
        })
        .collect()
}
