//! What the tools read and write through: one [`Backend`] trait with two faces, the
//! api's own state for `/mcp` ([`super::local`]) and the api and ingest over HTTP for
//! `govtrack mcp` ([`super::remote`]). The tools are written once, against this trait.

use std::future::Future;

use chrono::{DateTime, NaiveDate, Utc};
use govtrack_maturity::ModelDescription;
use serde_json::Value;

use crate::types::{
    AlertList, InitiativeList, MaturityHistory, MaturityReport, ModelList, OkrReport, OrgList,
    SourceList,
};

/// Reads and writes on behalf of one caller. Every organisation's read answers
/// [`ToolError::NoSuchOrg`] alike for an organisation without events and for one the
/// caller may not read, so an answer never tells the two apart.
pub trait Backend: Send + Sync + 'static {
    /// `GET /v1/orgs`: the organisations the caller may read.
    fn orgs(&self) -> impl Future<Output = Result<OrgList, ToolError>> + Send;
    /// `GET /v1/orgs/{org}/maturity[?as_of=]`.
    fn maturity(
        &self,
        org: &str,
        as_of: Option<DateTime<Utc>>,
    ) -> impl Future<Output = Result<MaturityReport, ToolError>> + Send;
    /// `GET /v1/orgs/{org}/maturity/history`.
    fn maturity_history(
        &self,
        org: &str,
    ) -> impl Future<Output = Result<MaturityHistory, ToolError>> + Send;
    /// `GET /v1/orgs/{org}/okrs`.
    fn okrs(&self, org: &str) -> impl Future<Output = Result<OkrReport, ToolError>> + Send;
    /// `GET /v1/orgs/{org}/initiatives[?status=stalled]`.
    fn initiatives(
        &self,
        org: &str,
        stalled_only: bool,
    ) -> impl Future<Output = Result<InitiativeList, ToolError>> + Send;
    /// `GET /v1/orgs/{org}/alerts`.
    fn alerts(&self, org: &str) -> impl Future<Output = Result<AlertList, ToolError>> + Send;
    /// `GET /v1/orgs/{org}/sources`.
    fn sources(&self, org: &str) -> impl Future<Output = Result<SourceList, ToolError>> + Send;
    /// `GET /v1/models`.
    fn models(&self) -> impl Future<Output = Result<ModelList, ToolError>> + Send;
    /// `GET /v1/models/{id}`.
    fn model(&self, id: &str) -> impl Future<Output = Result<ModelDescription, ToolError>> + Send;
    /// May the caller record events for some organisation? (The write tools are listed
    /// only then.)
    fn may_write(&self) -> bool;
    /// Records `envelope` (one event) for `org` through ingest, the one writer, with
    /// the validation and durable id check of `POST /v1/events`; answers its JSON.
    fn record(
        &self,
        org: &str,
        envelope: Value,
    ) -> impl Future<Output = Result<Value, ToolError>> + Send;
    /// Today's date, UTC, by the backend's clock: the day in a derived event id.
    fn today(&self) -> NaiveDate;
}

/// Why a tool call failed: the message the model reads (`isError: true`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ToolError {
    /// The arguments are wrong; the message names the argument.
    #[error("{0}")]
    Invalid(String),
    /// No events, or not the caller's to read: the same words either way.
    #[error(
        "no organisation {0:?} that you may read: it has no events yet, or your token does \
         not read it (list_orgs names the ones you may read)"
    )]
    NoSuchOrg(String),
    /// The caller may not record events for this organisation.
    #[error(
        "you may not record events for organisation {0:?}: your token has no emit scope for it"
    )]
    MayNotWrite(String),
    /// The api or ingest refused or failed; their message.
    #[error("{0}")]
    Service(String),
}

impl ToolError {
    /// Ingest's refusal (`{"error": {message, problems?}}` with its status) as the tool
    /// says it: the message, then each problem's field and reason.
    pub fn from_ingest(status: u16, body: &Value) -> ToolError {
        let message = body["error"]["message"]
            .as_str()
            .map_or_else(|| body.to_string(), str::to_owned);
        let mut text = format!("ingest refused the event ({status}): {message}");
        for p in body["error"]["problems"].as_array().into_iter().flatten() {
            let field = p["field"].as_str().unwrap_or("");
            let reason = p["reason"].as_str().unwrap_or("");
            text.push_str(&format!("\n- {field}: {reason}"));
        }
        ToolError::Service(text)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn ingest_refusals_keep_the_message_and_name_each_field() {
        let body = json!({"error": {"code": "invalid", "message": "1 problem",
            "problems": [{"field": "data.value", "reason": "expected a number"}]}});
        let text = ToolError::from_ingest(400, &body).to_string();
        assert_eq!(
            text,
            "ingest refused the event (400): 1 problem\n- data.value: expected a number"
        );
    }

    #[test]
    fn an_unknown_org_and_an_unreadable_one_read_the_same() {
        let unknown = ToolError::NoSuchOrg("nosuch".into()).to_string();
        let hidden = ToolError::NoSuchOrg("fabrikam".into()).to_string();
        assert_eq!(unknown.replace("nosuch", "fabrikam"), hidden);
    }
}
