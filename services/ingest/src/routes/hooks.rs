//! `POST /v1/hooks/azure-devops/{org}`, `/v1/hooks/github/{org}`,
//! `/v1/hooks/dataverse/{org}`: webhook deliveries in their senders' own shapes.
//!
//! Answers: 200 with the events' results; 202 `{"ignored": why}` when nothing maps;
//! 400 naming what the payload lacks; 401 for a missing token or a bad signature;
//! 422 naming the field of a mapped event that is not valid; 429/503 to retry.

use axum::Json;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use govtrack_events::Org;
use utoipa::IntoParams;

use super::events::{authenticate, may_emit, read_body};
use crate::IngestError;
use crate::hooks::{self, Parsed, azure_devops, dataverse, github, payload};
use crate::openapi::{HookAnswers, HookErrors, Ignored, OrgSchema};
use crate::state::AppState;

/// The organisation of a webhook's path.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)] // describes the path; the handlers check the org themselves
pub(crate) struct HookPath {
    /// The organisation the sender's events belong to, e.g. `contoso`.
    #[param(value_type = OrgSchema)]
    org: String,
}

/// Azure DevOps service hook
///
/// `workitem.created`, `workitem.updated` and `workitem.commented`; items tagged
/// `govtrack:<initiative>` drive that initiative.
#[utoipa::path(post, path = "/v1/hooks/azure-devops/{org}", operation_id = "hookAzureDevOps",
    params(HookPath),
    request_body(content = Object, description = "The sender's payload, as it sends it"),
    responses(HookAnswers, HookErrors))]
pub(crate) async fn azure_devops(
    State(state): State<AppState>,
    Path(org): Path<String>,
    headers: HeaderMap,
    request: Request,
) -> Result<Response, IngestError> {
    let (org, payload) = token_payload(&state, &org, &headers, request).await?;
    let parsed = azure_devops::parse(&payload)?;
    let delivery = match parsed {
        Parsed::Ignored(_) => String::new(),
        _ => azure_devops::delivery(&payload)?,
    };
    finish(&state, &org, azure_devops::SENDER, parsed, &delivery).await
}

/// GitHub webhook, proven by X-Hub-Signature-256
///
/// `issues`, `issue_comment` and `pull_request`; items labelled
/// `govtrack:<initiative>` drive that initiative. No token: the signature with the
/// org's secret proves the sender.
#[utoipa::path(post, path = "/v1/hooks/github/{org}", operation_id = "hookGitHub",
    params(HookPath), security(()),
    request_body(content = Object, description = "The sender's payload, as it sends it"),
    responses(HookAnswers, HookErrors))]
pub(crate) async fn github(
    State(state): State<AppState>,
    Path(org): Path<String>,
    headers: HeaderMap,
    request: Request,
) -> Result<Response, IngestError> {
    let org = checked_org(&org)?;
    let body = read_body(&state, request).await?;
    let secret = state.hooks.config().github_secret(&org).ok_or_else(|| {
        IngestError::Unauthorized(format!(
            "no GitHub webhook secret is configured for org {org:?}: set GOVTRACK_GITHUB_WEBHOOK_SECRET or [github.secrets] in the hooks file"
        ))
    })?;
    github::verify(secret, &body, header(&headers, "x-hub-signature-256"))?;
    let event = header(&headers, "x-github-event")
        .ok_or_else(|| IngestError::BadPayload("no X-GitHub-Event header".to_owned()))?;
    let delivery = header(&headers, "x-github-delivery")
        .filter(|d| !d.is_empty())
        .ok_or_else(|| IngestError::BadPayload("no X-GitHub-Delivery header".to_owned()))?
        .to_owned();
    let payload = payload::parse(&body)?;
    let parsed = github::parse(event, &payload)?;
    finish(&state, &org, github::SENDER, parsed, &delivery).await
}

/// Dataverse webhook (RemoteExecutionContext)
///
/// Tables and messages mapped in the hooks file become events.
#[utoipa::path(post, path = "/v1/hooks/dataverse/{org}", operation_id = "hookDataverse",
    params(HookPath),
    request_body(content = Object, description = "The sender's payload, as it sends it"),
    responses(HookAnswers, HookErrors))]
pub(crate) async fn dataverse(
    State(state): State<AppState>,
    Path(org): Path<String>,
    headers: HeaderMap,
    request: Request,
) -> Result<Response, IngestError> {
    let (org, context) = token_payload(&state, &org, &headers, request).await?;
    let delivery = dataverse::delivery(&context)?;
    let parsed = dataverse::parse(state.hooks.config(), &org, &context)?;
    finish(&state, &org, dataverse::SENDER, parsed, &delivery).await
}

async fn finish(
    state: &AppState,
    org: &str,
    sender: &'static str,
    parsed: Parsed,
    delivery: &str,
) -> Result<Response, IngestError> {
    if let Parsed::Ignored(why) = &parsed {
        state.metrics.hook_delivery(sender, "ignored");
        tracing::info!(sender, org, reason = %why, "webhook delivery ignored");
        return Ok((StatusCode::ACCEPTED, Json(Ignored { ignored: why })).into_response());
    }
    match hooks::record(state, org, sender, parsed, delivery, Utc::now()).await {
        Ok(accepted) => {
            state.metrics.hook_delivery(sender, "recorded");
            Ok(Json(accepted.body()).into_response())
        }
        Err(e) => {
            state.metrics.hook_delivery(sender, "refused");
            Err(e)
        }
    }
}

/// The org and the JSON payload of a delivery whose sender sends the token (Azure
/// DevOps, Dataverse).
async fn token_payload(
    state: &AppState,
    org: &str,
    headers: &HeaderMap,
    request: Request,
) -> Result<(String, serde_json::Value), IngestError> {
    let org = checked_org(org)?;
    may_emit(&authenticate(state, headers).await?, &org)?;
    let body = read_body(state, request).await?;
    Ok((org, payload::parse(&body)?))
}

fn checked_org(org: &str) -> Result<String, IngestError> {
    Org::check(org)
        .map(|()| org.to_owned())
        .map_err(|e| IngestError::BadPayload(format!("the org in the path: {e}")))
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}
