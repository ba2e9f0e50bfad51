//! A small HTTP client of the read API for the CLI and for tests: the same response
//! types the server serialises, and an optional token sent as `Bearer`.

use std::fmt;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::de::DeserializeOwned;

use govtrack_maturity::ModelDescription;

use crate::types::{
    AlertList, ErrorBody, EventPage, InitiativeList, MaturityHistory, MaturityReport, Me,
    ModelList, OkrReport, OrgList, SourceList,
};

/// Why a call failed.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// 401 to a request without a token: the api has a tokens file.
    #[error("the api requires a token: {0}")]
    TokenRequired(String),
    /// 401 or 403 to a request with a token: unknown, or without a scope reading the
    /// organisation.
    #[error("the api refused the token: {message}")]
    TokenRefused {
        /// 401 (unknown token) or 403 (no read scope).
        status: u16,
        /// The api's message.
        message: String,
    },
    /// The api answered with another error status and message.
    #[error("{status}: {message}")]
    Api {
        /// The HTTP status.
        status: u16,
        /// The api's message.
        message: String,
    },
    /// The api could not be reached or answered something unreadable.
    #[error("cannot reach the govtrack api: {0}")]
    Transport(#[from] reqwest::Error),
}

/// The read API at a base URL such as `http://127.0.0.1:8081`. `Debug` hides the
/// token.
#[derive(Clone)]
pub struct ApiClient {
    base: String,
    http: reqwest::Client,
    token: Option<String>,
}

impl fmt::Debug for ApiClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiClient")
            .field("base", &self.base)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

impl ApiClient {
    /// A client of the api at `base_url`, without a token.
    pub fn new(base_url: impl Into<String>) -> ApiClient {
        ApiClient {
            base: base_url.into().trim_end_matches('/').to_owned(),
            http: govtrack_runtime::http_client(),
            token: None,
        }
    }

    /// The same client sending `token` (when there is one) as `Authorization: Bearer`.
    pub fn with_token(mut self, token: Option<String>) -> ApiClient {
        self.token = token;
        self
    }

    /// `GET /v1/me`.
    pub async fn me(&self) -> Result<Me, ClientError> {
        self.get("/v1/me", &[]).await
    }

    /// `GET /v1/orgs`.
    pub async fn orgs(&self) -> Result<OrgList, ClientError> {
        self.get("/v1/orgs", &[]).await
    }

    /// `GET /v1/orgs/{org}/maturity[?as_of=]`.
    pub async fn maturity(
        &self,
        org: &str,
        as_of: Option<DateTime<Utc>>,
    ) -> Result<MaturityReport, ClientError> {
        let query: Vec<(&str, String)> = as_of
            .map(|t| ("as_of", t.to_rfc3339_opts(SecondsFormat::AutoSi, true)))
            .into_iter()
            .collect();
        self.get(&format!("/v1/orgs/{org}/maturity"), &query).await
    }

    /// `GET /v1/orgs/{org}/maturity/history`.
    pub async fn maturity_history(&self, org: &str) -> Result<MaturityHistory, ClientError> {
        self.get(&format!("/v1/orgs/{org}/maturity/history"), &[])
            .await
    }

    /// `GET /v1/orgs/{org}/okrs`.
    pub async fn okrs(&self, org: &str) -> Result<OkrReport, ClientError> {
        self.get(&format!("/v1/orgs/{org}/okrs"), &[]).await
    }

    /// `GET /v1/orgs/{org}/initiatives[?status=]`.
    pub async fn initiatives(
        &self,
        org: &str,
        status: Option<&str>,
    ) -> Result<InitiativeList, ClientError> {
        let query: Vec<(&str, String)> = status
            .map(|s| ("status", s.to_owned()))
            .into_iter()
            .collect();
        self.get(&format!("/v1/orgs/{org}/initiatives"), &query)
            .await
    }

    /// `GET /v1/orgs/{org}/alerts`.
    pub async fn alerts(&self, org: &str) -> Result<AlertList, ClientError> {
        self.get(&format!("/v1/orgs/{org}/alerts"), &[]).await
    }

    /// `GET /v1/orgs/{org}/sources`.
    pub async fn sources(&self, org: &str) -> Result<SourceList, ClientError> {
        self.get(&format!("/v1/orgs/{org}/sources"), &[]).await
    }

    /// `GET /v1/models`.
    pub async fn models(&self) -> Result<ModelList, ClientError> {
        self.get("/v1/models", &[]).await
    }

    /// `GET /v1/models/{id}`.
    pub async fn model(&self, id: &str) -> Result<ModelDescription, ClientError> {
        self.get(&format!("/v1/models/{id}"), &[]).await
    }

    /// `GET /v1/orgs/{org}/events?after=&limit=`.
    pub async fn events(
        &self,
        org: &str,
        after: u64,
        limit: u32,
    ) -> Result<EventPage, ClientError> {
        let query = [("after", after.to_string()), ("limit", limit.to_string())];
        self.get(&format!("/v1/orgs/{org}/events"), &query).await
    }

    async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<T, ClientError> {
        let mut request = self.http.get(url(&self.base, path, query));
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await?;
        let status = response.status();
        if status.is_success() {
            return Ok(response.json().await?);
        }
        let body = response.text().await.unwrap_or_default();
        let message = serde_json::from_str::<ErrorBody>(&body).map_or(body, |e| e.error.message);
        Err(self.refusal(status.as_u16(), message))
    }

    /// The error of a non-success answer; 401 and 403 say what is wrong with the token.
    fn refusal(&self, status: u16, message: String) -> ClientError {
        match (status, &self.token) {
            (401, None) => ClientError::TokenRequired(message),
            (401 | 403, _) => ClientError::TokenRefused { status, message },
            _ => ClientError::Api { status, message },
        }
    }
}

/// `{base}{path}?k=v&…`, escaping what would break a query string.
fn url(base: &str, path: &str, query: &[(&str, String)]) -> String {
    let escape = |v: &str| {
        v.replace('%', "%25")
            .replace('+', "%2B")
            .replace('&', "%26")
            .replace('#', "%23")
            .replace(' ', "%20")
    };
    let pairs: Vec<String> = query
        .iter()
        .map(|(k, v)| format!("{k}={}", escape(v)))
        .collect();
    if pairs.is_empty() {
        format!("{base}{path}")
    } else {
        format!("{base}{path}?{}", pairs.join("&"))
    }
}
