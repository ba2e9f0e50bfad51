//! Webhook bodies: `native` (the notification as govtrack writes it), `alertmanager`
//! (the Alertmanager v4 webhook payload), `slack` (incoming-webhook text) and `teams`
//! (a message with an Adaptive Card, as Teams workflows accept; a digest's card lists the
//! maturity level of each capability).

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::alerts::{Notice, NoticeStatus, Notification, Reason};
use crate::rules::maturity;

/// A webhook body format (`format = "native"` in the scheduler TOML).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// govtrack's own JSON.
    #[default]
    Native,
    /// Alertmanager v4 webhook payload.
    Alertmanager,
    /// Slack incoming webhook.
    Slack,
    /// Microsoft Teams (Adaptive Card).
    Teams,
}

/// The body of `notification` for a receiver named `receiver`.
pub fn body(format: Format, notification: &Notification, receiver: &str) -> Vec<u8> {
    let value = match format {
        Format::Native => return notification.to_json().into_bytes(),
        Format::Alertmanager => alertmanager(notification, receiver),
        Format::Slack => json!({ "text": text(notification) }),
        Format::Teams => teams(notification),
    };
    serde_json::to_vec(&value).unwrap_or_default()
}

fn status_text(status: NoticeStatus) -> &'static str {
    match status {
        NoticeStatus::Firing => "firing",
        NoticeStatus::Resolved => "resolved",
    }
}

fn alertmanager(n: &Notification, receiver: &str) -> Value {
    let alerts: Vec<Value> = n.alerts.iter().map(alertmanager_alert).collect();
    let common = common_labels(&n.alerts);
    json!({
        "version": "4",
        "groupKey": format!("{{}}:{{org=\"{}\"}}", n.org),
        "truncatedAlerts": 0,
        "status": status_text(n.status),
        "receiver": receiver,
        "groupLabels": { "org": n.org },
        "commonLabels": common,
        "commonAnnotations": {},
        "externalURL": "",
        "alerts": alerts,
    })
}

fn alertmanager_alert(a: &Notice) -> Value {
    let ends = a
        .ends_at
        .map_or("0001-01-01T00:00:00Z".to_owned(), |t| t.to_rfc3339());
    json!({
        "status": status_text(a.status),
        "labels": a.labels,
        "annotations": { "summary": a.summary },
        "startsAt": a.since.to_rfc3339(),
        "endsAt": ends,
        "generatorURL": "",
        "fingerprint": a.fingerprint,
    })
}

fn common_labels(alerts: &[Notice]) -> BTreeMap<String, String> {
    let Some(first) = alerts.first() else {
        return BTreeMap::new();
    };
    let mut common = first.labels.clone();
    common.retain(|k, v| alerts.iter().all(|a| a.labels.get(k) == Some(v)));
    common
}

/// A plain-text rendering for chat.
pub fn text(n: &Notification) -> String {
    let head = match n.reason {
        Reason::Firing => format!("[FIRING] govtrack alerts for {}", n.org),
        Reason::Reminder => format!("[STILL FIRING] govtrack alerts for {}", n.org),
        Reason::Resolved => format!("[RESOLVED] govtrack alerts for {}", n.org),
        Reason::Digest => format!("Weekly govtrack digest for {}", n.org),
    };
    let mut lines = vec![head];
    for a in &n.alerts {
        lines.push(format!("• {}: {}", status_text(a.status), a.summary));
    }
    if let Some(d) = &n.digest {
        lines.push(format!(
            "```{}```",
            serde_json::to_string_pretty(d).unwrap_or_default()
        ));
    }
    lines.join("\n")
}

fn teams(n: &Notification) -> Value {
    let mut facts: Vec<Value> = n
        .alerts
        .iter()
        .map(|a| json!({ "title": status_text(a.status), "value": a.summary }))
        .collect();
    if let Some(d) = &n.digest {
        let levels = maturity::lines(&d["maturity"]).into_iter();
        facts.extend(levels.map(|(name, level)| json!({ "title": name, "value": level })));
    }
    json!({
        "type": "message",
        "attachments": [{
            "contentType": "application/vnd.microsoft.card.adaptive",
            "content": {
                "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                "type": "AdaptiveCard",
                "version": "1.4",
                "body": [
                    { "type": "TextBlock", "size": "Medium", "weight": "Bolder", "wrap": true,
                      "text": text(n).lines().next().unwrap_or_default() },
                    { "type": "FactSet", "facts": facts }
                ]
            }
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn notification() -> Notification {
        let notice = Notice {
            status: NoticeStatus::Firing,
            fingerprint: "abc".into(),
            org: "contoso".into(),
            kind: "initiative_stalled".into(),
            entity: "i1".into(),
            summary: "Initiative i1 stalled".into(),
            since: Utc::now(),
            ends_at: None,
            labels: BTreeMap::from([("alertname".into(), "InitiativeStalled".into())]),
        };
        Notification::new("contoso", Reason::Firing, Utc::now(), vec![notice], None)
    }

    #[test]
    fn every_format_is_json_with_the_summary() {
        for f in [
            Format::Native,
            Format::Alertmanager,
            Format::Slack,
            Format::Teams,
        ] {
            let body: Value = serde_json::from_slice(&body(f, &notification(), "r")).unwrap();
            assert!(body.to_string().contains("Initiative i1 stalled"), "{f:?}");
        }
        let am: Value =
            serde_json::from_slice(&body(Format::Alertmanager, &notification(), "r")).unwrap();
        assert_eq!(am["version"], "4");
        assert_eq!(am["alerts"][0]["endsAt"], "0001-01-01T00:00:00Z");
        assert_eq!(am["commonLabels"]["alertname"], "InitiativeStalled");
    }
}
