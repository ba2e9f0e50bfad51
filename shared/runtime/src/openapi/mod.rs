//! The OpenAPI documents of the HTTP services, generated from the code (utoipa):
//!
//! - [`Routes`] builds a service's router and its document together, so a documented
//!   route cannot lack its entry nor an entry its route;
//! - [`schemars_schema!`](crate::schemars_schema) lets the document use the schemas
//!   `schemars` writes for the event catalogue, and [`finish`] puts them in place;
//! - [`without_security`] fits the document to a service running without tokens, and
//!   [`document`] serves it at `/openapi.json`;
//! - [`error_response`] and [`ErrorBody`](crate::ErrorBody)'s schema are the one error
//!   answer of every service.

mod bridge;
mod document;
mod responses;
mod routes;
mod security;
mod serve;

#[doc(hidden)]
pub use bridge::placeholder;
pub use document::{finish, without_security};
pub use responses::{error_response, json_response, retry_response};
pub use routes::Routes;
pub use security::{API_KEY, api_key_scheme};
pub use serve::{ServedDocument, document, document_route, serving};

/// For [`schemars_schema!`](crate::schemars_schema).
#[doc(hidden)]
pub use ::schemars;
/// For [`schemars_schema!`](crate::schemars_schema).
#[doc(hidden)]
pub use utoipa;
