//! Who may read: with authentication configured (a tokens file, an identity provider,
//! or both), every organisation's route needs a caller that reads that organisation.
//!
//! One middleware, [`require`], sits on the protected routes as a `route_layer` (so it
//! sees the matched `{org}`): it finds the [`Caller`], refuses with 401, 403 or 503,
//! and otherwise hands the caller to the handler as an extension (lists keep what it
//! may read, [`crate::readable`]). Identity is decided here, once; nothing further in reads
//! headers or cookies.
//!
//! - JSON routes and `/mcp`: the `Authorization` header (or `X-Api-Key`), through
//!   [`Authenticator`]: an Entra ID access token (a bearer shaped like a JWT) or a
//!   tokens-file token.
//! - Dashboard pages, with sign-in ([`SignIn`]): the session cookie; a person whom no
//!   grant lets see the page gets the no-grant page (403), and a request with neither
//!   session nor `Authorization` is sent to `/auth/login?next=`. The signed-in person
//!   travels to the page as [`SignedIn`].
//! - Dashboard pages without sign-in: HTTP Basic with a token as the password (a
//!   browser cannot send bearer tokens), asked for by a Basic challenge on 401.
//!
//! Without any authentication every caller is [`Caller::local`]. `/healthz`,
//! `/readyz`, `/metrics` (route templates only, no organisation names),
//! `/openapi.json`, the stylesheet and `/auth/*` stay open.

use axum::extract::{RawPathParams, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use govtrack_auth::{API_KEY_HEADER, Authenticator, Caller, Refusal};

use crate::dashboard::SignedIn;
use crate::error::ApiError;
use crate::signin::{SignIn, pages, unix_now};

/// The challenge of a dashboard page's 401: the browser prompts for user and password.
const BASIC_CHALLENGE: &str = "Basic realm=\"govtrack\", charset=\"UTF-8\"";

/// How a refusal is answered.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Face {
    /// JSON error body, `WWW-Authenticate: Bearer`.
    Json,
    /// HTML pages: sign-in when configured, else a Basic challenge.
    Page,
}

/// The state of [`require`]: how callers are found, and the face of the routes.
#[derive(Clone)]
pub(crate) struct Guard {
    auth: Authenticator,
    sign_in: Option<SignIn>,
    face: Face,
}

impl Guard {
    pub(crate) fn new(auth: Authenticator, sign_in: Option<SignIn>, face: Face) -> Guard {
        Guard {
            auth,
            sign_in,
            face,
        }
    }
}

/// Lets a request through with its [`Caller`] (and [`SignedIn`] person) as
/// extensions, or answers it.
pub(crate) async fn require(
    State(guard): State<Guard>,
    params: RawPathParams,
    mut request: Request,
    next: Next,
) -> Response {
    let org = params.iter().find_map(|(k, v)| (k == "org").then_some(v));
    let decided = match guard.face {
        Face::Json => from_header(&guard.auth, request.headers(), org)
            .await
            .map(|caller| (caller, None))
            .map_err(IntoResponse::into_response),
        Face::Page => {
            let path = request
                .uri()
                .path_and_query()
                .map(|p| p.as_str().to_owned());
            page_caller(&guard, request.headers(), path.as_deref(), org).await
        }
    };
    match decided {
        Ok((caller, who)) => {
            request.extensions_mut().insert(caller);
            if let Some(who) = who {
                request.extensions_mut().insert(who);
            }
            next.run(request).await
        }
        Err(refused) => refused,
    }
}

/// The caller of a page: the session's person, else the `Authorization` header's.
async fn page_caller(
    guard: &Guard,
    headers: &HeaderMap,
    path: Option<&str>,
    org: Option<&str>,
) -> Result<(Caller, Option<SignedIn>), Response> {
    if let Some(sign_in) = &guard.sign_in {
        if let Some(session) = sign_in.sessions.read(headers, unix_now()) {
            let identity = &session.identity;
            let roles = sign_in.entra.grants.roles_of(identity);
            let none_at_all = roles.is_empty();
            let caller = Caller::with_roles(identity.recorded_by(), roles);
            let allowed = match org {
                Some(org) => caller.may_read(org),
                None => !none_at_all,
            };
            if !allowed {
                tracing::info!(caller = caller.name(), org, "page refused: no grant");
                return Err(pages::no_grant(&session, org));
            }
            let who = SignedIn {
                name: identity.display_name().to_owned(),
            };
            return Ok((caller, Some(who)));
        }
        if !headers.contains_key(header::AUTHORIZATION) && !headers.contains_key(API_KEY_HEADER) {
            return Err(to_sign_in(&SignIn::login_path(path.unwrap_or("/"))));
        }
    }
    match from_header(&guard.auth, headers, org).await {
        Ok(caller) => Ok((caller, None)),
        Err(e) => Err(refused_page(e, guard.sign_in.is_none())),
    }
}

/// The caller the `Authorization` (or `X-Api-Key`) header names, when it may read `org`
/// (if any).
async fn from_header(
    auth: &Authenticator,
    headers: &HeaderMap,
    org: Option<&str>,
) -> Result<Caller, ApiError> {
    let text = |name| headers.get(name).map(|v| v.to_str().unwrap_or_default());
    let presented = (text(header::AUTHORIZATION.as_str()), text(API_KEY_HEADER));
    let caller = auth
        .caller(presented.0, presented.1)
        .await
        .map_err(|e| match e {
            Refusal::Unauthorized(why) => ApiError::Unauthorized(why),
            Refusal::Unavailable(why) => ApiError::Unavailable(why),
        })?;
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

/// A refusal as a page; a 401 asks the browser for a token when there is no sign-in.
fn refused_page(e: ApiError, basic: bool) -> Response {
    let mut page = crate::dashboard::error_page(e, None);
    if basic && page.status() == StatusCode::UNAUTHORIZED {
        page.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static(BASIC_CHALLENGE),
        );
    }
    page
}

/// 303 to the sign-in.
fn to_sign_in(login: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    let location = HeaderValue::from_str(login).unwrap_or(HeaderValue::from_static("/auth/login"));
    response.headers_mut().insert(header::LOCATION, location);
    response
}
