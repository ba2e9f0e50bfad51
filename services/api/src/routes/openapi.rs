//! `GET /openapi.json`: the document [`super::routes`] generates from the handlers
//! and the types, finished once when the router is built; without a tokens file it
//! declares no security, as the api then asks for none.

use axum::Extension;
use axum::body::Bytes;
use axum::http::header;
use axum::response::IntoResponse;

/// The finished document, as served.
#[derive(Clone)]
pub(crate) struct Document(pub(crate) Bytes);

/// This document
#[utoipa::path(get, path = "/openapi.json", operation_id = "openapi", security(()),
    responses((status = 200, description = "OpenAPI 3.1", body = Value)))]
pub(crate) async fn document(Extension(Document(body)): Extension<Document>) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], body)
}
