//! Making a log message ready for the writer: decoding and validating it, upcasting
//! it, folding it into [`Change`]s and formatting every text the writer stores. None of
//! this needs the database, so a large batch is decoded on a second thread while the
//! writer stores what is already decoded ([`decode_alongside`]).

use std::sync::mpsc;

use govtrack_bus::consume::LogMessage;
use govtrack_events::{DecodedEvent, EventId, Org};

use crate::fold::{self, Change};
use crate::store::write::time_text;

/// A message as the writer takes it.
pub enum Decoded {
    /// An event to apply (unless its id was applied before).
    Event(Box<ReadyEvent>),
    /// A message that is not a valid event, and why.
    Invalid(String),
}

/// A valid event with the texts the writer stores.
pub struct ReadyEvent {
    /// Its id.
    pub id: String,
    /// Its organisation.
    pub org: String,
    /// Its type name.
    pub event_type: &'static str,
    /// Schema version of `data` (after upcasting).
    pub v: u32,
    /// The emitting tool.
    pub source: Option<String>,
    /// `(kind, id)` of the entity it is about (the organisation itself for org-level
    /// events).
    pub entity: (&'static str, String),
    /// `occurred_at` as stored.
    pub occurred_at: String,
    /// `recorded_at` as stored.
    pub recorded_at: String,
    /// The data as stored (JSON text).
    pub data: String,
    /// What it changes beyond the timeline.
    pub changes: Vec<Change>,
}

/// Decodes one message.
pub fn decode(message: &LogMessage) -> Decoded {
    match ready(&message.payload) {
        Ok(event) => Decoded::Event(Box::new(event)),
        Err(reason) => Decoded::Invalid(reason),
    }
}

/// Reads a payload as an event (upcast to the current schema), or says why not. The
/// typed payload is folded and freed here, off the writer's thread.
fn ready(payload: &[u8]) -> Result<ReadyEvent, String> {
    let event = DecodedEvent::decode(payload).map_err(|e| e.to_string())?;
    Org::check(&event.org).map_err(|e| format!("org: {e}"))?;
    EventId::check(&event.id).map_err(|e| format!("id: {e}"))?;
    let entity = match event.data.entity_key() {
        Some((kind, id)) => (kind, id.to_owned()),
        None => ("org", event.org.clone()),
    };
    Ok(ReadyEvent {
        entity,
        occurred_at: time_text(event.occurred_at),
        recorded_at: time_text(event.recorded_at),
        changes: fold::changes(&event.data),
        id: event.id,
        org: event.org,
        event_type: event.event_type.name(),
        v: event.v,
        source: event.source,
        data: event.data_json,
    })
}

/// Batches at least this long are decoded on a second thread.
const PARALLEL_FROM: usize = 512;
/// Messages handed from the decoding thread to the writer at a time.
const CHUNK: usize = 256;

/// Calls `write` with every message of `batch` and its decoding, in order, and stops at
/// the first error. Large batches are decoded on a scoped thread, a chunk ahead of
/// the writer.
pub fn decode_alongside<E>(
    batch: &[LogMessage],
    mut write: impl FnMut(&LogMessage, Decoded) -> Result<(), E>,
) -> Result<(), E> {
    if batch.len() < PARALLEL_FROM {
        return batch.iter().try_for_each(|m| write(m, decode(m)));
    }
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::sync_channel::<Vec<Decoded>>(4);
        let decoder = move || {
            for chunk in batch.chunks(CHUNK) {
                // The writer hung up after an error: stop decoding.
                if sender.send(chunk.iter().map(decode).collect()).is_err() {
                    return;
                }
            }
        };
        // Named, so a profile tells it from the writer. Without a thread the batch is
        // decoded on the caller's.
        let spawned = std::thread::Builder::new()
            .name("decode".to_owned())
            .spawn_scoped(scope, decoder);
        if let Err(e) = spawned {
            tracing::warn!(error = %e, "cannot start a decoding thread; decoding inline");
            return batch.iter().try_for_each(|m| write(m, decode(m)));
        }
        let mut messages = batch.iter();
        for chunk in receiver {
            // The chunk drives the pairing: zipping the other way round would take
            // (and lose) one more message each time a chunk runs out.
            for (decoded, message) in chunk.into_iter().zip(messages.by_ref()) {
                write(message, decoded)?;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(sequence: u64) -> LogMessage {
        LogMessage {
            sequence,
            subject: "govtrack.events.acme.sponsor.named".to_owned(),
            msg_id: None,
            payload: bytes::Bytes::from_static(b"not an event"),
            published: chrono::Utc::now(),
            pending: 0,
        }
    }

    fn sequences_written(len: u64) -> Vec<u64> {
        let batch: Vec<LogMessage> = (1..=len).map(message).collect();
        let mut written = Vec::new();
        decode_alongside(&batch, |m, decoded| {
            assert!(matches!(decoded, Decoded::Invalid(_)));
            written.push(m.sequence);
            Ok::<_, ()>(())
        })
        .unwrap();
        written
    }

    #[test]
    fn every_message_is_written_once_in_order_whatever_the_batch_length() {
        for len in [0, 1, 511, 512, 513, 1000, 2 * CHUNK as u64, 10_000] {
            let written = sequences_written(len);
            assert_eq!(written, (1..=len).collect::<Vec<_>>(), "batch of {len}");
        }
    }

    #[test]
    fn the_first_error_stops_the_batch() {
        let batch: Vec<LogMessage> = (1..=2000).map(message).collect();
        let mut written = 0;
        let result = decode_alongside(&batch, |m, _| {
            if m.sequence == 700 {
                return Err(m.sequence);
            }
            written += 1;
            Ok(())
        });
        assert_eq!(result, Err(700));
        assert_eq!(written, 699);
    }
}
