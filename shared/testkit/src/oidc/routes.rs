//! The provider's endpoints, under `/{tenant}/v2.0` as Entra ID lays them out:
//! discovery, keys, authorize (PKCE S256 only), token (client secret and
//! `code_verifier` checked), end-session.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::keys::Keys;
use super::user::TestUser;

/// A code the authorize endpoint gave out, until the token endpoint takes it.
struct PendingCode {
    user: TestUser,
    nonce: Option<String>,
    challenge: String,
    redirect_uri: String,
}

/// What the provider knows and counts.
pub(crate) struct Inner {
    pub(crate) keys: Keys,
    pub(crate) issuer: String,
    pub(crate) tenant: String,
    pub(crate) client_id: String,
    pub(crate) client_secret: String,
    pub(crate) next_user: Option<TestUser>,
    codes: HashMap<String, PendingCode>,
    pub(crate) jwks_fetches: usize,
    pub(crate) end_sessions: usize,
}

impl Inner {
    pub(crate) fn new(issuer: String, tenant: String, client_id: &str, secret: &str) -> Inner {
        Inner {
            keys: Keys::new(),
            issuer,
            tenant,
            client_id: client_id.to_owned(),
            client_secret: secret.to_owned(),
            next_user: None,
            codes: HashMap::new(),
            jwks_fetches: 0,
            end_sessions: 0,
        }
    }

    /// `iss`, `aud`, `iat`, `nbf` (now) and `exp` (an hour on).
    pub(crate) fn standard_claims(&self, audience: &str) -> Value {
        let now = now();
        json!({
            "iss": self.issuer,
            "aud": audience,
            "iat": now,
            "nbf": now,
            "exp": now + 3600,
            "ver": "2.0",
        })
    }

    /// An ID token for `user`, for this client, with `nonce`.
    fn id_token(&self, user: &TestUser, nonce: Option<&str>) -> String {
        let mut claims = self.standard_claims(&self.client_id);
        merge(&mut claims, user.claims(&self.tenant));
        if let Some(nonce) = nonce {
            claims["nonce"] = json!(nonce);
        }
        self.keys.sign(&claims)
    }
}

/// Seconds since the epoch.
pub(crate) fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Copies the fields of `more` into `claims`.
pub(crate) fn merge(claims: &mut Value, more: Value) {
    if let (Value::Object(into), Value::Object(from)) = (claims, more) {
        into.extend(from);
    }
}

pub(crate) type Shared = Arc<Mutex<Inner>>;

pub(crate) fn lock(shared: &Shared) -> MutexGuard<'_, Inner> {
    shared
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub(crate) fn router(tenant: &str, shared: Shared) -> Router {
    let base = format!("/{tenant}/v2.0");
    Router::new()
        .route(
            &format!("{base}/.well-known/openid-configuration"),
            get(discovery),
        )
        .route(&format!("{base}/keys"), get(keys))
        .route(&format!("{base}/authorize"), get(authorize))
        .route(&format!("{base}/token"), post(token))
        .route(&format!("{base}/logout"), get(logout))
        .with_state(shared)
}

async fn discovery(State(shared): State<Shared>) -> Json<Value> {
    let issuer = lock(&shared).issuer.clone();
    Json(json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/authorize"),
        "token_endpoint": format!("{issuer}/token"),
        "jwks_uri": format!("{issuer}/keys"),
        "end_session_endpoint": format!("{issuer}/logout"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "code_challenge_methods_supported": ["S256"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
    }))
}

async fn keys(State(shared): State<Shared>) -> Json<Value> {
    let mut inner = lock(&shared);
    inner.jwks_fetches += 1;
    Json(inner.keys.jwks())
}

#[derive(Deserialize)]
struct AuthorizeQuery {
    response_type: Option<String>,
    client_id: Option<String>,
    redirect_uri: Option<String>,
    state: Option<String>,
    nonce: Option<String>,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
}

/// Signs in the chosen user at once and sends the browser back with a code.
async fn authorize(State(shared): State<Shared>, Query(q): Query<AuthorizeQuery>) -> Response {
    let mut inner = lock(&shared);
    let refused =
        |why: &str| (StatusCode::BAD_REQUEST, format!("authorize: {why}")).into_response();
    if q.response_type.as_deref() != Some("code") {
        return refused("response_type must be code");
    }
    if q.client_id.as_deref() != Some(inner.client_id.as_str()) {
        return refused("unknown client_id");
    }
    if q.code_challenge_method.as_deref() != Some("S256") {
        return refused("PKCE with code_challenge_method=S256 is required");
    }
    let (Some(challenge), Some(redirect_uri), Some(state)) =
        (q.code_challenge, q.redirect_uri, q.state)
    else {
        return refused("code_challenge, redirect_uri and state are required");
    };
    let Some(user) = inner.next_user.clone() else {
        return refused("the test chose no user to sign in");
    };
    let code = ulid::Ulid::new().to_string();
    inner.codes.insert(
        code.clone(),
        PendingCode {
            user,
            nonce: q.nonce,
            challenge,
            redirect_uri: redirect_uri.clone(),
        },
    );
    let joiner = if redirect_uri.contains('?') { '&' } else { '?' };
    let to = format!(
        "{redirect_uri}{joiner}code={}&state={}",
        encode(&code),
        encode(&state)
    );
    Redirect::to(&to).into_response()
}

#[derive(Deserialize)]
struct TokenForm {
    grant_type: Option<String>,
    code: Option<String>,
    redirect_uri: Option<String>,
    code_verifier: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
}

/// Trades a code for tokens once the client and the PKCE verifier check out.
async fn token(
    State(shared): State<Shared>,
    headers: HeaderMap,
    Form(form): Form<TokenForm>,
) -> Response {
    let mut inner = lock(&shared);
    let (id, secret) = client_credentials(&headers, &form);
    if id.as_deref() != Some(inner.client_id.as_str())
        || secret.as_deref() != Some(inner.client_secret.as_str())
    {
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", "bad client");
    }
    if form.grant_type.as_deref() != Some("authorization_code") {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "code only",
        );
    }
    let Some(pending) = form.code.and_then(|c| inner.codes.remove(&c)) else {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", "unknown code");
    };
    if form.redirect_uri.as_deref() != Some(pending.redirect_uri.as_str()) {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "redirect_uri differs",
        );
    }
    let verifier = form.code_verifier.unwrap_or_default();
    let derived = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    if verifier.is_empty() || derived != pending.challenge {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", "code_verifier");
    }
    let id_token = inner.id_token(&pending.user, pending.nonce.as_deref());
    let mut access = inner.standard_claims(&inner.client_id);
    merge(&mut access, pending.user.claims(&inner.tenant));
    let access_token = inner.keys.sign(&access);
    Json(json!({
        "token_type": "Bearer",
        "expires_in": 3600,
        "scope": "openid profile",
        "access_token": access_token,
        "id_token": id_token,
    }))
    .into_response()
}

/// The client id and secret, from HTTP Basic or the form.
fn client_credentials(headers: &HeaderMap, form: &TokenForm) -> (Option<String>, Option<String>) {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| STANDARD.decode(b).ok())
        .and_then(|b| String::from_utf8(b).ok());
    if let Some((id, secret)) = basic.as_deref().and_then(|b| b.split_once(':')) {
        return (Some(decode(id)), Some(decode(secret)));
    }
    (form.client_id.clone(), form.client_secret.clone())
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    let body = json!({ "error": error, "error_description": description });
    (status, Json(body)).into_response()
}

#[derive(Deserialize)]
struct LogoutQuery {
    post_logout_redirect_uri: Option<String>,
}

/// Ends the provider's session and returns to the client when it says where.
async fn logout(State(shared): State<Shared>, Query(q): Query<LogoutQuery>) -> Response {
    lock(&shared).end_sessions += 1;
    match q.post_logout_redirect_uri {
        Some(to) => Redirect::to(&to).into_response(),
        None => "signed out of the test provider".into_response(),
    }
}

/// Percent-encodes all but the unreserved characters.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Undoes [`encode`] (and `+` for a space, as forms write it).
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(b) => out.push(b),
                    Err(_) => out.extend_from_slice(&bytes[i..i + 3]),
                }
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
