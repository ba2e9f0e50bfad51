//! Security headers on every answer of the api, pages and JSON alike: pages that can
//! write may be framed by no one, load nothing from another site, and send their forms
//! only here; no answer is sniffed into another type, and no address of a page leaves
//! the site in a `Referer`.
//!
//! The dashboard needs nothing else from its policy: one stylesheet of its own, no
//! script, no inline style (its bars are SVG shapes, whose sizes are attributes).

use axum::http::{HeaderValue, header};
use axum::response::Response;

/// `Content-Security-Policy` of every answer.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; base-uri 'none'; \
     object-src 'none'; frame-ancestors 'none'; form-action 'self'";

/// Adds the security headers to `response` (a handler's own policy is kept).
pub(crate) async fn secure(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    response
}
