//! Why a message on the log could not be read as an event: the one error of every
//! reader of the log (`StoredEvent`, `DecodedEvent`, upcasting).

/// Why a message on the log could not be read as an event.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// Not JSON, or not an event body.
    #[error("not an event: {0}")]
    Malformed(String),
    /// A type this version of govtrack does not know.
    #[error("unknown event type {0:?}")]
    UnknownType(String),
    /// A schema version newer than this build understands.
    #[error("{event_type} v{version} is newer than this build (v{current})")]
    TooNew {
        /// Event type.
        event_type: String,
        /// Version found.
        version: u32,
        /// Version this build writes.
        current: u32,
    },
    /// The data does not match the type's schema.
    #[error("invalid data: {0}")]
    InvalidData(String),
}
