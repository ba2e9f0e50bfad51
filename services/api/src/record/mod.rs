//! Recording from the dashboard, where the reader already is.
//!
//! - `GET /orgs/{org}/record/{type}` renders the form of an event type
//!   (`govtrack-forms`), prefilled from the query (`?capability=governance&signal=…`),
//!   with a fresh one-time event `id` and its `csrf` ([`csrf`]).
//! - `POST` to the same path records what was typed through the api's
//!   [`Writer`](crate::writer::Writer): ingest stays the only writer, with its
//!   validation, model check and durable id index, and the event says who recorded it
//!   (the caller the route's guard found). Success answers 303 to the organisation's
//!   page ([`back`]) with a notice of what was recorded and of each level it changed
//!   ([`outcome`]); a refusal shows the form again with 400 and each of ingest's
//!   problems next to its field, with what was typed kept. The same form sent twice
//!   (a double click, the back button) is stored once: its `id` is the same.
//!
//! Refused with 403 and nothing appended: a caller who may not record for the
//! organisation ([`access`]), a form sent from another site ([`origin`]), and a form
//! without its valid `csrf`.

pub mod back;
pub mod csrf;
pub mod origin;
pub mod outcome;

use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use govtrack_auth::Caller;
use govtrack_events::{EventId, EventType, Problem};
use govtrack_forms::{Form, OCCURRED_AT, Values, field_of_problem};
use serde_json::Value;

use self::csrf::FormFor;
use crate::dashboard::notice::Recorded;
use crate::dashboard::record_form::{self, FieldError, FormPage};
use crate::dashboard::{SignedIn, error_page};
use crate::error::ApiError;
use crate::state::AppState;

/// The envelope's `source` of everything recorded from the dashboard.
pub const SOURCE: &str = "govtrack-dashboard";

/// `GET /orgs/{org}/record/{type}[?field=value…]`.
pub async fn form(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    who: Option<Extension<SignedIn>>,
    Path((org, name)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let who = who.map(|Extension(w)| w);
    let (org, form) = match recordable(&caller, org, &name) {
        Ok(found) => found,
        Err(e) => return error_page(e, who.as_ref()),
    };
    let prefill = pairs(query.as_deref().unwrap_or_default().as_bytes());
    let mut values = form.shown(&prefill);
    let today = state.now().date_naive().to_string();
    values.set(
        OCCURRED_AT,
        [prefill.first(OCCURRED_AT).unwrap_or(&today).to_owned()],
    );
    let shown = Shown {
        org: &org,
        form,
        values: &values,
        id: &EventId::generate().to_string(),
        back: &back::from_referer(&headers, &org),
        who: who.as_ref(),
    };
    render(&state, &caller, shown, &[], StatusCode::OK)
}

/// `POST /orgs/{org}/record/{type}` (form-encoded).
pub async fn submit(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    who: Option<Extension<SignedIn>>,
    Path((org, name)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let who = who.map(|Extension(w)| w);
    let (org, form) = match recordable(&caller, org, &name) {
        Ok(found) => found,
        Err(e) => return error_page(e, who.as_ref()),
    };
    let public = state.public_url.as_ref().map(|p| p.origin());
    if let Err(e) = origin::same_origin(&headers, public.as_deref()) {
        tracing::info!(caller = caller.name(), org, reason = %e, "record refused");
        return error_page(ApiError::Forbidden(e.to_string()), who.as_ref());
    }
    let typed = pairs(&body);
    let id = typed.first("id").unwrap_or_default().to_owned();
    let this = FormFor {
        by: caller.recorded_by(),
        org: &org,
        event_type: form.event_type.name(),
        id: &id,
    };
    if let Err(e) = state.form_key.check(typed.first("csrf"), this, unix_now()) {
        tracing::info!(caller = caller.name(), org, reason = %e, "record refused");
        return error_page(ApiError::Forbidden(e.to_string()), who.as_ref());
    }
    let mut values = form.shown(&typed);
    values.set(OCCURRED_AT, typed.first(OCCURRED_AT).map(str::to_owned));
    let shown = Shown {
        org: &org,
        form,
        values: &values,
        id: &id,
        back: &back::checked(typed.first("back"), &org),
        who: who.as_ref(),
    };
    match record(&state, &caller, &shown, &typed).await {
        Ok(location) => see_other(&location),
        Err((status, errors)) => render(&state, &caller, shown, &errors, status),
    }
}

/// What a form page shows besides its csrf and errors.
struct Shown<'a> {
    org: &'a str,
    form: &'static Form,
    values: &'a Values,
    id: &'a str,
    back: &'a str,
    who: Option<&'a SignedIn>,
}

/// A refused record: the status of the page and what to show on it.
type Refused = (StatusCode, Vec<FieldError>);

/// Records what was typed; answers where to go next.
async fn record(
    state: &AppState,
    caller: &Caller,
    shown: &Shown<'_>,
    typed: &Values,
) -> Result<String, Refused> {
    let mut envelope = shown.form.envelope(shown.org, typed, state.now());
    envelope.id = Some(shown.id.to_owned());
    envelope.source = Some(SOURCE.to_owned());
    let errors: Vec<FieldError> = (shown.form.problems(typed).into_iter())
        .map(|(f, reason)| FieldError {
            field: Some(f.name.clone()),
            reason,
        })
        .collect();
    if !errors.is_empty() {
        return Err((StatusCode::BAD_REQUEST, errors));
    }
    if let Err(e) = govtrack_events::validate(envelope.clone(), chrono::Utc::now()) {
        return Err((StatusCode::BAD_REQUEST, field_errors(e.problems)));
    }
    let before = outcome::levels(state, shown.org).await.unwrap_or_default();
    let body = serde_json::to_vec(&envelope).map_err(|e| unavailable(&e.to_string()))?;
    let answer = (state
        .writer
        .record(shown.org, body, caller.recorded_by())
        .await)
        .map_err(|e| {
            unavailable(&format!(
                "{e}. Nothing is known to be recorded: send the form again."
            ))
        })?;
    if !answer.is_success() {
        return Err(refused(answer.status, &answer.body));
    }
    let sequence = answer.body["sequence"].as_u64().unwrap_or_default();
    let again = answer.body["duplicate"].as_bool().unwrap_or_default();
    tracing::info!(caller = caller.name(), org = shown.org, event.r#type = %shown.form.event_type, sequence, again, "recorded from the dashboard");
    let levels = match outcome::applied(state, shown.org, sequence).await {
        true => match outcome::levels(state, shown.org).await {
            Ok(after) => outcome::changed(&before, after),
            Err(_) => Vec::new(),
        },
        false => Vec::new(),
    };
    let recorded = Recorded {
        sequence,
        again,
        levels,
    };
    Ok(back::with_notice(shown.back, &recorded))
}

/// Ingest's refusal: its problems by field, or its message.
fn refused(status: u16, body: &Value) -> Refused {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY);
    let problems: Vec<Problem> = (body["error"]["problems"].as_array().into_iter().flatten())
        .filter_map(|p| Some(Problem::new(p["field"].as_str()?, p["reason"].as_str()?)))
        .collect();
    if problems.is_empty() {
        let message = body["error"]["message"]
            .as_str()
            .unwrap_or("ingest refused the record");
        return (
            status,
            vec![FieldError {
                field: None,
                reason: message.to_owned(),
            }],
        );
    }
    (status, field_errors(problems))
}

fn field_errors(problems: Vec<Problem>) -> Vec<FieldError> {
    (problems.into_iter())
        .map(|p| FieldError {
            field: field_of_problem(&p.field).map(str::to_owned),
            reason: match field_of_problem(&p.field) {
                Some(_) => p.reason,
                None => p.to_string(),
            },
        })
        .collect()
}

fn unavailable(reason: &str) -> Refused {
    let error = FieldError {
        field: None,
        reason: reason.to_owned(),
    };
    (StatusCode::SERVICE_UNAVAILABLE, vec![error])
}

/// The organisation and the form of `name`, when `caller` may record it there.
fn recordable(
    caller: &Caller,
    org: String,
    name: &str,
) -> Result<(String, &'static Form), ApiError> {
    let org = crate::org_param::org_param(org)?;
    let event_type = match EventType::parse(name) {
        Some(t) if !t.is_reserved() => t,
        Some(t) => {
            return Err(ApiError::NotFound(format!(
                "{t} is recorded by govtrack's scheduler only; there is no form for it"
            )));
        }
        None => {
            return Err(ApiError::NotFound(format!(
                "no event type {name:?}; `govtrack event-types` lists them"
            )));
        }
    };
    if !caller.may_record(&org, event_type) {
        let what = if event_type.is_administrative() {
            "administer"
        } else {
            "record for"
        };
        tracing::info!(caller = caller.name(), org, event.r#type = %event_type, "record refused: no role");
        return Err(ApiError::Forbidden(format!(
            "{} may not {what} organisation {org:?}",
            caller.recorded_by()
        )));
    }
    Ok((org, Form::of(event_type)))
}

/// The form page, with a fresh `csrf` for its `id`.
fn render(
    state: &AppState,
    caller: &Caller,
    shown: Shown<'_>,
    errors: &[FieldError],
    status: StatusCode,
) -> Response {
    let this = FormFor {
        by: caller.recorded_by(),
        org: shown.org,
        event_type: shown.form.event_type.name(),
        id: shown.id,
    };
    let csrf = state.form_key.issue(this, unix_now());
    let page = record_form::page(&FormPage {
        org: shown.org,
        form: shown.form,
        values: shown.values,
        errors,
        id: shown.id,
        csrf: &csrf,
        back: shown.back,
        today: state.now().date_naive(),
        who: shown.who,
    });
    let mut response = (status, Html(page.into_string())).into_response();
    // Never in a shared cache (the form is the caller's); the back button may show it
    // again, with the same id, so that sending it again stores nothing twice.
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    response
}

fn see_other(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// A form body or query string as name/value pairs.
fn pairs(encoded: &[u8]) -> Values {
    Values::from_pairs(
        form_urlencoded::parse(encoded).map(|(n, v)| (n.into_owned(), v.into_owned())),
    )
}

/// Seconds since the epoch: forms expire by the wall clock, whatever clock reads use.
fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}
