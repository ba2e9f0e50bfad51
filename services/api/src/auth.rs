//! Read tokens: with a tokens file, every organisation's route needs a token whose
//! scopes read that organisation (`read:{org}`, `read:*` or `admin`).
//!
//! One middleware, [`require`], sits on the protected routes as a `route_layer` (so it
//! sees the matched `{org}`): it finds the [`Caller`] from the `Authorization` header,
//! refuses with 401 or 403, and otherwise hands the caller to the handler as an
//! extension, which lists call [`keep_readable`] with. The token comes as
//! `Bearer <token>` or, since a browser cannot send bearer tokens, as HTTP Basic with
//! the token as the password; a dashboard page answers 401 with a Basic challenge so
//! the browser asks for it. Without tokens every caller is [`Caller::local`].
//!
//! `/healthz`, `/readyz`, `/metrics` (route templates only, no organisation names),
//! `/openapi.json` and the stylesheet stay open.

use std::sync::Arc;

use axum::extract::{RawPathParams, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use govtrack_auth::{AuthError, Caller, Credentials, TokenStore};

use crate::error::ApiError;
use crate::types::OrgList;

/// The challenge of a dashboard page's 401: the browser prompts for user and password.
const BASIC_CHALLENGE: &str = "Basic realm=\"govtrack\", charset=\"UTF-8\"";

/// How a refusal is answered.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Face {
    /// JSON error body, `WWW-Authenticate: Bearer`.
    Json,
    /// HTML error page, `WWW-Authenticate: Basic` so the browser asks for the token.
    Page,
}

/// The state of [`require`]: the tokens and the face of the routes it guards.
#[derive(Clone)]
pub(crate) struct Guard {
    tokens: Arc<TokenStore>,
    face: Face,
}

impl Guard {
    pub(crate) fn new(tokens: Arc<TokenStore>, face: Face) -> Guard {
        Guard { tokens, face }
    }
}

/// Lets a request through with its [`Caller`] as an extension, or refuses it.
pub(crate) async fn require(
    State(guard): State<Guard>,
    params: RawPathParams,
    mut request: Request,
    next: Next,
) -> Response {
    let org = params.iter().find_map(|(k, v)| (k == "org").then_some(v));
    match caller(&guard.tokens, request.headers(), org) {
        Ok(caller) => {
            request.extensions_mut().insert(caller);
            next.run(request).await
        }
        Err(e) => refuse(guard.face, e),
    }
}

/// The caller of a request that may read `org` (when the route has one).
fn caller(tokens: &TokenStore, headers: &HeaderMap, org: Option<&str>) -> Result<Caller, ApiError> {
    if tokens.is_empty() {
        return Ok(Caller::local());
    }
    let header = headers
        .get(header::AUTHORIZATION)
        .map(|v| v.to_str().unwrap_or_default());
    let caller = Credentials::from_header(header)
        .and_then(|c| c.caller(tokens))
        .map_err(unauthorized)?;
    match org {
        Some(org) if !caller.may_read(org) => {
            tracing::info!(caller = caller.name(), org, "read refused: no read scope");
            Err(ApiError::Forbidden(format!(
                "{} may not read organisation {org:?}",
                caller.recorded_by()
            )))
        }
        _ => Ok(caller),
    }
}

fn unauthorized(e: AuthError) -> ApiError {
    ApiError::Unauthorized(match e {
        AuthError::Missing => "no token: send `Authorization: Bearer <token>` \
                               (or HTTP Basic auth with the token as the password)"
            .to_owned(),
        AuthError::Malformed => "the Authorization header must be `Bearer <token>` \
                                 or `Basic base64(user:token)`"
            .to_owned(),
        AuthError::MalformedBasic | AuthError::UnknownToken => e.to_string(),
    })
}

fn refuse(face: Face, e: ApiError) -> Response {
    match face {
        Face::Json => e.into_response(),
        Face::Page => {
            let mut page = crate::dashboard::error_page(e, None);
            if page.status() == StatusCode::UNAUTHORIZED {
                page.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static(BASIC_CHALLENGE),
                );
            }
            page
        }
    }
}

/// Drops the organisations `caller` may not read.
pub(crate) fn keep_readable(mut list: OrgList, caller: &Caller) -> OrgList {
    list.orgs.retain(|o| caller.may_read(&o.org));
    list
}
