//! (a) The raw JetStream limit: the bench publishes the stored form of each event
//! straight to its subject of `GOVTRACK_EVENTS`, with `Nats-Msg-Id`, keeping a bounded
//! window of acks in flight. Latency is per message, publish to ack.

use std::time::Instant;

use async_nats::jetstream::{self, message::PublishMessage};
use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;

use crate::cpu::CpuPerEvent;
use crate::measure::{Outcome, Tally};
use crate::workload::RawMessage;

/// Un-acknowledged publishes at once (below async-nats's 5,000 back-pressure limit).
pub const WINDOW: usize = 2048;

/// Publishes `messages` from one task with up to [`WINDOW`] acks outstanding.
pub async fn run(js: &jetstream::Context, messages: Vec<RawMessage>) -> Outcome {
    let events = messages.len() as u64;
    let started = Instant::now();
    let mut tally = Tally::new();
    let mut in_flight = FuturesUnordered::new();
    for msg in messages {
        if in_flight.len() >= WINDOW
            && let Some((sent, ack)) = in_flight.next().await
        {
            settle(&mut tally, sent, ack);
        }
        let sent = Instant::now();
        let publish = PublishMessage::build()
            .payload(msg.payload)
            .message_id(&msg.id)
            .header("Govtrack-Type", msg.event_type);
        match js.send_publish(msg.subject, publish).await {
            Ok(ack) => in_flight.push(async move { (sent, ack.await) }),
            Err(e) => tally.fail(e),
        }
    }
    while let Some((sent, ack)) = in_flight.next().await {
        settle(&mut tally, sent, ack);
    }
    Outcome {
        events,
        elapsed: started.elapsed(),
        tally,
        cpu: CpuPerEvent::default(),
    }
}

fn settle(
    tally: &mut Tally,
    sent: Instant,
    ack: Result<jetstream::publish::PublishAck, jetstream::context::PublishError>,
) {
    match ack {
        Ok(ack) if ack.duplicate => tally.fail(format!("duplicate ack, sequence {}", ack.sequence)),
        Ok(_) => tally.record(sent),
        Err(e) => tally.fail(e),
    }
}
