//! GitHub webhooks: `issues`, `issue_comment` and `pull_request` deliveries, proven by
//! `X-Hub-Signature-256` (an HMAC-SHA256 of the raw body under the org's secret) and
//! identified by `X-GitHub-Delivery`.

use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;

use super::activity::{ItemUpdate, initiatives_of, is_blocked_label};
use super::parsed::Parsed;
use super::payload::{excerpt, get, id, need, text};
use crate::IngestError;

/// The sender's name and default source.
pub const SENDER: &str = "github";

/// Checks `X-Hub-Signature-256: sha256=<hex>` against the body, in constant time.
pub fn verify(secret: &str, body: &[u8], header: Option<&str>) -> Result<(), IngestError> {
    let header = header.ok_or_else(|| {
        IngestError::Unauthorized(
            "no X-Hub-Signature-256 header: set the webhook's secret in GitHub".to_owned(),
        )
    })?;
    let wrong = || {
        IngestError::Unauthorized(
            "X-Hub-Signature-256 does not match the body under this org's secret".to_owned(),
        )
    };
    let hex_digest = header.trim().strip_prefix("sha256=").ok_or_else(wrong)?;
    let expected = hex::decode(hex_digest).map_err(|_| wrong())?;
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).map_err(|_| wrong())?;
    mac.update(body);
    mac.verify_slice(&expected).map_err(|_| wrong())
}

/// The signature header GitHub would send for `body`.
#[cfg(test)]
fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// Reads one delivery of `event` (the `X-GitHub-Event` header).
pub fn parse(event: &str, payload: &Value) -> Result<Parsed, IngestError> {
    let action = get(payload, "action").and_then(Value::as_str).unwrap_or("");
    let (item, change) = match event {
        "ping" => {
            return Ok(Parsed::Ignored(
                "a ping: the webhook reaches govtrack".to_owned(),
            ));
        }
        "issues" => (need(payload, "issue")?, issue_change(action, payload)),
        "issue_comment" => (need(payload, "issue")?, comment_change(action, payload)),
        "pull_request" => (need(payload, "pull_request")?, pr_change(action, payload)),
        other => {
            return Ok(Parsed::Ignored(format!(
                "GitHub event {other:?} is not mapped (issues, issue_comment and pull_request are)"
            )));
        }
    };
    let Some(change) = change else {
        return Ok(Parsed::Ignored(format!(
            "{event} action {action:?} is not activity"
        )));
    };
    let labels = labels(item)?;
    let initiatives = initiatives_of(labels.iter().map(String::as_str));
    let repo = text(payload, "repository.full_name")?;
    let number = id(item, "number")?;
    let name = format!("{repo}#{number}");
    if initiatives.is_empty() {
        return Ok(Parsed::Ignored(format!(
            "{name} has no govtrack:<initiative> label"
        )));
    }
    let closed = text(item, "state")? == "closed";
    // Only the delivery that closes the item completes it: a comment on an issue
    // closed long ago, or a label added to it, is activity.
    let completes = closed && action == "closed" && closed_as_done(item);
    let updated = get(item, "updated_at")
        .and_then(Value::as_str)
        .map(str::to_owned);
    Ok(Parsed::Item(ItemUpdate {
        sender: SENDER,
        item: name,
        title: text(item, "title")?.to_owned(),
        initiatives,
        closed,
        completes,
        blocked: labels.iter().any(|l| is_blocked_label(l)),
        change,
        order: updated.clone().unwrap_or_default(),
        occurred_at: updated,
    }))
}

fn labels(item: &Value) -> Result<Vec<String>, IngestError> {
    let Some(list) = get(item, "labels") else {
        return Ok(Vec::new());
    };
    let list = list
        .as_array()
        .ok_or_else(|| IngestError::BadPayload("`labels` must be an array".to_owned()))?;
    Ok(list
        .iter()
        .filter_map(|l| l.get("name").and_then(Value::as_str).or_else(|| l.as_str()))
        .map(str::to_owned)
        .collect())
}

/// An issue closed as completed, or a pull request merged.
fn closed_as_done(item: &Value) -> bool {
    match get(item, "state_reason").and_then(Value::as_str) {
        Some(reason) => reason == "completed",
        None => get(item, "merged").and_then(Value::as_bool).unwrap_or(true),
    }
}

fn label_name(payload: &Value) -> String {
    get(payload, "label.name")
        .and_then(Value::as_str)
        .unwrap_or("a label")
        .to_owned()
}

fn issue_change(action: &str, payload: &Value) -> Option<String> {
    Some(match action {
        "opened" | "edited" | "reopened" => action.to_owned(),
        "closed" => match get(payload, "issue.state_reason").and_then(Value::as_str) {
            Some("not_planned") => "closed as not planned".to_owned(),
            _ => "closed as completed".to_owned(),
        },
        "labeled" => format!("labelled {}", label_name(payload)),
        "unlabeled" => format!("label {} removed", label_name(payload)),
        _ => return None,
    })
}

fn comment_change(action: &str, payload: &Value) -> Option<String> {
    let body = get(payload, "comment.body")
        .and_then(Value::as_str)
        .unwrap_or("");
    match action {
        "created" => Some(format!("commented: {}", excerpt(body, 120))),
        "edited" => Some(format!("comment edited: {}", excerpt(body, 120))),
        _ => None,
    }
}

fn pr_change(action: &str, payload: &Value) -> Option<String> {
    Some(match action {
        "opened" | "edited" | "reopened" | "ready_for_review" => {
            format!("pull request {}", action.replace('_', " "))
        }
        "synchronize" => "pull request updated with new commits".to_owned(),
        "closed" if get(payload, "pull_request.merged").and_then(Value::as_bool) == Some(true) => {
            "pull request merged".to_owned()
        }
        "closed" => "pull request closed without merging".to_owned(),
        "labeled" => format!("labelled {}", label_name(payload)),
        "unlabeled" => format!("label {} removed", label_name(payload)),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pull_request(action: &str, merged: bool) -> Value {
        json!({"action": action, "number": 31,
               "pull_request": {"number": 31, "title": "Add the DLP policy", "state": if action == "closed" { "closed" } else { "open" },
                                "merged": merged, "updated_at": "2026-03-05T10:00:00Z",
                                "labels": [{"name": "govtrack:dlp-rollout"}, {"name": "blocked"}]},
               "repository": {"full_name": "contoso/policies"}})
    }

    fn item(parsed: Parsed) -> ItemUpdate {
        match parsed {
            Parsed::Item(update) => update,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_merged_pull_request_completes_and_one_closed_unmerged_does_not() {
        let merged = item(parse("pull_request", &pull_request("closed", true)).unwrap());
        assert_eq!(merged.item, "contoso/policies#31");
        assert!(merged.closed && merged.completes && merged.blocked);
        assert_eq!(merged.change, "pull request merged");
        let dropped = item(parse("pull_request", &pull_request("closed", false)).unwrap());
        assert!(dropped.closed && !dropped.completes);
        let opened = item(parse("pull_request", &pull_request("opened", false)).unwrap());
        assert!(!opened.closed && opened.change.contains("opened"));
    }

    #[test]
    fn an_issue_closed_as_not_planned_is_closed_without_completing() {
        let payload = json!({"action": "closed",
            "issue": {"number": 4, "title": "t", "state": "closed", "state_reason": "not_planned",
                      "labels": [{"name": "govtrack:x"}]},
            "repository": {"full_name": "a/b"}});
        let update = item(parse("issues", &payload).unwrap());
        assert!(update.closed && !update.completes);
        assert_eq!(update.change, "closed as not planned");
    }

    #[test]
    fn other_events_and_actions_are_ignored_with_a_reason() {
        let Parsed::Ignored(why) = parse("push", &json!({})).unwrap() else {
            panic!()
        };
        assert!(why.contains("\"push\""));
        let assigned = json!({"action": "assigned", "issue": {}, "repository": {}});
        let Parsed::Ignored(why) = parse("issues", &assigned).unwrap() else {
            panic!()
        };
        assert!(why.contains("assigned"));
    }

    #[test]
    fn a_signature_made_with_the_secret_verifies_and_any_other_does_not() {
        let body = br#"{"action":"opened"}"#;
        let good = sign("s3cret", body);
        assert!(verify("s3cret", body, Some(&good)).is_ok());
        assert!(verify("other", body, Some(&good)).is_err());
        assert!(verify("s3cret", b"{}", Some(&good)).is_err());
        assert!(verify("s3cret", body, None).is_err());
        assert!(verify("s3cret", body, Some("sha256=zz")).is_err());
        assert!(verify("s3cret", body, Some(good.trim_start_matches("sha256="))).is_err());
    }
}
