//! The cap on appends in flight: each request that appends holds one slot from
//! validation's end to the log's acknowledgement. When every slot is taken a request
//! waits a short, bounded time for one, then is refused with 429 and `Retry-After`, so
//! a burst never queues without bound and a refused client retries with the same ids
//! (its events were not appended, and a retry cannot double them).

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::{IngestError, RETRY_AFTER_SECONDS};

/// How long a request waits for a free slot before it is refused.
const WAIT_FOR_SLOT: Duration = Duration::from_millis(200);

/// The slots (cheap to clone).
#[derive(Clone, Debug)]
pub struct AppendLimit {
    slots: Arc<Semaphore>,
    max: usize,
}

/// A held slot; dropping it frees the slot.
pub struct Slot {
    _permit: OwnedSemaphorePermit,
}

impl AppendLimit {
    /// `max` requests may append at once (at least one).
    pub fn new(max: usize) -> AppendLimit {
        let max = max.max(1);
        AppendLimit {
            slots: Arc::new(Semaphore::new(max)),
            max,
        }
    }

    /// A slot, or [`IngestError::Overloaded`] after a bounded wait.
    pub async fn slot(&self) -> Result<Slot, IngestError> {
        let acquired = tokio::time::timeout(WAIT_FOR_SLOT, self.slots.clone().acquire_owned());
        match acquired.await {
            Ok(Ok(permit)) => Ok(Slot { _permit: permit }),
            _ => Err(IngestError::Overloaded(format!(
                "ingest has {} appends in flight, its limit; nothing of this request was appended: retry with the same ids after {RETRY_AFTER_SECONDS} s",
                self.max
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_request_past_the_limit_waits_briefly_then_is_refused() {
        let limit = AppendLimit::new(1);
        let held = limit.slot().await.unwrap();
        let refused = limit.slot().await.err().unwrap();
        assert!(refused.to_string().contains("retry with the same ids"));
        assert_eq!(refused.status(), axum::http::StatusCode::TOO_MANY_REQUESTS);
        drop(held);
        assert!(limit.slot().await.is_ok(), "a freed slot is taken again");
    }
}
