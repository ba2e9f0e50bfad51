//! Idempotent provisioning of govtrack's streams.

use std::time::Duration;

use async_nats::jetstream::context::{
    CreateStreamError, CreateStreamErrorKind, GetStreamErrorKind,
};
use async_nats::jetstream::{self, ErrorCode, stream};

use crate::BusError;
use crate::subjects::{ALERTS_STREAM, ALERTS_WILDCARD, EVENTS_STREAM, EVENTS_WILDCARD};

/// How the log stream is set up.
#[derive(Debug, Clone)]
pub struct StreamSettings {
    /// Replicas (1 on one host, 3 on a cluster).
    pub replicas: usize,
    /// How long the server remembers message ids for de-duplication.
    pub duplicate_window: Duration,
}

impl Default for StreamSettings {
    fn default() -> Self {
        StreamSettings {
            replicas: 1,
            duplicate_window: Duration::from_secs(120),
        }
    }
}

/// The log: file storage, never drops history, no deletes or purges, direct gets on.
pub fn events_config(settings: &StreamSettings) -> stream::Config {
    stream::Config {
        name: EVENTS_STREAM.to_owned(),
        description: Some("govtrack event log (source of truth)".to_owned()),
        subjects: vec![EVENTS_WILDCARD.to_owned()],
        storage: stream::StorageType::File,
        retention: stream::RetentionPolicy::Limits,
        discard: stream::DiscardPolicy::New,
        num_replicas: settings.replicas,
        duplicate_window: settings.duplicate_window,
        deny_delete: true,
        deny_purge: true,
        allow_direct: true,
        ..Default::default()
    }
}

/// Alert notifications: kept 30 days.
pub fn alerts_config(settings: &StreamSettings) -> stream::Config {
    stream::Config {
        name: ALERTS_STREAM.to_owned(),
        description: Some("govtrack alert notifications".to_owned()),
        subjects: vec![ALERTS_WILDCARD.to_owned()],
        storage: stream::StorageType::File,
        num_replicas: settings.replicas,
        duplicate_window: settings.duplicate_window,
        max_age: Duration::from_secs(30 * 24 * 3600),
        allow_direct: true,
        ..Default::default()
    }
}

/// Creates or updates both streams; safe to call on every start, and from several
/// services starting at the same instant (see `ensure_stream`).
pub async fn ensure_streams(
    js: &jetstream::Context,
    settings: &StreamSettings,
) -> Result<(), BusError> {
    for config in [events_config(settings), alerts_config(settings)] {
        ensure_stream(js, &config).await?;
    }
    Ok(())
}

/// How many times one stream is provisioned before the start fails.
const ATTEMPTS: u32 = 10;
/// The pause before another attempt, times the attempts made so far.
const PAUSE: Duration = Duration::from_millis(25);

/// Creates the stream, or brings an existing one to `config`.
///
/// Services that start together race: each finds no stream and asks to create it, and
/// the server refuses all but the first with "stream name already in use with a
/// different configuration" (10058) or, when the requests cross inside the server,
/// "subjects overlap with an existing stream" (10065). Losing that race is not an
/// error: the loser reads the stream the winner made, and updates it only when its own
/// settings differ.
///
/// The stream is read before anything is written, and updated only once it is whole:
/// nats-server 2.9 lists a stream it is creating before its store exists, and an
/// update that arrives in that window crashes the server (a nil store in
/// `updateWithAdvisory`). Until the store exists the stream's `created` time reads as
/// Go's zero time, so a stream in that state is read again after a pause. A request
/// that timed out may or may not have been applied; every step is idempotent, so it is
/// made again.
async fn ensure_stream(js: &jetstream::Context, config: &stream::Config) -> Result<(), BusError> {
    let mut attempt = 1;
    loop {
        let reason = match provision(js, config).await {
            Ok(()) => return Ok(()),
            Err(Step::Again(reason)) if attempt < ATTEMPTS => reason,
            Err(Step::Again(reason)) => {
                return Err(BusError::Provisioning {
                    stream: config.name.clone(),
                    attempts: ATTEMPTS,
                    reason,
                });
            }
            Err(Step::Fail(source)) => {
                return Err(BusError::JetStream {
                    action: "provisioning",
                    stream: config.name.clone(),
                    source,
                });
            }
        };
        tracing::debug!(stream = %config.name, attempt, %reason, "provisioning the stream again");
        tokio::time::sleep(PAUSE * attempt).await;
        attempt += 1;
    }
}

/// Why one provisioning step did not finish.
enum Step {
    /// Another attempt may succeed: a race in progress, a request that timed out.
    Again(String),
    /// Another attempt would fail the same way.
    Fail(CreateStreamError),
}

/// One attempt: read the stream; create it when missing, update it when whole and
/// different, leave it alone when whole and the same.
async fn provision(js: &jetstream::Context, config: &stream::Config) -> Result<(), Step> {
    let stream = match js.get_stream(&config.name).await {
        Ok(stream) => stream,
        Err(e) if stream_missing(e.kind()) => return create(js, config).await,
        Err(e) => return Err(Step::Again(format!("reading the stream: {e}"))),
    };
    let info = stream.cached_info();
    if info.created.unix_timestamp() <= 0 {
        return Err(Step::Again("another service is creating it".to_owned()));
    }
    if same_settings(config, &info.config) {
        return Ok(());
    }
    tracing::info!(stream = %config.name, "updating the stream's settings");
    match js.update_stream(config).await {
        Ok(_) => Ok(()),
        Err(e) => Err(step_of(e)),
    }
}

/// Creates the missing stream; losing the race to another service is another attempt,
/// which finds the winner's stream.
async fn create(js: &jetstream::Context, config: &stream::Config) -> Result<(), Step> {
    match js.create_stream(config.clone()).await {
        Ok(_) => Ok(()),
        Err(e) if lost_race(e.kind()) => Err(Step::Again(format!(
            "another service created it first ({e})"
        ))),
        Err(e) => Err(step_of(e)),
    }
}

fn step_of(e: CreateStreamError) -> Step {
    match e.kind() {
        CreateStreamErrorKind::TimedOut => Step::Again(e.to_string()),
        _ => Step::Fail(e),
    }
}

fn stream_missing(kind: GetStreamErrorKind) -> bool {
    matches!(kind, GetStreamErrorKind::JetStream(e) if e.error_code() == ErrorCode::STREAM_NOT_FOUND)
}

/// The server's answers to a create that another client's create beat.
fn lost_race(kind: CreateStreamErrorKind) -> bool {
    matches!(
        kind,
        CreateStreamErrorKind::JetStream(e)
            if e.error_code() == ErrorCode::STREAM_NAME_EXIST
                || e.error_code() == ErrorCode::STREAM_SUBJECT_OVERLAP
    )
}

/// Whether the stream's settings are the ones govtrack sets (the server fills in the
/// rest with its defaults, which are left alone).
fn same_settings(ours: &stream::Config, theirs: &stream::Config) -> bool {
    ours.subjects == theirs.subjects
        && ours.description == theirs.description
        && ours.storage == theirs.storage
        && ours.retention == theirs.retention
        && ours.discard == theirs.discard
        && ours.num_replicas == theirs.num_replicas
        && ours.duplicate_window == theirs.duplicate_window
        && ours.max_age == theirs.max_age
        && ours.deny_delete == theirs.deny_delete
        && ours.deny_purge == theirs.deny_purge
        && ours.allow_direct == theirs.allow_direct
}
