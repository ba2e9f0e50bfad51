//! The backend of `govtrack mcp`: the read API and ingest over HTTP, with the token of
//! the command line. The api decides what the token reads (403 and 404 become the same
//! refusal, as in `/mcp`); ingest decides what it records.

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use govtrack_maturity::ModelDescription;
use serde_json::Value;

use super::backend::{Backend, ToolError};
use crate::client::{ApiClient, ClientError};
use crate::types::{
    AlertList, InitiativeList, MaturityHistory, MaturityReport, ModelList, OkrReport, OrgList,
    SourceList,
};

/// The api at one URL and ingest at another, called with one token. `Debug` hides the
/// token.
#[derive(Clone)]
pub struct RemoteBackend {
    api: ApiClient,
    ingest: String,
    http: reqwest::Client,
    token: Option<String>,
    writes: bool,
}

impl fmt::Debug for RemoteBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RemoteBackend")
            .field("api", &self.api)
            .field("ingest", &self.ingest)
            .field("writes", &self.writes)
            .finish_non_exhaustive()
    }
}

impl RemoteBackend {
    /// The api at `api_url` and ingest at `ingest_url`; `writes` lists the write tools
    /// (ingest then decides per call whether the token may record for the organisation).
    pub fn new(api_url: &str, ingest_url: &str, token: Option<String>, writes: bool) -> Self {
        let http = govtrack_runtime::http_client_builder()
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap_or_else(|_| govtrack_runtime::http_client());
        RemoteBackend {
            api: ApiClient::new(api_url).with_token(token.clone()),
            ingest: ingest_url.trim_end_matches('/').to_owned(),
            http,
            token,
            writes,
        }
    }
}

/// A read of `org` that failed: its 403 (not the token's to read) and 404 (no events)
/// are the same refusal.
fn org_error(org: &str) -> impl FnOnce(ClientError) -> ToolError + '_ {
    move |e| match e {
        ClientError::TokenRefused { status: 403, .. } | ClientError::Api { status: 404, .. } => {
            ToolError::NoSuchOrg(org.to_owned())
        }
        other => ToolError::Service(other.to_string()),
    }
}

fn service_error(e: ClientError) -> ToolError {
    ToolError::Service(e.to_string())
}

impl Backend for RemoteBackend {
    async fn orgs(&self) -> Result<OrgList, ToolError> {
        self.api.orgs().await.map_err(service_error)
    }

    async fn maturity(
        &self,
        org: &str,
        as_of: Option<DateTime<Utc>>,
    ) -> Result<MaturityReport, ToolError> {
        self.api.maturity(org, as_of).await.map_err(org_error(org))
    }

    async fn maturity_history(&self, org: &str) -> Result<MaturityHistory, ToolError> {
        self.api.maturity_history(org).await.map_err(org_error(org))
    }

    async fn okrs(&self, org: &str) -> Result<OkrReport, ToolError> {
        self.api.okrs(org).await.map_err(org_error(org))
    }

    async fn initiatives(
        &self,
        org: &str,
        stalled_only: bool,
    ) -> Result<InitiativeList, ToolError> {
        let status = stalled_only.then_some("stalled");
        let list = self.api.initiatives(org, status).await;
        list.map_err(org_error(org))
    }

    async fn alerts(&self, org: &str) -> Result<AlertList, ToolError> {
        self.api.alerts(org).await.map_err(org_error(org))
    }

    async fn sources(&self, org: &str) -> Result<SourceList, ToolError> {
        self.api.sources(org).await.map_err(org_error(org))
    }

    async fn models(&self) -> Result<ModelList, ToolError> {
        self.api.models().await.map_err(service_error)
    }

    async fn model(&self, id: &str) -> Result<ModelDescription, ToolError> {
        self.api.model(id).await.map_err(service_error)
    }

    fn may_write(&self) -> bool {
        self.writes
    }

    async fn record(&self, org: &str, envelope: Value) -> Result<Value, ToolError> {
        let _ = org;
        let mut request = self
            .http
            .post(format!("{}/v1/events", self.ingest))
            .json(&envelope);
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        let unreachable = |e: reqwest::Error| {
            ToolError::Service(format!("cannot reach ingest at {}: {e}", self.ingest))
        };
        let response = request.send().await.map_err(unreachable)?;
        let status = response.status().as_u16();
        let text = response.text().await.map_err(unreachable)?;
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        match status {
            200..=299 => Ok(body),
            _ => Err(ToolError::from_ingest(status, &body)),
        }
    }

    fn today(&self) -> NaiveDate {
        Utc::now().date_naive()
    }
}

impl super::server::Connect for RemoteBackend {
    type Backend = RemoteBackend;

    /// Every request of a stdio session is the command line's token's.
    fn connect(
        &self,
        _context: &rmcp::service::RequestContext<rmcp::RoleServer>,
    ) -> Result<RemoteBackend, rmcp::ErrorData> {
        Ok(self.clone())
    }
}
