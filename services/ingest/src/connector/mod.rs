//! What the Power Automate custom connector (`deploy/power-platform/connector/`)
//! reads from ingest: the catalogue as a dropdown (`x-ms-dynamic-values`) and each
//! type's `data` schema in Swagger 2.0 form (`x-ms-dynamic-schema`); and the
//! connector's definition itself ([`definition`]), derived from the OpenAPI documents.

pub mod definition;
#[cfg(test)]
mod definition_tests;
pub mod swagger;
#[cfg(test)]
mod swagger_tests;

use govtrack_events::EventType;
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

/// `GET /v1/event-types?format=connector`: the types a flow may record.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventTypeChoices {
    /// The types a flow may record, in the catalogue's order.
    pub event_types: Vec<EventTypeChoice>,
}

/// One entry of the connector's dropdown.
// The fields in the order the answer has always had them.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventTypeChoice {
    /// The type in words, with its wire name.
    pub title: String,
    /// The wire name, e.g. `sponsor.named`.
    #[serde(rename = "type")]
    pub event_type: &'static str,
}

/// `GET /v1/event-types/{type}/connector-schema`: one type's data schema for the
/// connector's dynamic schema.
// The fields in the order the answer has always had them.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConnectorSchema {
    /// The data's Swagger 2.0 schema.
    #[schema(value_type = Object)]
    pub schema: Value,
    /// The event type.
    #[serde(rename = "type")]
    pub event_type: &'static str,
}

/// The types a flow may record (the scheduler's own findings left out), each with a
/// title for the dropdown.
pub fn choices() -> EventTypeChoices {
    let event_types = EventType::ALL
        .iter()
        .filter(|t| !t.is_reserved())
        .map(|t| EventTypeChoice {
            event_type: t.name(),
            title: title(*t),
        })
        .collect();
    EventTypeChoices { event_types }
}

/// `sponsor.named` → `Sponsor named (sponsor.named)`: words first for the dropdown,
/// the wire name after it so a maker can match it with the docs.
pub fn title(t: EventType) -> String {
    format!("{} ({})", swagger::words(t.name()), t.name())
}

/// The Swagger 2.0 schema of `t`'s `data`, with the type's title.
pub fn schema(t: EventType) -> ConnectorSchema {
    let mut schema = swagger::to_swagger(&t.data_schema());
    if let Some(map) = schema.as_object_mut() {
        map.insert("x-ms-summary".into(), json!("Data"));
        map.insert(
            "description".into(),
            json!(format!("The data of a {} event", t.name())),
        );
    }
    ConnectorSchema {
        event_type: t.name(),
        schema,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_catalogue_enum_becomes_a_dropdown_and_dates_keep_their_format() {
        let answer = serde_json::to_value(schema(EventType::ObjectiveDefined)).unwrap();
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
        let listed = serde_json::to_value(choices()).unwrap();
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
