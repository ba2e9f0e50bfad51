//! The backend of `/mcp`: the api's own reads, in this process, as the caller the api's
//! auth layer authenticated ([`Caller`]); writes go to ingest through the api's writer.

use chrono::{DateTime, NaiveDate, Utc};
use govtrack_auth::Caller;
use govtrack_events::EventType;
use govtrack_maturity::ModelDescription;
use serde_json::Value;

use super::backend::{Backend, ToolError};
use crate::error::ApiError;
use crate::query::StatusFilter;
use crate::reads;
use crate::state::AppState;
use crate::types::{
    AlertList, InitiativeList, MaturityHistory, MaturityReport, ModelList, OkrReport, OrgList,
    SourceList,
};

/// The api's state, read as one caller.
#[derive(Clone)]
pub struct LocalBackend {
    state: AppState,
    caller: Caller,
}

impl LocalBackend {
    /// Reads `state` as `caller`.
    pub fn new(state: AppState, caller: Caller) -> LocalBackend {
        LocalBackend { state, caller }
    }

    /// `org` when the caller may read it; the one refusal otherwise.
    fn readable(&self, org: &str) -> Result<String, ToolError> {
        match self.caller.may_read(org) {
            true => Ok(org.to_owned()),
            false => Err(ToolError::NoSuchOrg(org.to_owned())),
        }
    }
}

/// An api error of an organisation's read as the tool says it: a 404 (no events) is
/// the same refusal as a token that does not read it.
fn org_error(org: &str) -> impl FnOnce(ApiError) -> ToolError + '_ {
    move |e| match e {
        ApiError::NotFound(_) => ToolError::NoSuchOrg(org.to_owned()),
        other => service_error(other),
    }
}

fn service_error(e: ApiError) -> ToolError {
    if let ApiError::Internal(cause) = &e {
        tracing::error!(error = ?cause, "mcp tool failed");
    }
    ToolError::Service(e.to_string())
}

impl Backend for LocalBackend {
    async fn orgs(&self) -> Result<OrgList, ToolError> {
        reads::orgs(&self.state, &self.caller)
            .await
            .map_err(service_error)
    }

    async fn maturity(
        &self,
        org: &str,
        as_of: Option<DateTime<Utc>>,
    ) -> Result<MaturityReport, ToolError> {
        let as_of = as_of.unwrap_or_else(|| self.state.now());
        let report = reads::maturity(&self.state, self.readable(org)?, as_of).await;
        report.map_err(org_error(org))
    }

    async fn maturity_history(&self, org: &str) -> Result<MaturityHistory, ToolError> {
        let until = self.state.now();
        let history = reads::maturity_history(&self.state, self.readable(org)?, until).await;
        history.map_err(org_error(org))
    }

    async fn okrs(&self, org: &str) -> Result<OkrReport, ToolError> {
        let now = crate::answers::whole_second(self.state.now());
        let report = reads::okrs(&self.state, self.readable(org)?, now).await;
        report.map_err(org_error(org))
    }

    async fn initiatives(
        &self,
        org: &str,
        stalled_only: bool,
    ) -> Result<InitiativeList, ToolError> {
        let filter = stalled_only.then_some(StatusFilter::Stalled);
        let list = reads::initiatives(&self.state, self.readable(org)?, filter).await;
        list.map_err(org_error(org))
    }

    async fn alerts(&self, org: &str) -> Result<AlertList, ToolError> {
        let list = reads::alerts(&self.state, self.readable(org)?).await;
        list.map_err(org_error(org))
    }

    async fn sources(&self, org: &str) -> Result<SourceList, ToolError> {
        let list = reads::sources(&self.state, self.readable(org)?).await;
        list.map_err(org_error(org))
    }

    async fn models(&self) -> Result<ModelList, ToolError> {
        Ok(reads::models(&self.state))
    }

    async fn model(&self, id: &str) -> Result<ModelDescription, ToolError> {
        reads::model(&self.state, id).map_err(service_error)
    }

    fn may_write(&self) -> bool {
        self.caller.may_emit_somewhere()
    }

    async fn record(&self, org: &str, envelope: Value) -> Result<Value, ToolError> {
        // An unknown type is ingest's to refuse, in its own words.
        let event_type = envelope["type"].as_str().and_then(EventType::parse);
        let permitted = match event_type {
            Some(t) => self.caller.may_record(org, t),
            None => self.caller.may_emit(org),
        };
        if !permitted {
            return Err(ToolError::MayNotWrite(org.to_owned()));
        }
        let body = serde_json::to_vec(&envelope)
            .map_err(|e| ToolError::Service(format!("cannot write the event as JSON: {e}")))?;
        let by = self.caller.recorded_by();
        let recorded = (self.state.writer.record(org, body, by).await)
            .map_err(|e| ToolError::Service(e.to_string()))?;
        match recorded.is_success() {
            true => Ok(recorded.body),
            false => Err(ToolError::from_ingest(recorded.status, &recorded.body)),
        }
    }

    fn today(&self) -> NaiveDate {
        self.state.now().date_naive()
    }
}
