//! Idempotent provisioning of govtrack's streams.

use std::time::Duration;

use async_nats::jetstream::{self, stream};

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

/// Creates or updates both streams; safe to call on every start.
pub async fn ensure_streams(
    js: &jetstream::Context,
    settings: &StreamSettings,
) -> Result<(), BusError> {
    for config in [events_config(settings), alerts_config(settings)] {
        let name = config.name.clone();
        js.create_or_update_stream(config)
            .await
            .map_err(|source| BusError::JetStream {
                action: "provisioning",
                stream: name,
                source,
            })?;
    }
    Ok(())
}
