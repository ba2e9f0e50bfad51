//! Ingest's OpenAPI document, generated: each route's handler carries its
//! `#[utoipa::path]`, each answer its `ToSchema`, and the envelope its `schemars`
//! schema from the catalogue (`govtrack-events`), used as it is. This file holds what
//! no handler says — the title, the security schemes, the answers the appending
//! routes share, and those the webhook routes share — and the request bodies built from the envelope. The Power Automate
//! connector's Swagger 2.0 is derived from this document ([`crate::connector`]).

use std::borrow::Cow;
use std::collections::BTreeMap;

use govtrack_events::Envelope;
use govtrack_runtime::openapi::{error_response, placeholder, retry_response};
use govtrack_runtime::schemars_schema;
use serde::Serialize;
use serde_json::Value;
use utoipa::openapi::schema::{ArrayBuilder, OneOfBuilder, Schema};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Ref, RefOr, Response};
use utoipa::{IntoResponses, Modify, OpenApi, PartialSchema, ToSchema};

use crate::accept::EventResults;

schemars_schema!(pub(crate) EnvelopeSchema = Envelope);
schemars_schema!(pub(crate) OrgSchema = govtrack_events::Org);

/// The most events one request may carry (more: 413).
const MAX_BATCH: usize = 1_000;

/// The security schemes: a bearer token, or HTTP Basic with the token as the password
/// (named in `IngestDocument`'s attribute too).
const BEARER: &str = "bearer";
const BASIC: &str = "basic";

/// What the document says before the routes add theirs.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "govtrack ingest",
        description = "Append adoption-governance events to the govtrack log: one event, a batch (all or nothing), an event whose type is the path (the Power Automate connector's actions), or a webhook delivery in its sender's own shape. The catalogue of event types, with their data schemas and examples, is served here too. With a tokens file (GOVTRACK_TOKENS_FILE) the appending routes need a token that may emit for the organisation, as `Authorization: Bearer <token>` or as HTTP Basic with the token as the password; without one ingest listens on loopback only and this document declares no security."
    ),
    security(("bearer" = []), ("basic" = []), ("apiKey" = [])),
    // The error body, and what the bodies and parameters name (utoipa collects only
    // the components of types it derives).
    components(schemas(govtrack_runtime::ErrorBody, EnvelopeSchema, OrgSchema, Ignored)),
    modifiers(&SecuritySchemes)
)]
pub(crate) struct IngestDocument;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            govtrack_runtime::openapi::API_KEY,
            govtrack_runtime::openapi::api_key_scheme(),
        );
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            BASIC,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Basic)
                    .description(Some("Any user name; the token as the password"))
                    .build(),
            ),
        );
    }
}

/// The served document: without a tokens file no route asks for a token, but GitHub
/// still proves itself with its signature.
pub(crate) fn served(document: &Value, tokens: bool) -> Value {
    let mut document = document.clone();
    if !tokens {
        govtrack_runtime::openapi::without_security(&mut document);
        let github = &mut document["paths"]["/v1/hooks/github/{org}"]["post"]["responses"];
        github["401"] = serde_json::to_value(error_response(
            "A missing or wrong X-Hub-Signature-256, or no secret for this org",
        ))
        .unwrap_or_default();
    }
    document
}

/// An array of 1 to [`MAX_BATCH`] envelopes.
fn envelopes() -> Schema {
    Schema::Array(
        ArrayBuilder::new()
            .items(Ref::from_schema_name(EnvelopeSchema::name()))
            .min_items(Some(1))
            .description(Some(format!(
                "At most {MAX_BATCH} events (more: 413); all are appended or none."
            )))
            .build(),
    )
}

/// `POST /v1/events`: one envelope, or an array of them.
pub(crate) struct EventsBody;

impl PartialSchema for EventsBody {
    fn schema() -> RefOr<Schema> {
        let one_or_many = OneOfBuilder::new()
            .item(Ref::from_schema_name(EnvelopeSchema::name()))
            .item(envelopes());
        RefOr::T(Schema::OneOf(one_or_many.build()))
    }
}

impl ToSchema for EventsBody {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("EventsBody")
    }
}

/// `POST /v1/events/batch`: an array of envelopes only.
pub(crate) struct BatchBody;

impl PartialSchema for BatchBody {
    fn schema() -> RefOr<Schema> {
        RefOr::T(envelopes())
    }
}

impl ToSchema for BatchBody {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("BatchBody")
    }
}

/// `POST /v1/events/{event_type}`: the envelope without `type`, which is the path.
pub(crate) struct TypedEnvelopeSchema;

impl PartialSchema for TypedEnvelopeSchema {
    fn schema() -> RefOr<Schema> {
        let mut schema = schemars::schema_for!(Envelope);
        if let Some(Value::Object(properties)) = schema.get_mut("properties") {
            properties.remove("type");
        }
        if let Some(Value::Array(required)) = schema.get_mut("required") {
            required.retain(|name| name != "type");
        }
        schema.insert(
            "title".to_owned(),
            Value::String("TypedEnvelope".to_owned()),
        );
        placeholder(schema)
    }
}

impl ToSchema for TypedEnvelopeSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("TypedEnvelope")
    }
}

fn entries(pairs: impl IntoIterator<Item = (u16, Response)>) -> BTreeMap<String, RefOr<Response>> {
    (pairs.into_iter())
        .map(|(status, response)| (status.to_string(), response.into()))
        .collect()
}

/// The error answers of the routes that append an envelope.
pub(crate) struct WriteErrors;

impl IntoResponses for WriteErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        entries([
            (
                400,
                error_response(
                    "Invalid event; `problems` names each field (and index in a batch). Nothing appended.",
                ),
            ),
            (401, error_response("Missing or unknown token")),
            (403, error_response("The token may not emit for this org")),
            (
                409,
                error_response("expected_version does not match the entity's version"),
            ),
            (
                413,
                error_response(
                    "Body over the size limit (1 MiB by default) or more than 1,000 events",
                ),
            ),
            (
                429,
                retry_response(
                    "More appends in flight than allowed; nothing appended: retry with the same ids after Retry-After seconds",
                ),
            ),
            (
                503,
                retry_response("NATS did not confirm; retry with the same ids"),
            ),
        ])
    }
}

/// The 202 answer for a delivery nothing maps.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Ignored<'a> {
    /// Why nothing maps it.
    pub(crate) ignored: &'a str,
}

/// What every webhook route answers a delivery it takes (its errors: [`HookErrors`]).
#[derive(IntoResponses)]
#[allow(dead_code)] // describes the answers; `finish` makes them
pub(crate) enum HookAnswers {
    /// Recorded: one result per event (a redelivery: duplicate = true)
    #[response(status = 200)]
    Recorded(EventResults<'static>),
    /// Nothing maps this delivery; `ignored` says why
    #[response(status = 202)]
    Ignored(Ignored<'static>),
}

/// The error answers of the webhook routes.
pub(crate) struct HookErrors;

impl IntoResponses for HookErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        entries([
            (
                400,
                error_response(
                    "The payload lacks what its sender always sends (named), or is not JSON",
                ),
            ),
            (
                401,
                error_response(
                    "Missing or unknown token, or a missing or wrong X-Hub-Signature-256",
                ),
            ),
            (403, error_response("The token may not emit for this org")),
            (
                413,
                error_response("Body over the size limit (1 MiB by default)"),
            ),
            (
                422,
                error_response("The mapped event is not valid; `problems` names the field"),
            ),
            (
                429,
                retry_response("More appends in flight than allowed: redeliver"),
            ),
            (503, retry_response("NATS did not confirm: redeliver")),
        ])
    }
}
