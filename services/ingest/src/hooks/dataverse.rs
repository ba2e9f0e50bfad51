//! Dataverse webhooks: the `RemoteExecutionContext` a service endpoint step posts.
//! A table (`PrimaryEntityName`) and message (`MessageName`) mapped in the hooks file
//! become that mapping's event type, its data fields taken from the row's attributes:
//! `PostEntityImages` (the whole row after the operation, when the step registers an
//! image) overlaid with `InputParameters.Target.Attributes` (what the operation set).
//! The delivery is identified by `OperationId` and `MessageName`.

use chrono::DateTime;
use govtrack_events::{Envelope, EventType};
use serde_json::{Map, Value, json};

use super::config::{DataverseMapping, HooksConfig};
use super::parsed::Parsed;
use super::payload::{get, need, text};
use crate::IngestError;

/// The sender's name and default source.
pub const SENDER: &str = "dataverse";

/// The delivery's id.
pub fn delivery(context: &Value) -> Result<String, IngestError> {
    Ok(format!(
        "{}:{}",
        text(context, "OperationId")?,
        text(context, "MessageName")?
    ))
}

/// Reads one delivery for `org`.
pub fn parse(config: &HooksConfig, org: &str, context: &Value) -> Result<Parsed, IngestError> {
    let table = text(context, "PrimaryEntityName")?;
    let message = text(context, "MessageName")?;
    let Some(mapping) = config.dataverse_mapping(table, message) else {
        return Ok(Parsed::Ignored(format!(
            "no [[dataverse.mapping]] for table {table:?} and message {message:?} in the hooks file"
        )));
    };
    let attributes = row(context)?;
    let event_type = EventType::parse(&mapping.event_type).ok_or_else(|| {
        IngestError::BadPayload(format!("unknown event type {:?}", mapping.event_type))
    })?;
    let mut envelope = Envelope::new(
        &mapping.event_type,
        org,
        data(mapping, event_type, &attributes),
    );
    envelope.source = Some(
        mapping
            .source
            .clone()
            .or_else(|| config.dataverse.source.clone())
            .unwrap_or_else(|| SENDER.to_owned()),
    );
    envelope.occurred_at = get(context, "OperationCreatedOn")
        .and_then(Value::as_str)
        .and_then(wcf_date);
    Ok(Parsed::Event(envelope))
}

/// The row's attributes: the post-image first, the target's values over it.
fn row(context: &Value) -> Result<Map<String, Value>, IngestError> {
    let mut attributes = Map::new();
    if let Some(images) = get(context, "PostEntityImages") {
        for image in pairs(images, "PostEntityImages")? {
            attributes.extend(entity_attributes(image.1, "PostEntityImages[].value")?);
        }
    }
    let inputs = need(context, "InputParameters")?;
    let target = pairs(inputs, "InputParameters")?
        .into_iter()
        .find(|(key, _)| *key == "Target")
        .map(|(_, value)| value);
    match target {
        Some(entity) if entity.get("Attributes").is_some() => {
            attributes.extend(entity_attributes(entity, "InputParameters.Target")?);
        }
        // A Delete's target is an entity reference: no attributes.
        Some(_) => {}
        None if attributes.is_empty() => {
            return Err(IngestError::BadPayload(
                "the payload has no `InputParameters` entry with key `Target` (and no post-image)"
                    .to_owned(),
            ));
        }
        None => {}
    }
    Ok(attributes)
}

/// A data contract key/value list: `[{"key": …, "value": …}]`.
fn pairs<'a>(list: &'a Value, path: &str) -> Result<Vec<(&'a str, &'a Value)>, IngestError> {
    let items = list.as_array().ok_or_else(|| {
        IngestError::BadPayload(format!("`{path}` must be a list of key/value pairs"))
    })?;
    items
        .iter()
        .map(|pair| {
            let key = pair.get("key").and_then(Value::as_str).ok_or_else(|| {
                IngestError::BadPayload(format!("an entry of `{path}` has no string `key`"))
            })?;
            Ok((key, pair.get("value").unwrap_or(&Value::Null)))
        })
        .collect()
}

fn entity_attributes(entity: &Value, path: &str) -> Result<Map<String, Value>, IngestError> {
    let list = entity
        .get("Attributes")
        .ok_or_else(|| IngestError::BadPayload(format!("`{path}` has no `Attributes`")))?;
    Ok(pairs(list, &format!("{path}.Attributes"))?
        .into_iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), plain(v)))
        .collect())
}

/// An attribute's plain value: an option set's or money's `Value`, a lookup's `Name`
/// (or `Id`), a `/Date(ms)/` as RFC 3339; anything else as sent.
fn plain(value: &Value) -> Value {
    match value {
        Value::Object(o) if o.contains_key("Value") => plain(&o["Value"]),
        Value::Object(o) if o.contains_key("LogicalName") => o
            .get("Name")
            .filter(|n| !n.is_null())
            .or_else(|| o.get("Id"))
            .cloned()
            .unwrap_or(Value::Null),
        Value::String(s) => wcf_date(s)
            .map(Value::String)
            .unwrap_or_else(|| value.clone()),
        other => other.clone(),
    }
}

/// `/Date(1700000000000)/` or `/Date(1700000000000+0000)/` → RFC 3339.
fn wcf_date(text: &str) -> Option<String> {
    let inner = text.strip_prefix("/Date(")?.strip_suffix(")/")?;
    let digits = inner
        .find(|c: char| c == '+' || (c == '-' && inner.find(c) != Some(0)))
        .map_or(inner, |end| &inner[..end]);
    let millis: i64 = digits.parse().ok()?;
    DateTime::from_timestamp_millis(millis)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

/// The event's data: fixed values, then each mapped attribute the row has. A date
/// field takes the date part of a date-time attribute.
fn data(mapping: &DataverseMapping, event_type: EventType, row: &Map<String, Value>) -> Value {
    let schema = event_type.data_schema();
    let mut data = Map::new();
    for (field, value) in &mapping.set {
        data.insert(
            field.clone(),
            serde_json::to_value(value).unwrap_or(Value::Null),
        );
    }
    for (field, attribute) in &mapping.fields {
        let Some(value) = row
            .get(&attribute.to_ascii_lowercase())
            .filter(|v| !v.is_null())
        else {
            continue;
        };
        let value = match value {
            Value::String(s) if is_date_field(&schema, field) && s.len() > 10 => json!(s[..10]),
            other => other.clone(),
        };
        data.insert(field.clone(), value);
    }
    Value::Object(data)
}

fn is_date_field(schema: &Value, field: &str) -> bool {
    schema
        .get("properties")
        .and_then(|p| p.get(field))
        .is_some_and(|p| p.to_string().contains(r#""format":"date""#))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wcf_dates_lookups_and_option_sets_become_plain_values() {
        assert_eq!(
            wcf_date("/Date(1767225600000)/").unwrap(),
            "2026-01-01T00:00:00Z"
        );
        assert_eq!(
            wcf_date("/Date(1767225600000+0000)/").unwrap(),
            "2026-01-01T00:00:00Z"
        );
        assert_eq!(wcf_date("2026-01-01"), None);
        assert_eq!(
            plain(&json!({"__type": "OptionSetValue:#x", "Value": 3})),
            json!(3)
        );
        let lookup = json!({"Id": "a1", "LogicalName": "systemuser", "Name": "Ada"});
        assert_eq!(plain(&lookup), json!("Ada"));
    }
}
