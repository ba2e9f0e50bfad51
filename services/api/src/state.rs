//! What every handler shares: the read pool, the models, the clock, the metrics.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use govtrack_auth::Authenticator;
use prometheus_client::registry::Registry;
use rusqlite::Connection;

use crate::answers::Answers;
use crate::cache::ReadCache;
use crate::error::ApiError;
use crate::metrics::ApiMetrics;
use crate::pool::ReadPool;
use crate::public_url::PublicUrl;
use crate::readers::Readers;
use crate::record::csrf::FormKey;
use crate::settings::Settings;
use crate::signin::SignIn;
use crate::writer::Writer;
use govtrack_maturity::Models;

/// Reads that run at once, each on a thread of its own ([`Readers`]): two per core,
/// at least two. A read is CPU work on data the caches or the OS already hold, so more
/// only queue in the OS instead of here. Each one holds a thread, its allocator's heap
/// and a SQLite connection with its page cache. On two cores, eight readers left the
/// api's peak RSS at 1,000,000 events 1.56 times the one at 100,000, four 1.49 times
/// (`govtrack-bench read --events 100000,1000000`).
fn readers() -> usize {
    std::thread::available_parallelism()
        .map_or(2, |n| n.get() * 2)
        .clamp(2, 32)
}

/// The OKR answers of the current second keep at most this fraction of the cache
/// budget (8 MiB of the default 128).
const ANSWER_SHARE: usize = 16;

/// The time source ("now" for reads without `as_of`); tests pass a fixed one.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    pub pool: Arc<ReadPool>,
    pub models: Arc<Models>,
    pub clock: Clock,
    pub registry: Arc<Registry>,
    pub metrics: ApiMetrics,
    /// Timelines, OKR rows and facts per organisation, until its log moves.
    pub cache: Arc<ReadCache>,
    /// Finished OKR answers of the current second.
    pub okr_answers: Arc<Answers>,
    /// Who is calling: tokens-file tokens and Entra ID access tokens; with neither,
    /// authentication is off (loopback only).
    pub auth: Authenticator,
    /// The dashboard's sign-in, with `GOVTRACK_OIDC_ISSUER`.
    pub sign_in: Option<SignIn>,
    /// Forwards writes to ingest, the only writer of the log.
    pub writer: Writer,
    /// Signs the record forms (their `csrf`).
    pub(crate) form_key: FormKey,
    /// The dashboard's external base URL: `/mcp` answers its host besides loopback.
    pub public_url: Option<PublicUrl>,
    /// Whether `/mcp` offers its write tools to callers that may record.
    pub mcp_writes: bool,
    /// The threads reads run on ([`readers`] of them).
    readers: Arc<Readers>,
}

impl AppState {
    /// State for `settings` with the wall clock and a registry of its own.
    pub fn new(settings: &Settings) -> AppState {
        let mut registry = Registry::default();
        let metrics = ApiMetrics::register(&mut registry);
        AppState {
            pool: Arc::new(ReadPool::new(settings.read_model())),
            models: Arc::new(settings.models.clone()),
            clock: Arc::new(Utc::now),
            registry: Arc::new(registry),
            metrics,
            cache: Arc::new(ReadCache::new(settings.cache_bytes)),
            okr_answers: Arc::new(Answers::new(settings.cache_bytes / ANSWER_SHARE)),
            auth: Authenticator::default(),
            sign_in: None,
            writer: Writer::connecting(settings.nats.clone()),
            form_key: FormKey::random(),
            public_url: settings.public_url.clone(),
            mcp_writes: settings.mcp_writes,
            readers: Arc::new(Readers::start(readers())),
        }
    }

    /// The same state authenticating callers with `auth`.
    pub fn with_auth(mut self, auth: Authenticator) -> AppState {
        self.auth = auth;
        self
    }

    /// The same state signing people in with `sign_in`; its session key then also
    /// signs the record forms.
    pub fn with_sign_in(mut self, sign_in: Option<SignIn>) -> AppState {
        if let Some(sign_in) = &sign_in {
            self.form_key = FormKey::derived_from(sign_in.sessions.secret());
        }
        self.sign_in = sign_in;
        self
    }

    /// The same state writing through `writer` (`govtrack up` shares its connection).
    pub fn with_writer(mut self, writer: Writer) -> AppState {
        self.writer = writer;
        self
    }

    /// The same state reading time from `clock`.
    pub fn with_clock(mut self, clock: Clock) -> AppState {
        self.clock = clock;
        self
    }

    /// Now, by the state's clock.
    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    /// Runs `work` on a reader thread: what it allocates stays in a heap that the
    /// reads reuse (the cache warm-up runs there for that reason).
    pub(crate) async fn on_reader<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        (self.readers.run(work).await).map_err(|e| ApiError::Internal(e.into()))
    }

    /// Runs a blocking read on a pooled connection.
    pub async fn read<T, E>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, E> + Send + 'static,
    ) -> Result<T, ApiError>
    where
        T: Send + 'static,
        E: Into<ApiError> + Send + 'static,
    {
        let pool = self.pool.clone();
        let answer = self.on_reader(move || pool.with_conn(f)).await??;
        answer.map_err(Into::into)
    }
}
