//! The answers both services document the same way: the JSON error body, with
//! `Retry-After` when the client should come back.

use utoipa::openapi::schema::{Object, Type};
use utoipa::openapi::{Content, Header, Ref, Response, ResponseBuilder};

/// The component name of [`crate::ErrorBody`]'s schema.
pub const ERROR_SCHEMA: &str = "ErrorBody";

/// A JSON answer whose body is the component `schema`.
pub fn json_response(description: &str, schema: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            Content::new(Some(Ref::from_schema_name(schema))),
        )
        .build()
}

/// An error answer: the one JSON error body.
pub fn error_response(description: &str) -> Response {
    json_response(description, ERROR_SCHEMA)
}

/// An error answer the client retries after `Retry-After` seconds.
pub fn retry_response(description: &str) -> Response {
    let mut response = error_response(description);
    let mut seconds = Header::new(Object::with_type(Type::Integer));
    seconds.description = Some("Seconds to wait before retrying".to_owned());
    response
        .headers
        .insert("Retry-After".to_owned(), seconds.into());
    response
}
