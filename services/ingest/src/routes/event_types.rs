//! `GET /v1/event-types[/{type}]`: the catalogue with schemas and examples;
//! `?format=connector` and `/{type}/connector-schema` are the Power Automate
//! connector's dropdown and dynamic schema.

use axum::Json;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use govtrack_events::{EventType, describe};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::openapi::schema::{AnyOfBuilder, Object, ObjectBuilder, Schema, Type};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{IntoParams, PartialSchema, ToSchema};

use crate::connector::{self, ConnectorSchema, EventTypeChoices};

type Answer<T> = Result<Json<T>, (StatusCode, Json<Value>)>;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListQuery {
    #[param(schema_with = format_schema)]
    format: Option<String>,
}

fn format_schema() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(["full", "connector"]))
        .description(Some(
            "`full` (the default): every type with its data schema and example; `connector`: each type with a title, for the connector's dropdown",
        ))
        .build()
}

/// `GET /v1/event-types`: the catalogue, whole or as the connector's choices.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub(crate) enum EventTypes {
    /// `format=full`.
    Full(Catalogue),
    /// `format=connector`.
    Choices(EventTypeChoices),
}

/// Either answer: `anyOf`, since a choice is also an object as the whole catalogue's
/// entries are.
impl PartialSchema for EventTypes {
    fn schema() -> RefOr<Schema> {
        let either = AnyOfBuilder::new()
            .item(Ref::from_schema_name(Catalogue::name()))
            .item(Ref::from_schema_name(EventTypeChoices::name()));
        RefOr::T(Schema::AnyOf(either.build()))
    }
}

impl ToSchema for EventTypes {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((Catalogue::name().into(), Catalogue::schema()));
        Catalogue::schemas(schemas);
        schemas.push((EventTypeChoices::name().into(), EventTypeChoices::schema()));
        EventTypeChoices::schemas(schemas);
    }
}

/// The whole catalogue.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Catalogue {
    /// Every type: name, version, whether only the scheduler emits it, the JSON
    /// Schema of its data, an example, and for some the titles of their choices.
    #[schema(value_type = Vec<Object>)]
    event_types: Vec<Value>,
}

/// The event catalogue with schemas and examples
///
/// `format=connector`: the types a flow may record, with titles for the Power
/// Automate connector's dropdown.
#[utoipa::path(get, path = "/v1/event-types", operation_id = "listEventTypes", security(()),
    params(ListQuery),
    responses((status = 200, description = "The catalogue", body = EventTypes),
        (status = 400, description = "An unknown format", body = govtrack_runtime::ErrorBody)))]
pub(crate) async fn list(Query(query): Query<ListQuery>) -> Answer<EventTypes> {
    match query.format.as_deref() {
        None | Some("full") => Ok(Json(EventTypes::Full(Catalogue {
            event_types: EventType::ALL.iter().map(|t| describe(*t)).collect(),
        }))),
        Some("connector") => Ok(Json(EventTypes::Choices(connector::choices()))),
        Some(other) => Err(error(
            StatusCode::BAD_REQUEST,
            "bad_request",
            format!("unknown format {other:?}: use `full` (the default) or `connector`"),
        )),
    }
}

/// One event type: its data schema and an example
#[utoipa::path(get, path = "/v1/event-types/{event_type}", operation_id = "getEventType", security(()),
    params(("event_type" = String, Path, description = "The event type, e.g. `sponsor.named`")),
    responses((status = 200, description = "The type's entry of the catalogue", body = Object),
        (status = 404, description = "An unknown type", body = govtrack_runtime::ErrorBody)))]
pub(crate) async fn one(Path(name): Path<String>) -> Answer<Value> {
    known(&name).map(|t| Json(describe(t)))
}

/// One type's data schema in Swagger 2.0 form
///
/// The Power Automate connector's dynamic schema.
#[utoipa::path(get, path = "/v1/event-types/{event_type}/connector-schema",
    operation_id = "getConnectorSchema", security(()),
    params(("event_type" = String, Path, description = "The event type, e.g. `sponsor.named`")),
    responses((status = 200, description = "The type and its data's schema", body = ConnectorSchema),
        (status = 404, description = "An unknown type", body = govtrack_runtime::ErrorBody)))]
pub(crate) async fn connector_schema(Path(name): Path<String>) -> Answer<ConnectorSchema> {
    known(&name).map(|t| Json(connector::schema(t)))
}

fn known(name: &str) -> Result<EventType, (StatusCode, Json<Value>)> {
    EventType::parse(name).ok_or_else(|| {
        error(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("unknown event type {name:?}"),
        )
    })
}

fn error(status: StatusCode, code: &str, message: String) -> (StatusCode, Json<Value>) {
    (
        status,
        Json(json!({"error": {"code": code, "message": message}})),
    )
}
