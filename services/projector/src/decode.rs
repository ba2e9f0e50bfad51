//! Making a log message ready for the writer: decoding and validating it, upcasting
//! it, folding it into [`govtrack_readmodel::Change`]s and formatting every text the
//! writer stores. None of this needs the database, so a large batch is decoded on a
//! second thread while the writer stores what is already decoded ([`in_order`]).

use std::sync::{Arc, mpsc};
use std::thread::JoinHandle;

use govtrack_bus::consume::LogMessage;
use govtrack_events::{DecodedEvent, EventId, Org};
use govtrack_readmodel::{ReadyEvent, time_micros, time_text};

use crate::fold;

/// A message as the writer takes it.
pub enum Decoded {
    /// An event to apply (unless its id was applied before).
    Event(Box<ReadyEvent>),
    /// A message that is not a valid event, and why.
    Invalid(String),
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
    Ok(ReadyEvent {
        occurred_at: time_text(event.occurred_at),
        occurred_micros: time_micros(event.occurred_at),
        recorded_micros: time_micros(event.recorded_at),
        changes: fold::changes(&event.data),
        id: event.id,
        org: event.org,
        event_type: event.event_type.name(),
        source: event.source,
        data: event.data_json,
        recorded_by: event
            .recorded_by
            .map(|by| serde_json::to_string(&by).unwrap_or_default()),
    })
}

/// Batches at least this long are decoded on a second thread.
const PARALLEL_FROM: usize = 512;
/// Messages handed from the decoding thread to the writer at a time.
const CHUNK: usize = 256;

/// The messages of `batch` with their decodings, in order. Large batches are decoded
/// on a thread of their own, a few chunks ahead of the caller; small ones (and any
/// batch when no thread can be started) are decoded as the caller takes them.
pub fn in_order(batch: &Arc<[LogMessage]>) -> InOrder<'_> {
    let ahead = if batch.len() >= PARALLEL_FROM {
        spawn_decoder(batch.clone())
    } else {
        None
    };
    InOrder {
        messages: batch.iter(),
        ahead,
        chunk: Vec::new().into_iter(),
    }
}

/// The iterator of [`in_order`]. Dropping it early stops the decoding thread.
pub struct InOrder<'a> {
    messages: std::slice::Iter<'a, LogMessage>,
    /// The decoding thread and its chunks, when there is one.
    ahead: Option<(mpsc::Receiver<Vec<Decoded>>, JoinHandle<()>)>,
    /// What is left of the chunk being taken.
    chunk: std::vec::IntoIter<Decoded>,
}

impl<'a> Iterator for InOrder<'a> {
    type Item = (&'a LogMessage, Decoded);

    fn next(&mut self) -> Option<Self::Item> {
        let message = self.messages.next()?;
        let Some((chunks, _)) = &self.ahead else {
            return Some((message, decode(message)));
        };
        if self.chunk.len() == 0 {
            // The thread sends every message of the batch, in order, unless it panicked.
            self.chunk = chunks.recv().unwrap_or_default().into_iter();
        }
        let decoded = self.chunk.next().unwrap_or_else(|| decode(message));
        Some((message, decoded))
    }
}

impl Drop for InOrder<'_> {
    fn drop(&mut self) {
        if let Some((chunks, thread)) = self.ahead.take() {
            // Hanging up first makes the thread's next send fail, so it stops.
            drop(chunks);
            let _ = thread.join();
        }
    }
}

/// Starts decoding `batch` on a thread named `decode` (so a profile tells it from the
/// writer); `None` when no thread can be started.
fn spawn_decoder(
    batch: Arc<[LogMessage]>,
) -> Option<(mpsc::Receiver<Vec<Decoded>>, JoinHandle<()>)> {
    let (sender, receiver) = mpsc::sync_channel::<Vec<Decoded>>(4);
    let decoder = move || {
        for chunk in batch.chunks(CHUNK) {
            // The writer hung up after an error: stop decoding.
            if sender.send(chunk.iter().map(decode).collect()).is_err() {
                return;
            }
        }
    };
    match std::thread::Builder::new()
        .name("decode".to_owned())
        .spawn(decoder)
    {
        Ok(thread) => Some((receiver, thread)),
        Err(e) => {
            tracing::warn!(error = %e, "cannot start a decoding thread; decoding inline");
            None
        }
    }
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

    fn batch(len: u64) -> Arc<[LogMessage]> {
        (1..=len).map(message).collect()
    }

    fn sequences_written(len: u64) -> Vec<u64> {
        let batch = batch(len);
        let mut written = Vec::new();
        for (m, decoded) in in_order(&batch) {
            assert!(matches!(decoded, Decoded::Invalid(_)));
            written.push(m.sequence);
        }
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
        let batch = batch(2000);
        let mut written = 0;
        let result = in_order(&batch).try_for_each(|(m, _)| {
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
