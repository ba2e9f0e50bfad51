//! The latest events up to the date shown, newest first, each with the few data fields
//! that say what it was about and who recorded it (events stored before govtrack knew
//! its callers say nothing).

use chrono::{DateTime, Utc};
use maud::{Markup, html};
use serde_json::Value;

use super::view::Recent;
use super::words;

/// Data fields worth showing, in order of preference.
const FIELDS: [&str; 16] = [
    "title",
    "name",
    "sponsor",
    "policy",
    "scope",
    "module",
    "environment",
    "initiative",
    "key_result",
    "capability",
    "level",
    "value",
    "signal",
    "attendees",
    "note",
    "reason",
];
const SHOWN: usize = 3;

/// The timeline section; `total` is how many events there are up to the date shown.
pub fn timeline(recent: &[Recent], total: usize, as_of: DateTime<Utc>) -> Markup {
    html! {
        section #timeline aria-labelledby="timeline-h" {
            h2 #timeline-h { "Recent events" }
            p .muted { "The latest " (recent.len()) " of " (total) " events up to " (words::date(as_of)) "." }
            ol .timeline {
                @for r in recent {
                    @let f = &r.fact;
                    li {
                        time datetime=(f.occurred_at.to_rfc3339()) { (words::date(f.occurred_at)) }
                        " "
                        code { (f.event_type) }
                        @let details = summary(&f.data);
                        @if !details.is_empty() { " " span .muted { (details) } }
                        @if let Some(by) = &r.recorded_by { " " span .by { "recorded by " (words::recorder(by)) } }
                    }
                }
            }
        }
    }
}

/// `title: Spring hack · participants: 40`, from the first few telling fields.
pub fn summary(data: &Value) -> String {
    FIELDS
        .iter()
        .filter_map(|field| Some((field, text(data.get(field)?)?)))
        .take(SHOWN)
        .map(|(field, value)| format!("{}: {value}", field.replace('_', " ")))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(items) => Some(items.iter().filter_map(text).collect::<Vec<_>>().join(", ")),
        _ => None,
    }
}
