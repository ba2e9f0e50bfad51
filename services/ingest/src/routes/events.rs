//! `POST /v1/events` (one envelope or an array of up to 1,000),
//! `POST /v1/events/batch` (an array only, the form a Swagger 2.0 client such as the
//! Power Automate connector can describe) and `POST /v1/events/{type}` (one envelope
//! whose type is in the path: the connector's actions, each a path of its own).

use axum::Json;
use axum::extract::{Path, Request, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use chrono::Utc;
use govtrack_auth::{API_KEY_HEADER, Caller, Refusal};
use govtrack_events::{Event, Problem, ValidationError};

use crate::IngestError;
use crate::accept::{EventResult, EventResults, EventsAnswer, accept};
use crate::openapi::{BatchBody, EventsBody, TypedEnvelopeSchema, WriteErrors};
use crate::state::AppState;

/// Append one event or a batch of up to 1,000 (all or nothing)
///
/// An event whose id is already on the log is answered with its original sequence
/// and `duplicate: true`, and not appended again.
#[utoipa::path(post, path = "/v1/events", operation_id = "postEvents",
    request_body(content = EventsBody, description = "One event, or an array of them"),
    responses((status = 200, description = "Appended (or already there: duplicate = true); a batch answers one result per event",
        body = EventsAnswer), WriteErrors))]
pub(crate) async fn post_events(
    State(state): State<AppState>,
    headers: HeaderMap,
    request: Request,
) -> Result<Response, IngestError> {
    let (caller, body) = caller_and_body(&state, &headers, request).await?;
    answer(&state, &caller, &body).await
}

/// Append a batch of 1 to 1,000 events (all or nothing); an array only
///
/// The form a Swagger 2.0 client such as the Power Automate connector can describe.
#[utoipa::path(post, path = "/v1/events/batch", operation_id = "postBatch",
    request_body(content = BatchBody, description = "The events, each with its type"),
    responses((status = 200, description = "Appended, one result per event in order",
        body = EventResults), WriteErrors))]
pub(crate) async fn post_batch(
    State(state): State<AppState>,
    headers: HeaderMap,
    request: Request,
) -> Result<Response, IngestError> {
    let (caller, body) = caller_and_body(&state, &headers, request).await?;
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    if first != Some(&b'[') {
        let problem = Problem::new(
            "body",
            "POST /v1/events/batch takes a JSON array of events; send one event to POST /v1/events",
        );
        return Err(IngestError::Invalid(ValidationError {
            problems: vec![problem],
        }));
    }
    answer(&state, &caller, &body).await
}

/// Append one event whose type is the path
///
/// The Power Automate connector's actions: each event type is a path of its own, and
/// the body is the envelope without `type`.
#[utoipa::path(post, path = "/v1/events/{event_type}", operation_id = "postTypedEvent",
    params(("event_type" = String, Path, description = "The event type, e.g. `key_result.measured`")),
    request_body(content = TypedEnvelopeSchema, description = "The event without its type"),
    responses((status = 200, description = "Appended (or already there: duplicate = true)",
        body = EventResult), WriteErrors))]
pub(crate) async fn post_typed(
    State(state): State<AppState>,
    Path(event_type): Path<String>,
    headers: HeaderMap,
    request: Request,
) -> Result<Response, IngestError> {
    let (caller, body) = caller_and_body(&state, &headers, request).await?;
    let envelope = typed_envelope(&body, &event_type)?;
    answer(&state, &caller, &envelope).await
}

/// The body with the path's `type` put in; the body must be one JSON object without
/// a `type` of its own.
fn typed_envelope(body: &[u8], event_type: &str) -> Result<Vec<u8>, IngestError> {
    let invalid = |field: &str, reason: &str| {
        IngestError::Invalid(ValidationError {
            problems: vec![Problem::new(field, reason)],
        })
    };
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| invalid("body", &format!("not valid JSON: {e}")))?;
    let serde_json::Value::Object(mut envelope) = value else {
        return Err(invalid(
            "body",
            "expected one JSON object (an event without `type`)",
        ));
    };
    if envelope.contains_key("type") {
        return Err(invalid(
            "type",
            "the type is given by the path; leave it out of the body",
        ));
    }
    envelope.insert(
        "type".to_owned(),
        serde_json::Value::String(event_type.to_owned()),
    );
    serde_json::to_vec(&envelope).map_err(|e| invalid("body", &e.to_string()))
}

async fn answer(state: &AppState, caller: &Caller, body: &[u8]) -> Result<Response, IngestError> {
    let by = caller.recorded_by();
    let permit = |event: &Event| may_record(caller, event);
    let accepted = accept(state, body, by, permit, Utc::now()).await?;
    Ok(Json(accepted.body()).into_response())
}

async fn caller_and_body(
    state: &AppState,
    headers: &HeaderMap,
    request: Request,
) -> Result<(Caller, Bytes), IngestError> {
    let caller = authenticate(state, headers).await?;
    Ok((caller, read_body(state, request).await?))
}

/// The whole body, or 413 past the limit.
pub(crate) async fn read_body(state: &AppState, request: Request) -> Result<Bytes, IngestError> {
    axum::body::to_bytes(request.into_body(), state.body_limit)
        .await
        .map_err(|_| {
            IngestError::TooLarge(format!(
                "the request body is over the {} byte limit",
                state.body_limit
            ))
        })
}

/// Whether `caller` may record `event`: emit for its org, and administer it for a
/// silence or a feed cadence (403 naming both when not).
fn may_record(caller: &Caller, event: &Event) -> Result<(), IngestError> {
    let (org, event_type) = (event.org.as_str(), event.event_type());
    if !event_type.is_administrative() || caller.may_record(org, event_type) {
        return may_emit(caller, org);
    }
    Err(IngestError::Forbidden(format!(
        "{} may not administer org {org:?}: {event_type} is an admin's to record",
        caller.recorded_by()
    )))
}

/// Whether `caller` may emit events for `org` (403 naming both when not).
pub(crate) fn may_emit(caller: &Caller, org: &str) -> Result<(), IngestError> {
    if caller.may_emit(org) {
        Ok(())
    } else {
        Err(IngestError::Forbidden(format!(
            "{} may not emit events for org {org:?}",
            caller.recorded_by()
        )))
    }
}

/// The caller of a request: the local user when no authentication is configured. The
/// token comes as `Bearer <token>`, as the password of HTTP Basic (what a Power
/// Automate custom connector sends; the user name is ignored) or as
/// `X-Api-Key: <token>`; one shaped like a JWT is an Entra ID access token.
pub(crate) async fn authenticate(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Caller, IngestError> {
    let text = |name| headers.get(name).map(|v| v.to_str().unwrap_or_default());
    let authorization = text(axum::http::header::AUTHORIZATION.as_str());
    let caller = state.auth.caller(authorization, text(API_KEY_HEADER)).await;
    caller.map_err(|e| match e {
        Refusal::Unauthorized(why) => IngestError::Unauthorized(why),
        Refusal::Unavailable(why) => IngestError::Unavailable(why),
    })
}
