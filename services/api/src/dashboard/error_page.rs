//! An error as a page: what a dashboard route (or the token check in front of it)
//! answers instead of the JSON error body.

use axum::response::{Html, IntoResponse, Response};
use maud::html;

use super::layout::{self, SignedIn};
use crate::error::ApiError;

/// An error as a page: the same status and message the JSON API would give.
pub(crate) fn error_page(e: ApiError, who: Option<&SignedIn>) -> Response {
    let message = e.to_string();
    let status = e.into_response().status();
    let main = html! {
        h1 { "Cannot show this page" }
        p role="alert" { (message) }
        p { a href="/" { "All organisations" } }
    };
    let title = status.canonical_reason().unwrap_or("Error");
    let body = layout::page(title, who, html! {}, main);
    (status, Html(body.into_string())).into_response()
}
