//! What the Power Automate custom connector (`deploy/power-platform/connector/`)
//! reads from ingest: the catalogue as a dropdown (`x-ms-dynamic-values`) and each
//! type's `data` schema in Swagger 2.0 form (`x-ms-dynamic-schema`).

pub mod swagger;
#[cfg(test)]
mod swagger_tests;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_catalogue_enum_becomes_a_dropdown_and_dates_keep_their_format() {
        let answer = schema(EventType::ObjectiveDefined);
        let properties = &answer["schema"]["properties"];
        let goal = &properties["goal"];
        assert_eq!(goal["type"], "string", "{goal}");
        let choices = goal["enum"].as_array().unwrap();
        assert!(
            choices.contains(&json!("get_leadership_buy_in")) && choices.contains(&json!("custom")),
            "{goal}"
        );
        assert_eq!(
            goal["x-ms-enum-values"].as_array().unwrap().len(),
            choices.len()
        );
        assert_eq!(
            properties["period_start"]["format"], "date",
            "{}",
            properties["period_start"]
        );
        assert_eq!(properties["stakeholders"]["type"], "array");
        assert_eq!(properties["stakeholders"]["items"]["type"], "string");
        assert_eq!(answer["schema"]["x-ms-summary"], "Data");
    }

    #[test]
    fn the_dropdown_leaves_out_what_only_the_scheduler_emits() {
        let listed = choices();
        let names: Vec<&str> = listed["event_types"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["type"].as_str().unwrap())
            .collect();
        assert!(names.contains(&"sponsor.named"));
        assert!(!names.contains(&"initiative.stalled"));
        assert_eq!(
            title(EventType::KeyResultMeasured),
            "Key result measured (key_result.measured)"
        );
    }
}
