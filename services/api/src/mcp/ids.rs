//! The ids of events the write tools record without one from the caller. An assistant
//! that repeats a call (a retry, a user who asks twice) must not record twice, so the id
//! is a function of the event and the day:
//!
//! `mcp-{type}-{YYYYMMDD}-{h}`, where `{h}` is the first 32 hex digits of the SHA-256 of
//! the canonical JSON (keys sorted at every depth, no spaces) of `{"org", "type",
//! "data"}` plus `"occurred_at"` when the call gave one, and the date is the day of the
//! call in UTC. The same event asked for on the same day gets the same id, which ingest's
//! durable id index answers as a duplicate; the same measurement taken again tomorrow is
//! a new event.

use chrono::NaiveDate;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The id of the event `fields` (`org`, `type`, `data`, and `occurred_at` when given)
/// recorded on `day`.
pub(crate) fn derived_id(fields: &Value, day: NaiveDate) -> String {
    let event_type = fields["type"].as_str().unwrap_or("event");
    let mut canonical = String::new();
    write_canonical(fields, &mut canonical);
    let digest = hex::encode(Sha256::digest(canonical.as_bytes()));
    format!(
        "mcp-{event_type}-{}-{}",
        day.format("%Y%m%d"),
        &digest[..32]
    )
}

/// `value` as JSON with every object's keys in byte order, whatever order the map kept.
fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(&map[key], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use govtrack_events::EventId;
    use serde_json::json;

    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_same_event_on_the_same_day_gets_the_same_id_whatever_the_key_order() {
        let a = json!({"org": "contoso", "type": "key_result.measured",
                       "data": {"key_result": "makers", "value": 42}});
        let b = json!({"data": {"value": 42, "key_result": "makers"},
                       "type": "key_result.measured", "org": "contoso"});
        let id = derived_id(&a, day("2026-03-01"));
        assert_eq!(id, derived_id(&b, day("2026-03-01")));
        assert!(id.starts_with("mcp-key_result.measured-20260301-"), "{id}");
        assert!(EventId::check(&id).is_ok(), "{id}");
    }

    #[test]
    fn another_day_value_or_org_gets_another_id() {
        let event = |org: &str, value: i64| {
            json!({"org": org, "type": "key_result.measured",
                   "data": {"key_result": "makers", "value": value}})
        };
        let first = derived_id(&event("contoso", 42), day("2026-03-01"));
        assert_ne!(first, derived_id(&event("contoso", 42), day("2026-03-02")));
        assert_ne!(first, derived_id(&event("contoso", 43), day("2026-03-01")));
        assert_ne!(first, derived_id(&event("fabrikam", 42), day("2026-03-01")));
    }

    #[test]
    fn canonical_json_sorts_keys_at_every_depth() {
        let mut out = String::new();
        write_canonical(&json!({"b": [{"z": 1, "a": "x"}], "a": null}), &mut out);
        assert_eq!(out, r#"{"a":null,"b":[{"a":"x","z":1}]}"#);
    }
}
