//! The identity provider as govtrack sees it: its discovery document (read once, from
//! `{issuer}/.well-known/openid-configuration`) and its signing keys (the JWKS).
//!
//! Keys are kept in memory. A token whose `kid` is not among them makes the provider's
//! JWKS be fetched again, at most once a minute (keys rotate; a stream of made-up kids
//! must not become a stream of requests). A failed fetch keeps the keys already held,
//! so tokens signed with them still verify while the provider is unreachable.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use jsonwebtoken::DecodingKey;
use serde::Deserialize;
use tokio::sync::{Mutex, OnceCell};

/// How often an unknown `kid` may make the JWKS be fetched again.
pub const REFETCH_INTERVAL: Duration = Duration::from_secs(60);

/// After a failed first fetch (nothing held), how long before the next try.
const RETRY_AFTER_FAILURE: Duration = Duration::from_secs(5);

/// Each HTTP request to the provider gives up after this.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The parts of the discovery document govtrack uses.
#[derive(Debug, Clone, Deserialize)]
pub struct ProviderMetadata {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub jwks_uri: String,
    /// Where signing out of the provider starts (Entra has one).
    pub end_session_endpoint: Option<String>,
}

/// The provider could not be asked (HTTP 503 to the caller: retry later).
#[derive(Debug, Clone, thiserror::Error)]
#[error("the identity provider at {issuer} cannot be reached: {reason}")]
pub struct ProviderError {
    pub issuer: String,
    pub reason: String,
}

/// One provider: its metadata once read, and its keys.
pub struct Provider {
    issuer: String,
    http: reqwest::Client,
    metadata: OnceCell<ProviderMetadata>,
    keys: RwLock<Arc<HashMap<String, DecodingKey>>>,
    /// Serialises fetches; holds when the last refetch (keys held) ran.
    fetching: Mutex<Fetches>,
}

#[derive(Default)]
struct Fetches {
    last_refetch: Option<Instant>,
    last_failure: Option<Instant>,
}

#[derive(Deserialize)]
struct Jwks {
    keys: Vec<Jwk>,
}

#[derive(Deserialize)]
struct Jwk {
    kty: String,
    kid: Option<String>,
    #[serde(rename = "use")]
    key_use: Option<String>,
    n: Option<String>,
    e: Option<String>,
}

impl Provider {
    /// The provider at `issuer` (nothing is fetched yet).
    pub fn new(issuer: &str) -> Provider {
        let http = govtrack_runtime::http_client_builder()
            .timeout(REQUEST_TIMEOUT)
            .build()
            .expect("an HTTP client builds once a TLS provider is installed");
        Provider {
            issuer: issuer.trim_end_matches('/').to_owned(),
            http,
            metadata: OnceCell::new(),
            keys: RwLock::default(),
            fetching: Mutex::default(),
        }
    }

    /// The issuer as configured (no trailing slash).
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The discovery document, fetched on first use.
    pub async fn metadata(&self) -> Result<&ProviderMetadata, ProviderError> {
        self.metadata.get_or_try_init(|| self.discover()).await
    }

    async fn discover(&self) -> Result<ProviderMetadata, ProviderError> {
        let url = format!("{}/.well-known/openid-configuration", self.issuer);
        let metadata: ProviderMetadata = self.get_json(&url).await?;
        if metadata.issuer.trim_end_matches('/') != self.issuer {
            return Err(self.error(format!(
                "its discovery document names the issuer {:?}, not {:?}",
                metadata.issuer, self.issuer
            )));
        }
        Ok(metadata)
    }

    /// The key `kid` names. An unknown `kid` fetches the JWKS again when the last
    /// refetch is a minute old; `Ok(None)` when the provider has no such key.
    pub async fn key(&self, kid: &str) -> Result<Option<DecodingKey>, ProviderError> {
        if let Some(key) = self.held(kid) {
            return Ok(Some(key));
        }
        let mut fetches = self.fetching.lock().await;
        // Another request may have fetched while this one waited.
        if let Some(key) = self.held(kid) {
            return Ok(Some(key));
        }
        let holding = !self
            .keys
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .is_empty();
        let now = Instant::now();
        if holding {
            if fetches
                .last_refetch
                .is_some_and(|at| now.duration_since(at) < REFETCH_INTERVAL)
            {
                return Ok(None);
            }
            fetches.last_refetch = Some(now);
        } else if fetches
            .last_failure
            .is_some_and(|at| now.duration_since(at) < RETRY_AFTER_FAILURE)
        {
            return Err(self.error("the last attempt failed moments ago".into()));
        }
        match self.fetch_keys().await {
            Ok(keys) => {
                tracing::info!(issuer = %self.issuer, keys = keys.len(), "signing keys fetched");
                *self.keys.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(keys);
                fetches.last_failure = None;
                Ok(self.held(kid))
            }
            Err(e) if holding => {
                tracing::warn!(error = %e, "signing keys not refreshed; the held ones stay in use");
                Ok(None)
            }
            Err(e) => {
                fetches.last_failure = Some(now);
                Err(e)
            }
        }
    }

    fn held(&self, kid: &str) -> Option<DecodingKey> {
        let keys = self.keys.read().unwrap_or_else(|p| p.into_inner());
        keys.get(kid).cloned()
    }

    async fn fetch_keys(&self) -> Result<HashMap<String, DecodingKey>, ProviderError> {
        let jwks_uri = self.metadata().await?.jwks_uri.clone();
        let jwks: Jwks = self.get_json(&jwks_uri).await?;
        Ok(jwks
            .keys
            .into_iter()
            .filter(|k| k.kty == "RSA" && k.key_use.as_deref().is_none_or(|u| u == "sig"))
            .filter_map(|k| {
                let key = DecodingKey::from_rsa_components(k.n.as_deref()?, k.e.as_deref()?);
                Some((k.kid?, key.ok()?))
            })
            .collect())
    }

    async fn get_json<T: serde::de::DeserializeOwned>(
        &self,
        url: &str,
    ) -> Result<T, ProviderError> {
        let response = self
            .http
            .get(url)
            .send()
            .await
            .map_err(|e| self.error(format!("GET {url}: {e}")))?;
        let status = response.status();
        if !status.is_success() {
            return Err(self.error(format!("GET {url} answered {status}")));
        }
        response
            .json()
            .await
            .map_err(|e| self.error(format!("GET {url}: unexpected body: {e}")))
    }

    fn error(&self, reason: String) -> ProviderError {
        ProviderError {
            issuer: self.issuer.clone(),
            reason,
        }
    }
}
