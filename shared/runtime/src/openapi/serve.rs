//! `GET /openapi.json`: the document a service generated when its router was built,
//! served as it was finished (an [`Extension`] the router carries).

use axum::Extension;
use axum::body::Bytes;
use axum::http::header;
use axum::response::IntoResponse;
use serde_json::Value;
use utoipa_axum::router::UtoipaMethodRouter;

/// The finished document, as served.
#[derive(Clone)]
pub struct ServedDocument(Bytes);

/// The layer that gives [`document`] what it serves.
pub fn serving(document: &Value) -> Extension<ServedDocument> {
    Extension(ServedDocument(document.to_string().into()))
}

/// The route of [`document`] with its entry, for [`super::Routes::documented`].
pub fn document_route<S>() -> UtoipaMethodRouter<S>
where
    S: Clone + Send + Sync + 'static,
{
    utoipa_axum::routes!(document)
}

/// This document
#[utoipa::path(get, path = "/openapi.json", operation_id = "openapi", security(()),
    responses((status = 200, description = "OpenAPI 3.1", body = Value)))]
pub async fn document(
    Extension(ServedDocument(body)): Extension<ServedDocument>,
) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], body)
}
