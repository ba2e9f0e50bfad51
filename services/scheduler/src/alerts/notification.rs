//! A notification: what the scheduler tells the world about one organisation's alerts
//! at one instant. Its JSON is the `native` webhook body and what the notification
//! log stores; one [`Notice`] per alert goes to the `GOVTRACK_ALERTS` stream.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Why a notification was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// At least one alert started firing.
    Firing,
    /// Reminders of alerts still firing.
    Reminder,
    /// Alerts stopped firing.
    Resolved,
    /// The weekly digest.
    Digest,
}

impl Reason {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Firing => "firing",
            Reason::Reminder => "reminder",
            Reason::Resolved => "resolved",
            Reason::Digest => "digest",
        }
    }
}

/// An alert's status in a notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeStatus {
    /// Firing.
    Firing,
    /// Resolved.
    Resolved,
}

/// One alert in a notification (also the body on `govtrack.alerts.{org}.{kind}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    /// firing or resolved.
    pub status: NoticeStatus,
    /// Identity hash.
    pub fingerprint: String,
    /// Organisation.
    pub org: String,
    /// Alert kind.
    pub kind: String,
    /// The initiative or key result.
    pub entity: String,
    /// One line for people.
    pub summary: String,
    /// Since when it fires.
    pub since: DateTime<Utc>,
    /// When it stopped firing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<DateTime<Utc>>,
    /// Labels (alertname, org, kind, entity, owner, …).
    pub labels: BTreeMap<String, String>,
}

/// What is told about one organisation at one instant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notification {
    /// Deterministic id (the `webhook-id`, and the base of the NATS message ids).
    pub id: String,
    /// Organisation.
    pub org: String,
    /// Why.
    pub reason: Reason,
    /// `firing` while any alert in it fires, else `resolved`.
    pub status: NoticeStatus,
    /// When it was decided (the run's `now`).
    pub created_at: DateTime<Utc>,
    /// The alerts.
    pub alerts: Vec<Notice>,
    /// The digest, for [`Reason::Digest`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<serde_json::Value>,
}

impl Notification {
    /// A notification with an id derived from its content and instant.
    pub fn new(
        org: &str,
        reason: Reason,
        created_at: DateTime<Utc>,
        alerts: Vec<Notice>,
        digest: Option<serde_json::Value>,
    ) -> Notification {
        let mut hash = Sha256::new();
        hash.update(org.as_bytes());
        hash.update(reason.as_str().as_bytes());
        hash.update(created_at.timestamp_millis().to_be_bytes());
        for notice in &alerts {
            hash.update(notice.fingerprint.as_bytes());
            hash.update([notice.status as u8]);
        }
        let status = if alerts.iter().any(|n| n.status == NoticeStatus::Firing) {
            NoticeStatus::Firing
        } else {
            NoticeStatus::Resolved
        };
        Notification {
            id: format!("msg_{}", hex::encode(&hash.finalize()[..13])),
            org: org.to_owned(),
            reason,
            status,
            created_at,
            alerts,
            digest,
        }
    }

    /// The notification as stored and sent in `native` format.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}
