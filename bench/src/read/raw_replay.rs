//! (a1) The raw JetStream read limit: one async-nats ordered consumer (no server-side
//! state, the same kind the projector reads with) replays the whole `GOVTRACK_EVENTS`
//! stream from sequence 1 and only counts messages and bytes. Timed from the consumer's
//! creation to the last sequence.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use async_nats::jetstream::{self, consumer::pull};
use futures_util::StreamExt;
use govtrack_bus::subjects::EVENTS_STREAM;

/// Longest wait for the next message before the replay is declared stuck.
const STALL: Duration = Duration::from_secs(30);

/// What the replay read.
#[derive(Debug, Clone, Copy)]
pub struct Replayed {
    /// Messages read.
    pub messages: u64,
    /// Their payload bytes.
    pub bytes: u64,
    /// From creating the consumer to the last message.
    pub elapsed: Duration,
}

/// Reads the stream up to `last_sequence`.
pub async fn run(client: &async_nats::Client, last_sequence: u64) -> anyhow::Result<Replayed> {
    let js = jetstream::new(client.clone());
    let started = Instant::now();
    let stream = js
        .get_stream(EVENTS_STREAM)
        .await
        .context("while opening the stream")?;
    let consumer = stream
        .create_consumer(pull::OrderedConfig::default())
        .await
        .context("while creating the ordered consumer")?;
    let mut messages = consumer
        .messages()
        .await
        .context("while starting the replay")?;
    let (mut count, mut bytes) = (0u64, 0u64);
    while count < last_sequence {
        let next = tokio::time::timeout(STALL, messages.next()).await;
        let message = match next {
            Err(_) => bail!("the replay stalled after {count} of {last_sequence} messages"),
            Ok(None) => bail!("the replay ended after {count} of {last_sequence} messages"),
            Ok(Some(message)) => message.context("while replaying")?,
        };
        count += 1;
        bytes += message.payload.len() as u64;
    }
    Ok(Replayed {
        messages: count,
        bytes,
        elapsed: started.elapsed(),
    })
}
