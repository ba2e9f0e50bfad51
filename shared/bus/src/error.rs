//! Errors of the bus, split by who must act: the caller (conflict) or the operator
//! (NATS unavailable).

/// Failure to connect or to provision streams, with the client's error as the source
/// (its kind says a time-out from a refused authorisation, or which JetStream error).
#[derive(Debug, thiserror::Error)]
pub enum BusError {
    /// NATS could not be reached or refused the connection.
    #[error("cannot connect to NATS at {url}")]
    Connect {
        /// The URL tried.
        url: String,
        /// What went wrong.
        #[source]
        source: async_nats::ConnectError,
    },
    /// A credentials file could not be read.
    #[error("cannot read NATS credentials {path}")]
    Credentials {
        /// The file.
        path: String,
        /// What went wrong.
        #[source]
        source: std::io::Error,
    },
    /// Creating or updating a stream failed.
    #[error("JetStream {action} of {stream} failed")]
    JetStream {
        /// What was attempted.
        action: &'static str,
        /// The stream.
        stream: String,
        /// What the server or the client said.
        #[source]
        source: async_nats::jetstream::context::CreateStreamError,
    },
    /// A stream still could not be provisioned after every attempt (another service
    /// kept creating it, or the server kept timing out).
    #[error(
        "JetStream provisioning of {stream} did not finish after {attempts} attempts: {reason}"
    )]
    Provisioning {
        /// The stream.
        stream: String,
        /// The attempts made.
        attempts: u32,
        /// What the last attempt met.
        reason: String,
    },
}

/// Why an append did not happen (or may not have happened).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AppendError {
    /// `expected_version` did not match the entity's last sequence.
    #[error(
        "version conflict on {subject}: expected version {expected}, current version {current}"
    )]
    Conflict {
        /// The entity's subject.
        subject: String,
        /// What the client expected.
        expected: u64,
        /// The entity's version now, when known (0 when unknown).
        current: u64,
    },
    /// NATS did not confirm the append in time; the event may or may not be stored.
    /// Retrying with the same id is safe.
    #[error("NATS unavailable: {0}")]
    Unavailable(String),
    /// The server refused the message for a reason retrying will not fix.
    #[error("append refused: {0}")]
    Refused(String),
}
