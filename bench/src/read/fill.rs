//! Filling the log: the history's events in the stored form ingest would append,
//! published straight to their subjects of `GOVTRACK_EVENTS` with `Nats-Msg-Id` and the
//! `Govtrack-Type` header (what `Bus::append_batch` sends), with a bounded window of acks
//! in flight. A thread builds and validates the events while the publisher sends them,
//! so memory stays flat however many there are. Not a measured scenario: its rate is
//! printed for reference only.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use async_nats::jetstream::{self, message::PublishMessage};
use bytes::Bytes;
use chrono::Utc;
use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use govtrack_bus::streams::{StreamSettings, ensure_streams};
use govtrack_bus::subjects::{EVENTS_STREAM, event_subject};
use govtrack_events::StoredEvent;
use tokio::sync::mpsc;

use super::workload::History;

/// Un-acknowledged publishes at once (below async-nats's 5,000 back-pressure limit).
const WINDOW: usize = 2048;
/// Events built per hand-over from the builder thread.
const CHUNK: u64 = 4096;

/// The filled log.
#[derive(Debug, Clone, Copy)]
pub struct Filled {
    /// Its last sequence.
    pub last_sequence: u64,
    /// Time to publish them all.
    pub elapsed: Duration,
}

/// One message as ingest would publish it.
struct Outgoing {
    subject: String,
    id: String,
    event_type: &'static str,
    payload: Bytes,
}

/// Creates the streams and publishes events `0..events` of `history`; fails unless the
/// stream then holds exactly those.
pub async fn run(
    client: &async_nats::Client,
    history: Arc<History>,
    events: u64,
) -> anyhow::Result<Filled> {
    let js = jetstream::new(client.clone());
    ensure_streams(&js, &StreamSettings::default())
        .await
        .context("while creating the streams")?;
    let started = Instant::now();
    let (tx, rx) = mpsc::channel(4);
    let builder = std::thread::spawn(move || build(&history, events, &tx));
    let published = publish(&js, rx).await;
    let built = builder
        .join()
        .map_err(|_| anyhow::anyhow!("the event builder thread panicked"))?;
    built?;
    let published = published?;
    let elapsed = started.elapsed();
    let state = js
        .get_stream(EVENTS_STREAM)
        .await
        .context("while reading the stream")?
        .get_info()
        .await
        .context("while reading the stream")?
        .state;
    if state.messages != events || published != events {
        bail!(
            "the stream holds {} messages after {published} of {events} publishes",
            state.messages
        );
    }
    Ok(Filled {
        last_sequence: state.last_sequence,
        elapsed,
    })
}

/// Builds the events in chunks; stops early when the publisher has gone.
fn build(history: &History, events: u64, tx: &mpsc::Sender<Vec<Outgoing>>) -> anyhow::Result<()> {
    let recorded_at = Utc::now();
    for first in (0..events).step_by(CHUNK as usize) {
        let chunk = (first..(first + CHUNK).min(events))
            .map(|n| {
                let event = history.event(n)?;
                Ok(Outgoing {
                    subject: event_subject(&event),
                    id: event.id.to_string(),
                    event_type: event.event_type().name(),
                    payload: StoredEvent::from_event(&event, recorded_at)
                        .to_bytes()
                        .into(),
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        if tx.blocking_send(chunk).is_err() {
            return Ok(());
        }
    }
    Ok(())
}

/// Publishes every chunk with up to [`WINDOW`] acks outstanding; answers the count.
async fn publish(
    js: &jetstream::Context,
    mut chunks: mpsc::Receiver<Vec<Outgoing>>,
) -> anyhow::Result<u64> {
    let mut in_flight = FuturesUnordered::new();
    let mut acked = 0;
    while let Some(chunk) = chunks.recv().await {
        for msg in chunk {
            if in_flight.len() >= WINDOW
                && let Some(ack) = in_flight.next().await
            {
                acked += settle(ack)?;
            }
            let publish = PublishMessage::build()
                .payload(msg.payload)
                .message_id(&msg.id)
                .header("Govtrack-Type", msg.event_type);
            let ack = js
                .send_publish(msg.subject, publish)
                .await
                .context("while publishing the history")?;
            in_flight.push(ack.into_future());
        }
    }
    while let Some(ack) = in_flight.next().await {
        acked += settle(ack)?;
    }
    Ok(acked)
}

fn settle(
    ack: Result<jetstream::publish::PublishAck, jetstream::context::PublishError>,
) -> anyhow::Result<u64> {
    match ack {
        Ok(ack) if ack.duplicate => bail!("duplicate ack at sequence {}", ack.sequence),
        Ok(_) => Ok(1),
        Err(e) => Err(e).context("a publish of the history was not acknowledged"),
    }
}
