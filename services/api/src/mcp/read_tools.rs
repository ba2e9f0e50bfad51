//! The read tools: each answers the JSON of the REST route it mirrors (or, for
//! `explain_next_level`, of [`super::explain`]) with a short summary, and changes
//! nothing (`readOnlyHint: true`).

use rmcp::model::JsonObject;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;

use super::backend::{Backend, ToolError};
use super::explain::{capability, explain};
use super::summary;
use super::tools::{ToolOutput, ToolSpec, arguments, input_schema, org_id};
use crate::as_of::parse_instant;

/// No arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoArgs {}

/// One organisation.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrgArgs {
    /// The organisation id, as list_orgs gives it (e.g. `contoso`).
    pub org: String,
}

/// `get_maturity`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MaturityArgs {
    /// The organisation id, as list_orgs gives it (e.g. `contoso`).
    pub org: String,
    /// Ask about the past: an RFC 3339 instant (2026-03-01T10:00:00Z) or a date
    /// (2026-03-01, meaning the end of that day UTC). Default: now.
    #[serde(default)]
    pub as_of: Option<String>,
}

/// One capability of one organisation.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CapabilityArgs {
    /// The organisation id, as list_orgs gives it (e.g. `contoso`).
    pub org: String,
    /// The capability id, as get_maturity gives it (e.g. `governance`, `sponsorship`).
    pub capability: String,
}

/// `list_initiatives`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InitiativesArgs {
    /// The organisation id, as list_orgs gives it (e.g. `contoso`).
    pub org: String,
    /// Only the initiatives that went quiet past two check-in periods.
    #[serde(default)]
    pub stalled_only: bool,
}

/// `describe_model`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ModelArgs {
    /// The model id (`2025`, `2021`, or an installation's own). Default: the model
    /// organisations are assessed with unless configured otherwise.
    #[serde(default)]
    pub model: Option<String>,
    /// Only this capability (e.g. `sponsorship`).
    #[serde(default)]
    pub capability: Option<String>,
}

/// Every read tool, in the order `tools/list` shows them.
pub(crate) const READ_TOOLS: [ToolSpec; 10] = [
    ToolSpec::new(
        "list_orgs",
        "List organisations",
        "List the organisations you may read, with how many events each has and when the \
         latest one happened. Call it first when the user names no organisation or you are \
         unsure of an id: every other tool takes one of these ids as `org`.",
        input_schema::<NoArgs>,
    ),
    ToolSpec::new(
        "get_maturity",
        "Maturity per capability",
        "An organisation's Power Platform adoption maturity, per capability of its maturity \
         model (strategy, business value, security, governance, operations, community, \
         sponsorship, …): the level from 100 Initial to 500 Efficient, the target level \
         and its due date when one is set, since when the level holds, and the \
         requirements still missing for the next level in the adoption guidance's words. \
         Pass `as_of` to ask about a past moment. The same JSON as GET \
         /v1/orgs/{org}/maturity.",
        input_schema::<MaturityArgs>,
    ),
    ToolSpec::new(
        "explain_next_level",
        "What the next level needs",
        "What one capability of an organisation still needs for its next maturity level: \
         every missing requirement with its `words`, `how` to record it (a govtrack \
         command or event type) and its `source` (the sentence of Microsoft's adoption \
         guidance it encodes, or govtrack's reason). An any-of requirement lists its \
         alternatives under `any`; one of them is enough. A missing requirement of a \
         lower level is listed too, since it blocks the next level. Use it to answer \
         'what do we still need for governance 400?'.",
        input_schema::<CapabilityArgs>,
    ),
    ToolSpec::new(
        "get_level_history",
        "Level history of a capability",
        "Every change of maturity level of one capability of an organisation, oldest \
         first: when, from which level to which, and the cause in words (the event that \
         completed a level, or a requirement that lapsed). The JSON of GET \
         /v1/orgs/{org}/maturity/history with only that capability's changes.",
        input_schema::<CapabilityArgs>,
    ),
    ToolSpec::new(
        "get_okrs",
        "Objectives and key results",
        "An organisation's OKRs: objectives (each under one of the seven common adoption \
         goals or a custom one), their key results with baseline, target, current value, \
         progress from 0 to 1, expected pace and status (done, on_track, at_risk, \
         off_track, overdue, not_started, or target_not_set while the target is a blank), \
         and the initiatives serving each objective. The same JSON as GET \
         /v1/orgs/{org}/okrs.",
        input_schema::<OrgArgs>,
    ),
    ToolSpec::new(
        "list_initiatives",
        "Initiatives",
        "An organisation's initiatives: title, owner, horizon, state, percent done, the \
         last check-in note, when it was last active, and whether a check-in is due or \
         it has stalled (silent past two check-in periods). Set `stalled_only` to answer \
         'which initiatives went quiet?'. The same JSON as GET \
         /v1/orgs/{org}/initiatives (with ?status=stalled).",
        input_schema::<InitiativesArgs>,
    ),
    ToolSpec::new(
        "list_alerts",
        "Open alerts",
        "An organisation's open alerts: stalled initiatives, overdue key results, feeds \
         gone silent or failing; each with a sentence, since when it fires, and whether \
         a silence mutes it. The same JSON as GET /v1/orgs/{org}/alerts.",
        input_schema::<OrgArgs>,
    ),
    ToolSpec::new(
        "list_sources",
        "Feeds",
        "Every feed that records events for an organisation (scripts, flows, webhooks, \
         the inventory sync): when each was last seen, the cadence expected of it, and \
         its status (ok, late, silent, failed, unwatched). The same JSON as GET \
         /v1/orgs/{org}/sources.",
        input_schema::<OrgArgs>,
    ),
    ToolSpec::new(
        "describe_model",
        "Maturity model",
        "A maturity model as the adoption guidance writes it: its capabilities, each with \
         levels 100 to 500 and, per level, the requirements in words, how to record each \
         and the guidance sentence it comes from. Without `model`, the default model; \
         `capability` narrows it to one capability. The same JSON as GET \
         /v1/models/{id}.",
        input_schema::<ModelArgs>,
    ),
    ToolSpec::new(
        "list_event_types",
        "Event types",
        "The event types govtrack records (sponsor.named, dlp_policy.set, hackathon.held, \
         key_result.measured, initiative.progressed, …), each with the JSON Schema of its \
         `data` and an example. Read it before record_event. The same JSON as ingest's GET \
         /v1/event-types.",
        input_schema::<NoArgs>,
    ),
];

/// Runs the read tool `name`; `None` when there is no read tool of that name.
pub(crate) async fn call<B: Backend>(
    backend: &B,
    name: &str,
    args: Option<JsonObject>,
) -> Option<Result<ToolOutput, ToolError>> {
    let output = match name {
        "list_orgs" => list_orgs(backend, args).await,
        "get_maturity" => get_maturity(backend, args).await,
        "explain_next_level" => explain_next_level(backend, args).await,
        "get_level_history" => get_level_history(backend, args).await,
        "get_okrs" => get_okrs(backend, args).await,
        "list_initiatives" => list_initiatives(backend, args).await,
        "list_alerts" => list_alerts(backend, args).await,
        "list_sources" => list_sources(backend, args).await,
        "describe_model" => describe_model(backend, args).await,
        "list_event_types" => list_event_types(args),
        _ => return None,
    };
    Some(output)
}

async fn list_orgs<B: Backend>(b: &B, args: Option<JsonObject>) -> Result<ToolOutput, ToolError> {
    let NoArgs {} = arguments(args)?;
    let list = b.orgs().await?;
    ToolOutput::of(&list, summary::orgs(&list))
}

async fn get_maturity<B: Backend>(
    b: &B,
    args: Option<JsonObject>,
) -> Result<ToolOutput, ToolError> {
    let a: MaturityArgs = arguments(args)?;
    let as_of = (a.as_of.as_deref())
        .filter(|t| !t.trim().is_empty())
        .map(|t| parse_instant("as_of", t))
        .transpose()
        .map_err(|e| ToolError::Invalid(format!("argument {e}")))?;
    let report = b.maturity(org_id(&a.org)?, as_of).await?;
    ToolOutput::of(&report, summary::maturity(&report))
}

async fn explain_next_level<B: Backend>(
    b: &B,
    args: Option<JsonObject>,
) -> Result<ToolOutput, ToolError> {
    let a: CapabilityArgs = arguments(args)?;
    let report = b.maturity(org_id(&a.org)?, None).await?;
    let model = b.model(&report.model).await?;
    let explanation = explain(&report, &model, &a.capability)?;
    ToolOutput::of(&explanation, summary::explanation(&explanation))
}

async fn get_level_history<B: Backend>(
    b: &B,
    args: Option<JsonObject>,
) -> Result<ToolOutput, ToolError> {
    let a: CapabilityArgs = arguments(args)?;
    let mut history = b.maturity_history(org_id(&a.org)?).await?;
    let model = b.model(&history.model).await?;
    let name = capability(&model, &a.capability)?.name.clone();
    history.changes.retain(|c| c.capability == a.capability);
    ToolOutput::of(&history, summary::history(&history, &name))
}

async fn get_okrs<B: Backend>(b: &B, args: Option<JsonObject>) -> Result<ToolOutput, ToolError> {
    let a: OrgArgs = arguments(args)?;
    let report = b.okrs(org_id(&a.org)?).await?;
    ToolOutput::of(&report, summary::okrs(&report))
}

async fn list_initiatives<B: Backend>(
    b: &B,
    args: Option<JsonObject>,
) -> Result<ToolOutput, ToolError> {
    let a: InitiativesArgs = arguments(args)?;
    let list = b.initiatives(org_id(&a.org)?, a.stalled_only).await?;
    ToolOutput::of(&list, summary::initiatives(&list, a.stalled_only))
}

async fn list_alerts<B: Backend>(b: &B, args: Option<JsonObject>) -> Result<ToolOutput, ToolError> {
    let a: OrgArgs = arguments(args)?;
    let list = b.alerts(org_id(&a.org)?).await?;
    ToolOutput::of(&list, summary::alerts(&list))
}

async fn list_sources<B: Backend>(
    b: &B,
    args: Option<JsonObject>,
) -> Result<ToolOutput, ToolError> {
    let a: OrgArgs = arguments(args)?;
    let list = b.sources(org_id(&a.org)?).await?;
    ToolOutput::of(&list, summary::sources(&list))
}

async fn describe_model<B: Backend>(
    b: &B,
    args: Option<JsonObject>,
) -> Result<ToolOutput, ToolError> {
    let a: ModelArgs = arguments(args)?;
    let id = match a.model {
        Some(id) => model_id(id)?,
        None => default_model(b).await?,
    };
    let mut model = b.model(&id).await?;
    if let Some(wanted) = &a.capability {
        let kept = capability(&model, wanted)?.clone();
        model.capabilities = vec![kept];
    }
    ToolOutput::of(&model, summary::model(&model))
}

/// The id of the model organisations get unless configured otherwise.
pub(crate) async fn default_model<B: Backend>(b: &B) -> Result<String, ToolError> {
    let models = b.models().await?.models;
    let default = models.iter().find(|m| m.default).or(models.first());
    default
        .map(|m| m.id.clone())
        .ok_or_else(|| ToolError::Service("this installation has no maturity model".to_owned()))
}

/// A model id as a path segment may carry it.
pub(crate) fn model_id(id: String) -> Result<String, ToolError> {
    let ok = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-');
    match !id.is_empty() && id.len() <= 128 && id.bytes().all(ok) {
        true => Ok(id),
        false => Err(ToolError::Invalid(format!(
            "argument model: {id:?} is not a model id (letters, digits, '.', '_' and '-')"
        ))),
    }
}

fn list_event_types(args: Option<JsonObject>) -> Result<ToolOutput, ToolError> {
    let NoArgs {} = arguments(args)?;
    let types: Vec<_> = (govtrack_events::EventType::ALL.iter())
        .map(|t| govtrack_events::describe(*t))
        .collect();
    let text = summary::event_types(&types);
    ToolOutput::of(&json!({ "event_types": types }), text)
}
