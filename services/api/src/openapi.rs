//! The api's OpenAPI document, generated: each route's handler carries its
//! `#[utoipa::path]`, each body its `ToSchema` ([`crate::types`]), and this file holds
//! what no handler says — the title, the security schemes, the answers every
//! organisation's route shares — and the stand-ins for the types the pure crates
//! describe with `schemars` (the catalogue's enums, the OKR statuses, the models).

use std::collections::BTreeMap;

use govtrack_runtime::openapi::error_response;
use govtrack_runtime::schemars_schema;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{RefOr, Response};
use utoipa::{IntoResponses, Modify, OpenApi};

schemars_schema!(pub(crate) OrgSchema = govtrack_events::Org);
schemars_schema!(pub(crate) RecordedBySchema = govtrack_events::RecordedBy);
schemars_schema!(pub(crate) GoalSchema = govtrack_events::Goal);
schemars_schema!(pub(crate) StakeholderSchema = govtrack_events::Stakeholder);
schemars_schema!(pub(crate) HorizonSchema = govtrack_events::data::Horizon);
schemars_schema!(pub(crate) DirectionSchema = govtrack_okr::Direction);
schemars_schema!(pub(crate) KrStatusSchema = govtrack_okr::KrStatus);
schemars_schema!(pub(crate) InitiativeStateSchema = govtrack_okr::InitiativeState);
schemars_schema!(pub(crate) CheckInSchema = govtrack_okr::CheckIn);
schemars_schema!(pub(crate) SourceStatusSchema = govtrack_okr::SourceStatus);
schemars_schema!(pub(crate) ModelDescriptionSchema = govtrack_maturity::ModelDescription);

/// The security schemes: a bearer token, or HTTP Basic with the token as the password
/// (named in `ApiDocument`'s attribute too).
const BEARER: &str = "bearerToken";
const BASIC: &str = "basicToken";

/// What the document says before the routes add theirs.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "govtrack read API",
        description = "Maturity levels, OKRs, initiatives, open alerts, sources and the event timeline of each organisation, served from the projector's read model. Events are written through the ingest service (POST /v1/events), not here. With a tokens file (GOVTRACK_TOKENS_FILE), every /v1/orgs route needs a token whose scopes read the organisation (read:{org}, read:* or admin), sent as `Authorization: Bearer <token>` or as HTTP Basic with the token as the password (any user name); GET /v1/orgs lists only the organisations the token may read. /healthz, /readyz, /metrics, /openapi.json and the maturity models are open. Without a tokens file authentication is off, the api listens on loopback only, and this document declares no security."
    ),
    security(("bearerToken" = []), ("basicToken" = []), ("apiKey" = [])),
    // The error body, and what the parameters name (utoipa collects only the bodies').
    components(schemas(govtrack_runtime::ErrorBody, OrgSchema)),
    modifiers(&SecuritySchemes)
)]
pub(crate) struct ApiDocument;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let scheme = |kind, description: &str| {
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(kind)
                    .description(Some(description))
                    .build(),
            )
        };
        components.add_security_scheme(
            govtrack_runtime::openapi::API_KEY,
            govtrack_runtime::openapi::api_key_scheme(),
        );
        components.add_security_scheme(
            BEARER,
            scheme(
                HttpAuthScheme::Bearer,
                "A token of the tokens file, with read:{org}, read:* or admin.",
            ),
        );
        components.add_security_scheme(
            BASIC,
            scheme(
                HttpAuthScheme::Basic,
                "HTTP Basic for browsers and the dashboard: the password is the token, the user name is ignored.",
            ),
        );
    }
}

/// The answers of a guarded route: no or an unknown token, a token that may not read.
fn refusals() -> BTreeMap<String, RefOr<Response>> {
    let mut unauthorized = error_response(
        "No token, a malformed Authorization header or an unknown token; the message says which",
    );
    let mut challenge = utoipa::openapi::Header::new(utoipa::openapi::schema::Object::with_type(
        utoipa::openapi::schema::Type::String,
    ));
    challenge.description = Some("Bearer realm=\"govtrack\"".to_owned());
    unauthorized
        .headers
        .insert("WWW-Authenticate".to_owned(), challenge.into());
    BTreeMap::from([
        ("401".to_owned(), unauthorized.into()),
        (
            "403".to_owned(),
            error_response(
                "The token has no scope that reads this organisation; the message names both",
            )
            .into(),
        ),
    ])
}

/// The read model is not there yet (503).
fn unavailable() -> (String, RefOr<Response>) {
    (
        "503".to_owned(),
        error_response("The read model is not available yet").into(),
    )
}

/// The error answers of `GET /v1/orgs`.
pub(crate) struct ListErrors;

impl IntoResponses for ListErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        let mut responses = refusals();
        responses.remove("403");
        responses.extend([unavailable()]);
        responses
    }
}

/// The error answers of every `GET /v1/orgs/{org}/…`.
pub(crate) struct OrgErrors;

impl IntoResponses for OrgErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        let mut responses = refusals();
        responses.extend([
            (
                "400".to_owned(),
                error_response(
                    "A malformed parameter; the message names it and the expected format",
                )
                .into(),
            ),
            (
                "404".to_owned(),
                error_response("Unknown organisation (no events applied)").into(),
            ),
            unavailable(),
        ]);
        responses
    }
}
