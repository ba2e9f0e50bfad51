//! The connector's Swagger 2.0 definition
//! (`deploy/power-platform/connector/apiDefinition.swagger.json`), derived from the
//! OpenAPI documents of ingest and the read API and from the catalogue. Every path,
//! parameter, body and answer comes from those documents (through [`to_swagger`]); the
//! event data of the actions that record one type is the catalogue's schema of that
//! type. What is the connector's own is said here: its title, which operations it
//! offers as actions and under which names, which inputs a maker sees first, and the
//! dynamic dropdown and data schema of "Record an adoption event".
//!
//! `services/govtrack/tests/deploy.rs` compares the file with [`definition`] and
//! rewrites it when `WRITE_CONNECTOR_DEFINITION=1` is set.

use govtrack_events::EventType;
use serde_json::{Map, Value, json};

use super::swagger::{to_swagger_in, words};

/// Which document an action's operation is in.
#[derive(Clone, Copy)]
enum Document {
    Ingest,
    ReadApi,
}

/// One action (or internal operation) of the connector.
struct Action {
    document: Document,
    method: &'static str,
    path: &'static str,
    operation_id: &'static str,
    summary: &'static str,
    description: &'static str,
    /// `advanced` (behind "Show advanced options") or `internal` (for the designer
    /// only); the default shows it.
    visibility: Option<&'static str>,
    /// Records this type only: the path names it, and `data` is its schema.
    event_type: Option<EventType>,
}

/// The path parameter that names an event type (ingest's routes).
const TYPE_PARAMETER: &str = "event_type";

const ACTIONS: &[Action] = &[
    Action {
        document: Document::Ingest,
        method: "post",
        path: "/v1/events/{event_type}",
        operation_id: "RecordEvent",
        summary: "Record an adoption event",
        description: "Records one event of the type you pick; its data fields appear once the type is chosen.",
        visibility: None,
        event_type: None,
    },
    Action {
        document: Document::Ingest,
        method: "post",
        path: "/v1/events/{event_type}",
        operation_id: "MeasureKeyResult",
        summary: "Record a key-result measurement",
        description: "Records the current value of a key result (key_result.measured); govtrack computes progress against its baseline and target.",
        visibility: None,
        event_type: Some(EventType::KeyResultMeasured),
    },
    Action {
        document: Document::Ingest,
        method: "post",
        path: "/v1/events/{event_type}",
        operation_id: "ReportInitiativeProgress",
        summary: "Report initiative progress",
        description: "Checks an initiative in (initiative.progressed): its last activity moves, and a stalled initiative resumes.",
        visibility: None,
        event_type: Some(EventType::InitiativeProgressed),
    },
    Action {
        document: Document::Ingest,
        method: "post",
        path: "/v1/events/batch",
        operation_id: "RecordEvents",
        summary: "Record several events",
        description: "Records up to 1,000 events at once, all or nothing. Each item is a whole event with its type.",
        visibility: Some("advanced"),
        event_type: None,
    },
    Action {
        document: Document::ReadApi,
        method: "get",
        path: "/v1/orgs/{org}/maturity",
        operation_id: "GetMaturity",
        summary: "Get maturity",
        description: "An organisation's maturity level per capability (100 Initial to 500 Efficient), its target, and what the next level still needs, in words a CoE lead reads: ready to post to Teams.",
        visibility: None,
        event_type: None,
    },
    Action {
        document: Document::Ingest,
        method: "get",
        path: "/v1/event-types",
        operation_id: "ListEventTypes",
        summary: "List event types",
        description: "The event catalogue, as the Event type dropdown lists it.",
        visibility: Some("internal"),
        event_type: None,
    },
    Action {
        document: Document::Ingest,
        method: "get",
        path: "/v1/event-types/{event_type}/connector-schema",
        operation_id: "GetEventDataSchema",
        summary: "Get an event type's data fields",
        description: "The Swagger 2.0 schema of one event type's data, which the Record an adoption event action shows as inputs.",
        visibility: Some("internal"),
        event_type: None,
    },
];

/// Fields of an event a maker rarely sets: behind "Show advanced options".
const ADVANCED_FIELDS: &[&str] = &["id", "occurred_at", "source", "expected_version"];

/// Parameters the maker never sees.
const INTERNAL_PARAMETERS: &[&str] = &["format"];

/// Parameters a maker sets only now and then.
const ADVANCED_PARAMETERS: &[&str] = &["as_of"];

/// Labels the flow designer shows where a name in words says too little.
const LABELS: &[(&str, &str)] = &[("org", "Organisation"), ("id", "Event id")];

/// The designer's label of a field or parameter.
fn label(name: &str) -> String {
    match LABELS.iter().find(|(field, _)| *field == name) {
        Some((_, label)) => (*label).to_owned(),
        None => words(name),
    }
}

/// The definition, from ingest's document, the read API's and the catalogue.
pub fn definition(ingest: &Value, read_api: &Value) -> Value {
    let mut definitions = Map::new();
    let mut paths = Map::new();
    for action in ACTIONS {
        let document = match action.document {
            Document::Ingest => ingest,
            Document::ReadApi => read_api,
        };
        let (path, operation) = operation(document, action, &mut definitions);
        let item = paths.entry(path).or_insert_with(|| json!({}));
        item[action.method] = operation;
    }
    json!({
        "swagger": "2.0",
        "info": {
            "title": "govtrack",
            "version": "1.0.0",
            "description": "Record Power Platform adoption-governance events (sponsorship, DLP policies, trainings, key-result measurements, initiative progress) in govtrack, and read an organisation's maturity per capability.",
            "contact": {"name": "govtrack maintainers"}
        },
        "host": "govtrack.example.com",
        "basePath": "/",
        "schemes": ["https"],
        "consumes": ["application/json"],
        "produces": ["application/json"],
        "securityDefinitions": {
            "basic_auth": {"type": "basic", "description": "Any user name; the govtrack token as the password."},
            "oauth2_auth": {
                "type": "oauth2",
                "flow": "accessCode",
                "authorizationUrl": "https://login.microsoftonline.com/common/oauth2/authorize",
                "tokenUrl": "https://login.windows.net/common/oauth2/authorize",
                "scopes": {},
                "description": "Microsoft Entra ID: an access token for govtrack's app registration (GOVTRACK_OIDC_AUDIENCE)."
            }
        },
        "security": [{"basic_auth": []}, {"oauth2_auth": []}],
        "paths": paths,
        "definitions": definitions,
        "x-ms-connector-metadata": [
            {"propertyName": "Categories", "propertyValue": "IT Operations;Productivity"}
        ]
    })
}

/// The Swagger 2.0 operation of `action` and the path it is at.
fn operation(
    document: &Value,
    action: &Action,
    definitions: &mut Map<String, Value>,
) -> (String, Value) {
    let source = &document["paths"][action.path][action.method];
    assert!(
        source.is_object(),
        "the connector's {} is {} {}, which the document lacks",
        action.operation_id,
        action.method,
        action.path
    );
    let schemas = document["components"]["schemas"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let mut path = action.path.to_owned();
    let mut parameters = Vec::new();
    for parameter in source["parameters"].as_array().into_iter().flatten() {
        let name = parameter["name"].as_str().unwrap_or_default();
        match action.event_type {
            Some(t) if name == TYPE_PARAMETER => {
                path = path.replace(&format!("{{{name}}}"), t.name());
            }
            _ => parameters.push(simple_parameter(parameter, &schemas, action)),
        }
    }
    if let Some(body) = source.get("requestBody") {
        parameters.push(body_parameter(body, &schemas, action));
    }
    let mut operation = json!({
        "operationId": action.operation_id,
        "summary": action.summary,
        "description": action.description,
        "parameters": parameters,
        "responses": responses(&source["responses"], &schemas, action, definitions),
    });
    if let Some(visibility) = action.visibility {
        operation["x-ms-visibility"] = json!(visibility);
    }
    (path, operation)
}

/// A path or query parameter: its schema's keywords on the parameter itself.
fn simple_parameter(parameter: &Value, schemas: &Map<String, Value>, action: &Action) -> Value {
    let name = parameter["name"].as_str().unwrap_or_default();
    let schema = to_swagger_in(&parameter["schema"], schemas);
    let description = (parameter.get("description"))
        .or_else(|| schema.get("description"))
        .cloned()
        .unwrap_or_else(|| json!(words(name)));
    let mut out = json!({
        "name": name,
        "in": parameter["in"],
        "required": parameter["required"].as_bool().unwrap_or(false),
        "x-ms-summary": label(name),
        "description": description,
    });
    // A choice of forms (an instant or a date) keeps no one form's format.
    let choice =
        parameter["schema"].get("anyOf").is_some() || parameter["schema"].get("oneOf").is_some();
    for keyword in [
        "type", "format", "enum", "pattern", "minimum", "maximum", "default",
    ] {
        if let Some(value) = schema
            .get(keyword)
            .filter(|_| !(choice && keyword == "format"))
        {
            out[keyword] = value.clone();
        }
    }
    if name == TYPE_PARAMETER {
        out["x-ms-summary"] = json!("Event type");
        out["x-ms-url-encoding"] = json!("single");
        if action.operation_id == "RecordEvent" {
            out["description"] = json!("What happened, from govtrack's event catalogue.");
            out["x-ms-dynamic-values"] = json!({
                "operationId": "ListEventTypes",
                "parameters": {"format": {"value": "connector"}},
                "value-collection": "event_types", "value-path": "type", "value-title": "title"
            });
            out["x-ms-dynamic-list"] = json!({
                "operationId": "ListEventTypes",
                "parameters": {"format": {"value": "connector"}},
                "itemsPath": "event_types", "itemValuePath": "type", "itemTitlePath": "title"
            });
        }
    }
    if INTERNAL_PARAMETERS.contains(&name) {
        // The designer asks for the connector's form of the answer, always.
        out["required"] = json!(true);
        out["enum"] = json!(["connector"]);
        out["default"] = json!("connector");
        out["x-ms-visibility"] = json!("internal");
    }
    if ADVANCED_PARAMETERS.contains(&name) {
        out["x-ms-visibility"] = json!("advanced");
    }
    out
}

/// The request body as Swagger 2.0's body parameter; an event's `data` is the
/// catalogue's schema of the action's type, or the dynamic schema of the chosen one.
fn body_parameter(body: &Value, schemas: &Map<String, Value>, action: &Action) -> Value {
    let source = &body["content"]["application/json"]["schema"];
    let mut schema = to_swagger_in(source, schemas);
    if let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) {
        for (field, property) in properties.iter_mut() {
            property["x-ms-summary"] = json!(label(field));
        }
        for field in ADVANCED_FIELDS {
            if let Some(property) = properties.get_mut(*field) {
                property["x-ms-visibility"] = json!("advanced");
            }
        }
        if let Some(source) = properties.get_mut("source") {
            source["default"] = json!("power-automate");
        }
        if properties.contains_key("data") {
            properties.insert("data".to_owned(), data(action));
        }
    }
    if let Some(required) = schema.get_mut("required").and_then(Value::as_array_mut)
        && !required.contains(&json!("data"))
    {
        required.push(json!("data"));
    }
    json!({
        "name": "body",
        "in": "body",
        "required": body["required"].as_bool().unwrap_or(true),
        "x-ms-summary": if schema["type"] == "array" { "Events" } else { "Event" },
        "description": body["description"].as_str().unwrap_or("The request"),
        "schema": schema,
    })
}

/// The `data` of an action's event.
fn data(action: &Action) -> Value {
    match action.event_type {
        Some(t) => {
            let mut schema = super::swagger::to_swagger(&t.data_schema());
            schema["x-ms-summary"] = json!("Data");
            schema["description"] = json!(format!("The data of a {} event.", t.name()));
            schema
        }
        None => json!({
            "type": "object",
            "x-ms-summary": "Data",
            "description": "The event's data; its fields depend on the event type.",
            "x-ms-dynamic-schema": {
                "operationId": "GetEventDataSchema",
                "parameters": {(TYPE_PARAMETER): {"parameter": TYPE_PARAMETER}},
                "value-path": "schema"
            },
            "x-ms-dynamic-properties": {
                "operationId": "GetEventDataSchema",
                "parameters": {(TYPE_PARAMETER): {"parameterReference": TYPE_PARAMETER}},
                "itemValuePath": "schema"
            }
        }),
    }
}

/// A field of an object inside another object is labelled with its parent's label
/// (a capability's `target.level` is *Target level*), so that a flow's dynamic content
/// tells it from the capability's own *Level*.
fn name_nested_fields(schema: &mut Value) {
    if let Some(items) = schema.get_mut("items") {
        name_nested_fields(items);
    }
    let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
        return;
    };
    for property in properties.values_mut() {
        let parent = property["x-ms-summary"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        if let Some(fields) = property
            .get_mut("properties")
            .and_then(Value::as_object_mut)
        {
            for (name, field) in fields.iter_mut() {
                field["x-ms-summary"] = json!(format!("{parent} {}", words(name).to_lowercase()));
            }
        }
        name_nested_fields(property);
    }
}

/// The answers, each JSON body a definition of its own; the dropdown's list is the
/// connector's form of the catalogue.
fn responses(
    responses: &Value,
    schemas: &Map<String, Value>,
    action: &Action,
    definitions: &mut Map<String, Value>,
) -> Value {
    let mut out = Map::new();
    for (status, response) in responses.as_object().into_iter().flatten() {
        let mut answer = json!({"description": response["description"]});
        let schema = &response["content"]["application/json"]["schema"];
        let named = match (action.operation_id, status.as_str()) {
            ("ListEventTypes", "200") => Some("EventTypeChoices"),
            _ => schema["$ref"].as_str().and_then(|r| r.rsplit('/').next()),
        };
        if let Some(name) = named {
            let component = schemas.get(name).cloned().unwrap_or_else(|| json!({}));
            definitions.entry(name.to_owned()).or_insert_with(|| {
                let mut definition = to_swagger_in(&component, schemas);
                name_nested_fields(&mut definition);
                definition
            });
            answer["schema"] = json!({"$ref": format!("#/definitions/{name}")});
        } else if schema.is_object() {
            answer["schema"] = to_swagger_in(schema, schemas);
        }
        out.insert(status.clone(), answer);
    }
    Value::Object(out)
}
