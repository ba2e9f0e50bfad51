//! What the Power Automate custom connector (`deploy/power-platform/connector/`)
//! reads from ingest: the catalogue as a dropdown (`x-ms-dynamic-values`) and each
//! type's `data` schema in Swagger 2.0 form (`x-ms-dynamic-schema`).

pub mod swagger;

use govtrack_events::EventType;
use serde_json::{Value, json};

/// The types a flow may record (the scheduler's own findings left out), each with a
/// title for the dropdown.
pub fn choices() -> Value {
    let types: Vec<Value> = EventType::ALL
        .iter()
        .filter(|t| !t.is_reserved())
        .map(|t| json!({"type": t.name(), "title": title(*t)}))
        .collect();
    json!({ "event_types": types })
}

/// `sponsor.named` → `Sponsor named (sponsor.named)`: words first for the dropdown,
/// the wire name after it so a maker can match it with the docs.
pub fn title(t: EventType) -> String {
    format!("{} ({})", swagger::words(t.name()), t.name())
}

/// The Swagger 2.0 schema of `t`'s `data`, with the type's title.
pub fn schema(t: EventType) -> Value {
    let mut schema = swagger::to_swagger(&t.data_schema());
    if let Some(map) = schema.as_object_mut() {
        map.insert("x-ms-summary".into(), json!("Data"));
        map.insert(
            "description".into(),
            json!(format!("The data of a {} event", t.name())),
        );
    }
    json!({"type": t.name(), "schema": schema})
}
