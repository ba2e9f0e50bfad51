//! Azure DevOps service hooks (Web Hooks consumer, "Post via HTTP"):
//! `workitem.created`, `workitem.updated` and `workitem.commented`. A delivery is
//! identified by its subscription, `notificationId` and the work item's revision.

use serde_json::Value;

use super::activity::{ItemUpdate, initiatives_of, is_blocked_label};
use super::parsed::Parsed;
use super::payload::{excerpt, get, id, need, text};
use crate::IngestError;

/// The sender's name and default source.
pub const SENDER: &str = "azure-devops";

/// States that close a work item as done (the Agile, Scrum, Basic and CMMI
/// processes' final states).
const DONE_STATES: &[&str] = &["done", "closed", "resolved", "completed"];

/// The delivery's id: subscription, notification and revision.
pub fn delivery(payload: &Value) -> Result<String, IngestError> {
    let notification = id(payload, "notificationId")?;
    let subscription = get(payload, "subscriptionId")
        .and_then(Value::as_str)
        .unwrap_or("-");
    let (_, rev) = item_and_rev(payload)?;
    Ok(format!("{subscription}:{notification}:{rev}"))
}

/// Reads one delivery.
pub fn parse(payload: &Value) -> Result<Parsed, IngestError> {
    let event = text(payload, "eventType")?;
    let fields = match event {
        "workitem.updated" => need(payload, "resource.revision.fields")?,
        "workitem.created" | "workitem.commented" => need(payload, "resource.fields")?,
        other => {
            return Ok(Parsed::Ignored(format!(
                "Azure DevOps event {other:?} is not mapped (workitem.created, workitem.updated and workitem.commented are)"
            )));
        }
    };
    let (item_id, rev) = item_and_rev(payload)?;
    // Field names hold dots: read them with `field_text`, not the dotted-path `get`.
    let project = field_text(fields, "System.TeamProject");
    let kind = field_text(fields, "System.WorkItemType").unwrap_or_else(|| "work item".to_owned());
    let item = match project {
        Some(p) => format!("{p} {kind} #{item_id}"),
        None => format!("{kind} #{item_id}"),
    };
    let tags = tags(fields);
    let initiatives = initiatives_of(tags.iter().map(String::as_str));
    if initiatives.is_empty() {
        return Ok(Parsed::Ignored(format!(
            "{item} has no govtrack:<initiative> tag"
        )));
    }
    let state = field_text(fields, "System.State").unwrap_or_default();
    let closed = DONE_STATES.iter().any(|s| s.eq_ignore_ascii_case(&state));
    Ok(Parsed::Item(ItemUpdate {
        sender: SENDER,
        item,
        title: field_text(fields, "System.Title").unwrap_or_else(|| "(untitled)".to_owned()),
        initiatives,
        closed,
        completes: closed && event == "workitem.updated" && state_changed(payload),
        blocked: tags.iter().any(|t| is_blocked_label(t)),
        change: change(event, payload, fields),
        order: format!("{rev:0>12}"),
        occurred_at: get(payload, "createdDate")
            .and_then(Value::as_str)
            .map(str::to_owned),
    }))
}

/// The work item's id and revision: `workItemId`/`rev` on an update, `id`/`rev` on
/// the work item itself otherwise.
fn item_and_rev(payload: &Value) -> Result<(String, String), IngestError> {
    let item = match get(payload, "resource.workItemId") {
        Some(_) => id(payload, "resource.workItemId")?,
        None => id(payload, "resource.id")?,
    };
    let rev = match get(payload, "resource.rev") {
        Some(_) => id(payload, "resource.rev")?,
        None => id(payload, "resource.revision.rev")?,
    };
    Ok((item, rev))
}

/// Whether this update moved `System.State` (only that closes an item as done; a tag
/// added to a work item done long ago is activity).
fn state_changed(payload: &Value) -> bool {
    get(payload, "resource.fields")
        .and_then(|changed| changed.get("System.State"))
        .is_some()
}

fn field_text(fields: &Value, name: &str) -> Option<String> {
    fields.get(name).and_then(Value::as_str).map(str::to_owned)
}

/// `System.Tags` is one string, tags separated by `;`.
fn tags(fields: &Value) -> Vec<String> {
    field_text(fields, "System.Tags")
        .unwrap_or_default()
        .split(';')
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect()
}

fn change(event: &str, payload: &Value, fields: &Value) -> String {
    match event {
        "workitem.created" => "created".to_owned(),
        "workitem.commented" => {
            let comment = field_text(fields, "System.History").unwrap_or_default();
            format!("commented: {}", excerpt(&comment, 120))
        }
        _ => updated_fields(payload),
    }
}

/// `State New → Active; Tags …; commented: …` from `resource.fields`' old and new
/// values (the fields the update changed).
fn updated_fields(payload: &Value) -> String {
    let Some(Value::Object(changed)) = get(payload, "resource.fields") else {
        return "updated".to_owned();
    };
    let mut parts = Vec::new();
    for (name, values) in changed {
        let short = name.rsplit('.').next().unwrap_or(name);
        if matches!(
            short,
            "Rev"
                | "ChangedDate"
                | "ChangedBy"
                | "AuthorizedDate"
                | "RevisedDate"
                | "Watermark"
                | "AuthorizedAs"
                | "PersonId"
        ) {
            continue;
        }
        let show = |key: &str| match values.get(key) {
            Some(Value::String(s)) => excerpt(s, 60),
            Some(Value::Null) | None => "∅".to_owned(),
            Some(other) => other.to_string(),
        };
        if short == "History" {
            parts.push(format!("commented: {}", show("newValue")));
        } else {
            parts.push(format!(
                "{short} {} → {}",
                show("oldValue"),
                show("newValue")
            ));
        }
    }
    if parts.is_empty() {
        "updated".to_owned()
    } else {
        parts.join("; ")
    }
}
