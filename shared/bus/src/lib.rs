//! # govtrack-bus
//!
//! Everything govtrack does with NATS JetStream, in one place:
//! - [`connect`] with any supported credentials ([`NatsSettings`]);
//! - idempotent provisioning of the log stream `GOVTRACK_EVENTS` ([`streams`]);
//! - the subject of each event, `govtrack.events.{org}.{entity_kind}.{entity_id}`
//!   ([`subjects`]);
//! - [`Bus::append`] / [`Bus::append_batch`]: the event id as `Nats-Msg-Id`,
//!   `expected_version` as the expected last subject sequence, a publish time-out
//!   retried with the same id, and errors that separate a conflict from an outage;
//! - [`NatsServerProcess`]: a `nats-server` child process, used by `govtrack up` and by
//!   the tests.
//!
//! - with the `clap` feature, [`LogArgs`] ([`NatsArgs`] and [`StreamArgs`]): the flags
//!   and `GOVTRACK_*` variables every service that talks to the log takes.
//!
//! Works against nats-server 2.9: one filter subject per consumer, no 2.10+ features.

mod append;
#[cfg(feature = "clap")]
mod args;
mod connect;
mod error;
mod server_process;
pub mod streams;
pub mod subjects;

pub use append::{Appended, Bus};
#[cfg(feature = "clap")]
pub use args::{DEFAULT_NATS_URL, LogArgs, NatsArgs, StreamArgs};
pub use connect::{NatsAuth, NatsSettings, connect};
pub use error::{AppendError, BusError};
pub use server_process::{NatsServerProcess, ServerProcessError, locate_nats_server};
pub mod consume;
