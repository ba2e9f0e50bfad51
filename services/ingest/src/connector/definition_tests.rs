//! The connector's definition as derived from the documents: each action's inputs and
//! answers come from them, and a fixed-type action's data from the catalogue.

use govtrack_events::EventType;
use serde_json::{Value, json};

use super::definition::definition;

/// The part of the read API's document the connector reads.
fn read_api() -> Value {
    json!({
        "paths": {"/v1/orgs/{org}/maturity": {"get": {
            "parameters": [{"name": "org", "in": "path", "required": true,
                            "schema": {"$ref": "#/components/schemas/Org"}}],
            "responses": {"200": {"description": "The levels", "content": {"application/json":
                {"schema": {"$ref": "#/components/schemas/MaturityReport"}}}}}
        }}},
        "components": {"schemas": {
            "Org": {"type": "string", "pattern": "^[a-z]+$"},
            "MaturityReport": {"type": "object", "properties": {
                "org": {"type": "string"},
                "target": {"type": ["object", "null"], "properties": {"level": {"type": "integer"}}}
            }}
        }}
    })
}

fn body_schema(document: &Value, path: &str) -> Value {
    let parameters = document["paths"][path]["post"]["parameters"]
        .as_array()
        .unwrap();
    let body = parameters.iter().find(|p| p["in"] == "body").unwrap();
    body["schema"].clone()
}

#[test]
fn a_fixed_type_action_takes_the_catalogues_data_and_no_type() {
    let document = definition(&crate::openapi_document(), &read_api());
    let path = "/v1/events/key_result.measured";
    let parameters = &document["paths"][path]["post"]["parameters"];
    assert_eq!(parameters.as_array().unwrap().len(), 1, "{parameters}");
    let data = &body_schema(&document, path)["properties"]["data"];
    let catalogue = EventType::KeyResultMeasured.data_schema();
    let names = |s: &Value| {
        s["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(names(data), names(&catalogue));
    assert!(
        body_schema(&document, path)["properties"]
            .get("type")
            .is_none()
    );
}

#[test]
fn the_open_action_lists_the_types_and_loads_the_chosen_ones_data() {
    let document = definition(&crate::openapi_document(), &read_api());
    let operation = &document["paths"]["/v1/events/{event_type}"]["post"];
    assert_eq!(operation["operationId"], "RecordEvent");
    let chosen = &operation["parameters"][0];
    assert_eq!(
        chosen["x-ms-dynamic-values"]["operationId"],
        "ListEventTypes"
    );
    let data = &body_schema(&document, "/v1/events/{event_type}")["properties"]["data"];
    assert_eq!(
        data["x-ms-dynamic-schema"]["operationId"],
        "GetEventDataSchema"
    );
    assert_eq!(
        data["x-ms-dynamic-schema"]["parameters"]["event_type"]["parameter"],
        "event_type"
    );
}

#[test]
fn the_read_action_answers_what_the_read_apis_document_says() {
    let document = definition(&crate::openapi_document(), &read_api());
    let operation = &document["paths"]["/v1/orgs/{org}/maturity"]["get"];
    assert_eq!(operation["parameters"][0]["pattern"], "^[a-z]+$");
    assert_eq!(
        operation["responses"]["200"]["schema"]["$ref"],
        "#/definitions/MaturityReport"
    );
    let report = &document["definitions"]["MaturityReport"]["properties"];
    assert_eq!(report["org"]["type"], "string");
    assert_eq!(
        report["target"]["properties"]["level"]["x-ms-summary"],
        "Target level"
    );
}

#[test]
#[should_panic(expected = "GetMaturity is get /v1/orgs/{org}/maturity, which the document lacks")]
fn an_action_the_document_does_not_have_is_named() {
    definition(&crate::openapi_document(), &json!({"paths": {}}));
}
