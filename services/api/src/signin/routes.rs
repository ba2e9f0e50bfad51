//! `/auth/login`, `/auth/callback`, `/auth/logout`, `/auth/signed-out`: always routed,
//! 404 without an identity provider.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use govtrack_auth::oidc::TokenError;
use serde::Deserialize;

use super::next::same_origin_path;
use super::oauth::Pending;
use super::pages;
use super::session::{SESSION_COOKIE, SIGN_IN_COOKIE, Session};
use super::sign_in::{SignIn, unix_now};
use crate::error::ApiError;
use crate::state::AppState;

/// A sign-in must come back within this many seconds.
const SIGN_IN_SECONDS: i64 = 600;

/// The 404 page of a sign-in route when there is no identity provider.
fn off() -> Response {
    let off = "sign-in is off: this govtrack has no identity provider (GOVTRACK_OIDC_ISSUER)";
    crate::dashboard::error_page(ApiError::NotFound(off.to_owned()), None)
}

/// `?next=`: where to go once signed in.
#[derive(Deserialize)]
pub struct LoginQuery {
    pub next: Option<String>,
}

/// `GET /auth/login?next=`.
pub async fn login(State(state): State<AppState>, Query(q): Query<LoginQuery>) -> Response {
    let Some(sign_in) = &state.sign_in else {
        return off();
    };
    let next = same_origin_path(q.next.as_deref());
    let provider = match sign_in.entra.verifier.provider().metadata().await {
        Ok(metadata) => metadata,
        Err(e) => return pages::problem(StatusCode::SERVICE_UNAVAILABLE, &e.to_string()),
    };
    match sign_in.oauth.authorize(provider, next) {
        Ok((url, pending)) => {
            let cookie = sign_in
                .sessions
                .seal(SIGN_IN_COOKIE, &pending, "/auth", SIGN_IN_SECONDS);
            redirect(&url, &[cookie])
        }
        Err(e) => pages::problem(StatusCode::BAD_GATEWAY, &e.to_string()),
    }
}

/// What the provider sends back: a code and the state, or an error.
#[derive(Deserialize)]
pub struct CallbackQuery {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

/// `GET /auth/callback?code=&state=`.
pub async fn callback(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<CallbackQuery>,
) -> Response {
    let Some(sign_in) = &state.sign_in else {
        return off();
    };
    match finish(sign_in, &headers, q).await {
        Ok((session, next)) => {
            let user = session.identity.display_name().to_owned();
            tracing::info!(user, "signed in");
            let cookies = [
                sign_in.sessions.start(&session),
                sign_in.sessions.remove(SIGN_IN_COOKIE, "/auth"),
            ];
            redirect(&next, &cookies)
        }
        Err((status, message)) => {
            tracing::info!(%status, reason = message, "sign-in refused");
            pages::sign_in_failed(status, &message)
        }
    }
}

/// The session and the path to return to, or why not.
async fn finish(
    sign_in: &SignIn,
    headers: &HeaderMap,
    q: CallbackQuery,
) -> Result<(Session, String), (StatusCode, String)> {
    if let Some(error) = q.error {
        let detail = q.error_description.unwrap_or_default();
        return Err((
            StatusCode::UNAUTHORIZED,
            format!("the identity provider did not sign you in: {error} {detail}"),
        ));
    }
    let pending: Pending = sign_in.sessions.open(headers, SIGN_IN_COOKIE).ok_or((
        StatusCode::BAD_REQUEST,
        "this sign-in has expired or began in another browser".to_owned(),
    ))?;
    if q.state.as_deref() != Some(pending.state.as_str()) {
        return Err((
            StatusCode::BAD_REQUEST,
            "the sign-in's state does not match the one this browser sent".to_owned(),
        ));
    }
    let code = q.code.ok_or((
        StatusCode::BAD_REQUEST,
        "the identity provider sent no code".to_owned(),
    ))?;
    let provider = sign_in
        .entra
        .verifier
        .provider()
        .metadata()
        .await
        .map_err(|e| (StatusCode::SERVICE_UNAVAILABLE, e.to_string()))?;
    let id_token = sign_in
        .oauth
        .exchange(provider, &code, &pending)
        .await
        .map_err(|e| (StatusCode::BAD_GATEWAY, e.to_string()))?;
    let identity = sign_in
        .entra
        .verifier
        .id_token(&id_token, &pending.nonce)
        .await
        .map_err(|e| match e {
            TokenError::Invalid(why) => (StatusCode::UNAUTHORIZED, format!("the ID token: {why}")),
            TokenError::Unavailable(e) => (StatusCode::SERVICE_UNAVAILABLE, e.to_string()),
        })?;
    let expires_at = unix_now() + sign_in.sessions.lifetime_seconds();
    let session = Session::new(identity, &sign_in.entra.grants, expires_at);
    Ok((session, pending.next))
}

/// `GET /auth/logout`.
pub async fn logout(State(state): State<AppState>) -> Response {
    let Some(sign_in) = &state.sign_in else {
        return off();
    };
    let cleared = sign_in.sessions.remove(SESSION_COOKIE, "/");
    let to = match sign_in.entra.verifier.provider().metadata().await {
        Ok(metadata) => match &metadata.end_session_endpoint {
            Some(end) => end_session_url(end, &sign_in.signed_out_uri, &sign_in.oauth.client_id),
            None => "/auth/signed-out".to_owned(),
        },
        Err(e) => {
            tracing::warn!(error = %e, "signed out of govtrack only");
            "/auth/signed-out".to_owned()
        }
    };
    redirect(&to, &[cleared])
}

fn end_session_url(end: &str, back: &str, client_id: &str) -> String {
    match oauth2::url::Url::parse(end) {
        Ok(mut url) => {
            url.query_pairs_mut()
                .append_pair("post_logout_redirect_uri", back)
                .append_pair("client_id", client_id);
            url.to_string()
        }
        Err(_) => "/auth/signed-out".to_owned(),
    }
}

/// `GET /auth/signed-out`.
pub async fn signed_out() -> Response {
    pages::signed_out()
}

/// 303 to `to`, setting `cookies`.
fn redirect(to: &str, cookies: &[HeaderValue]) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    match HeaderValue::from_str(to) {
        Ok(location) => headers.insert(header::LOCATION, location),
        Err(_) => headers.insert(header::LOCATION, HeaderValue::from_static("/")),
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    for cookie in cookies {
        headers.append(header::SET_COOKIE, cookie.clone());
    }
    response
}
