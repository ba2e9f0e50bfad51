//! # govtrack-api
//!
//! The read side's HTTP face: maturity per capability as of any instant (the evaluator's
//! timeline of the organisation's stored facts, kept until its log moves), its history, OKRs with
//! progress and status, initiatives with their check-in status, open alerts (the
//! scheduler's findings and silences as the projector folded them) and the paged event
//! timeline — all from the SQLite read model (`govtrack-readmodel`; the api does not
//! depend on the projector), over read-only connections that follow a rebuilt read
//! model when it is swapped in.
//!
//! - [`router`] and [`App`] (`build` → `run`) serve the routes; [`run`] does both.
//! - [`query`] holds the same reads as plain functions of what [`cache`] keeps.
//! - [`dashboard`] is the HTML face: `/` and `/orgs/{org}[?as_of=]`; the record forms
//!   (`/orgs/{org}/record/{type}`) let whoever may record for an organisation do it
//!   where they read, through the [`Writer`].
//! - [`types`] are the response bodies, `Serialize + Deserialize`, shared with
//!   [`client::ApiClient`] and the `govtrack` CLI.
//! - `/openapi.json` ([`openapi_document`]) is generated from the handlers and the
//!   types; the routes it leaves out are [`UNDOCUMENTED`].
//! - [`mcp`] serves the same reads, and records, to assistants at `/mcp` (and to
//!   `govtrack mcp` over stdio).
//! - [`signin`] is the dashboard's Entra ID sign-in (`/auth/*`) when
//!   `GOVTRACK_OIDC_ISSUER` is set.
//! - Every caller is authenticated once, at the edge (`auth`): a session, an Entra
//!   access token, a tokens-file token (bearer, HTTP Basic with the token as password,
//!   or `X-Api-Key`), or the local user on loopback when no authentication is
//!   configured. The api never appends to the log: its writes go to ingest through the
//!   [`Writer`] on behalf of that caller (docs/adr/0009).

mod answers;
mod as_of;
mod auth;
pub mod cache;
pub mod client;
pub mod dashboard;
mod error;
mod headers;
pub mod mcp;
pub mod measured;
mod metrics;
mod okr_rows;
mod openapi;
mod org_cache;
mod org_key;
mod org_param;
mod permits;
mod pool;
pub mod public_url;
pub mod query;
mod readable;
mod readers;
mod reads;
mod record;
mod routes;
mod saved_timeline;
mod settings;
pub mod signin;
mod state;
pub mod types;
mod warm_up;
pub mod writer;

use std::net::SocketAddr;

use anyhow::Context;
use govtrack_auth::{Authenticator, Entra, TokenStore};
use signin::SignIn;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

pub use as_of::parse_instant;
pub use error::ApiError;
pub use govtrack_maturity::{Models, load_model};
pub use pool::{PoolError, ReadPool};
pub use public_url::{PublicUrl, PublicUrlError};
pub use routes::{UNDOCUMENTED, openapi_document, router};
pub use settings::{ApiArgs, ApiFlags, McpFlags, Settings, Switch};
pub use state::{AppState, Clock};
pub use warm_up::warm_up;
pub use writer::{Recorded, WriteError, Writer};

/// The api bound to its address, ready to serve.
pub struct App {
    listener: TcpListener,
    state: AppState,
}

impl App {
    /// Binds `settings.http_addr` (port 0 picks a free one).
    pub async fn build(settings: &Settings) -> anyhow::Result<App> {
        Self::with_state(settings, AppState::new(settings)).await
    }

    /// Binds with a given state (a fixed clock, a shared registry). The tokens of
    /// `settings.tokens_file` and the identity provider of `settings.oidc`, when set,
    /// replace the state's authentication (and the provider brings the dashboard's
    /// sign-in); with no authentication at all only a loopback address is accepted.
    pub async fn with_state(settings: &Settings, state: AppState) -> anyhow::Result<App> {
        let state = match (&settings.tokens_file, &settings.oidc) {
            (None, None) => state,
            (tokens_file, oidc) => {
                let tokens = TokenStore::load_optional(tokens_file.as_deref())?;
                let entra = oidc.as_ref().map(Entra::load).transpose()?;
                let sign_in = match (oidc, &entra) {
                    (Some(oidc), Some(entra)) => {
                        Some(SignIn::from_settings(settings, oidc, entra)?)
                    }
                    _ => None,
                };
                state
                    .with_auth(Authenticator::new(tokens, entra))
                    .with_sign_in(sign_in)
            }
        };
        govtrack_auth::check_bind(&state.auth, settings.http_addr, "api")?;
        if !settings.http_addr.ip().is_loopback() && state.public_url.is_none() {
            tracing::warn!(
                http.addr = %settings.http_addr,
                "no public URL (GOVTRACK_PUBLIC_URL): /mcp answers only requests for a \
                 loopback host, and refuses those for this machine's names with 403"
            );
        }
        let listener = TcpListener::bind(settings.http_addr)
            .await
            .with_context(|| format!("while binding the api to {}", settings.http_addr))?;
        Ok(App { listener, state })
    }

    /// Where it listens.
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown`, then finishes the requests in flight.
    pub async fn run(self, shutdown: CancellationToken) -> anyhow::Result<()> {
        tracing::info!(http.addr = %self.local_addr()?, "api listening");
        let (state, stop) = (self.state.clone(), shutdown.clone());
        // On a reader thread, not a blocking one: the warmed caches are later replaced
        // by reads, and memory freed there is reused by the heap that allocated it.
        let warming = state.clone();
        let warmed = async move {
            (warming.clone())
                .on_reader(move || warm_up(&warming, &stop))
                .await
        };
        tokio::spawn(async move {
            match warmed.await.and_then(|warmed| warmed) {
                Ok(orgs) => {
                    let [timelines, okrs, facts] = state.cache.usage();
                    let (from_saved, whole_histories) = state.cache.timeline_builds();
                    tracing::info!(
                        orgs,
                        timelines.from_saved = from_saved,
                        timelines.whole_histories = whole_histories,
                        cache.timelines_bytes = timelines,
                        cache.okrs_bytes = okrs,
                        cache.facts_bytes = facts,
                        "caches warmed up"
                    );
                }
                Err(e) => tracing::debug!(error = %e, "no warm-up: requests fill the caches"),
            }
        });
        axum::serve(self.listener, router(self.state))
            .with_graceful_shutdown(shutdown.cancelled_owned())
            .await
            .context("while serving the api")
    }
}

/// Binds and serves until `shutdown`.
pub async fn run(settings: Settings, shutdown: CancellationToken) -> anyhow::Result<()> {
    App::build(&settings).await?.run(shutdown).await
}
