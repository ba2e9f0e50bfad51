//! Building and running the service: one HTTP listener, one NATS responder, one
//! shutdown token.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use axum::Router;
use govtrack_bus::Bus;
use govtrack_runtime::CancellationToken;
use tokio::net::TcpListener;

use crate::hooks::Hooks;
use crate::id_index::{IdIndex, IndexSink};
use crate::overload::AppendLimit;
use crate::state::AppState;
use govtrack_auth::{Authenticator, Entra};

use crate::{IngestMetrics, Settings, TokenStore, nats_ingest, routes};

/// A built, bound, not yet running ingest service.
pub struct App {
    listener: TcpListener,
    state: AppState,
    /// Ingest requests over NATS, subscribed by `build` (none when turned off).
    nats_requests: Option<nats_ingest::Requests>,
    /// The id index's tailer, started by `run`.
    index_sink: IndexSink,
    /// Built with its own NATS connection (drained at the end of `run`).
    owns_connection: bool,
}

/// Connects to NATS, provisions the streams, loads tokens and binds the HTTP port.
pub async fn build(settings: Settings) -> anyhow::Result<App> {
    let bus = Bus::connect(&settings.nats, &settings.stream).await?;
    let mut app = build_with_bus(settings, bus).await?;
    app.owns_connection = true;
    Ok(app)
}

/// Like [`build`], on an existing bus (used by `govtrack up`).
pub async fn build_with_bus(settings: Settings, bus: Bus) -> anyhow::Result<App> {
    let tokens = TokenStore::load_optional(settings.tokens_file.as_deref())?;
    let entra = settings.oidc.as_ref().map(Entra::load).transpose()?;
    let auth = Authenticator::new(tokens, entra);
    // Without authentication anyone who can reach the port could write the log: only
    // loopback.
    govtrack_auth::check_bind(&auth, settings.http_addr, "ingest")?;
    std::fs::create_dir_all(&settings.data_dir)
        .with_context(|| format!("cannot create data dir {}", settings.data_dir.display()))?;
    let index_path = settings.id_index_path();
    let (ids, index_sink) = IdIndex::open(&index_path, settings.stream.duplicate_window)
        .with_context(|| format!("cannot open the id index {}", index_path.display()))?;
    let hooks_path = settings.hook_items_path();
    let hooks = Hooks::open(settings.hooks.clone(), &hooks_path).with_context(|| {
        format!(
            "cannot open the webhooks' item store {}",
            hooks_path.display()
        )
    })?;
    let listener = TcpListener::bind(settings.http_addr)
        .await
        .with_context(|| format!("cannot listen on {}", settings.http_addr))?;
    let state = AppState {
        bus,
        auth,
        metrics: Arc::new(IngestMetrics::default()),
        body_limit: settings.body_limit,
        ids,
        models: Arc::new(settings.models),
        limit: AppendLimit::new(settings.max_appends_in_flight),
        hooks,
    };
    let nats_requests = match settings.nats_requests {
        true => Some(nats_ingest::subscribe(state.bus.client()).await?),
        false => None,
    };
    Ok(App {
        listener,
        state,
        nats_requests,
        index_sink,
        owns_connection: false,
    })
}

/// The HTTP routes of ingest.
pub fn router(state: AppState) -> Router {
    routes::router(state)
}

impl App {
    /// The state its routes are served with.
    #[cfg(test)]
    pub(crate) fn state(&self) -> &AppState {
        &self.state
    }

    /// The bound HTTP address (useful with port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("bound listener has an address")
    }

    /// Serves until `shutdown` is cancelled, then stops accepting, finishes in-flight
    /// appends and drains NATS.
    pub async fn run(self, shutdown: CancellationToken) -> anyhow::Result<()> {
        let addr = self.local_addr();
        let index = tokio::spawn(self.state.ids.clone().run(
            self.state.bus.jetstream().clone(),
            self.index_sink,
            shutdown.child_token(),
        ));
        // NATS requests wait in `accept` for the index; HTTP requests wait in the listen
        // queue until it has caught up.
        let responder = self.nats_requests.map(|requests| {
            tokio::spawn(nats_ingest::serve(
                self.state.clone(),
                requests,
                shutdown.clone(),
            ))
        });
        wait_until_fresh(&self.state.ids, &shutdown).await;
        tracing::info!(%addr, "ingest listening");
        let app = routes::router(self.state.clone());
        let stop = shutdown.clone();
        axum::serve(self.listener, app)
            .with_graceful_shutdown(async move { stop.cancelled().await })
            .await
            .context("HTTP server failed")?;
        if let Some(task) = responder {
            task.await.context("NATS responder panicked")??;
        }
        shutdown.cancel();
        index.await.context("the id index's task panicked")??;
        let client = self.state.bus.client();
        if self.owns_connection {
            let _ = client.drain().await;
        } else {
            let _ = client.flush().await;
        }
        tracing::info!("ingest stopped");
        Ok(())
    }
}

async fn wait_until_fresh(ids: &IdIndex, shutdown: &CancellationToken) {
    let mut said = false;
    while !ids.is_fresh() && !shutdown.is_cancelled() {
        if !said {
            tracing::info!(
                indexed = ids.indexed(),
                "waiting for the id index to catch up with the log"
            );
            said = true;
        }
        tokio::select! {
            _ = shutdown.cancelled() => {}
            _ = tokio::time::sleep(std::time::Duration::from_millis(20)) => {}
        }
    }
}
