//! Why a collector run or a sign-in failed. Every message names what to fix: the
//! `[inventory]` setting, or `govtrack inventory login`.

/// A failed run or sign-in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InventoryError {
    /// The configuration is wrong or incomplete (a missing secret file, no sign-in yet).
    #[error("{0}")]
    Config(String),
    /// The stored sign-in can no longer be used.
    #[error("{0}")]
    SignIn(String),
    /// The API refused the token (401 / 403).
    #[error("{0}")]
    Denied(String),
    /// The API or the sign-in host could not be reached, or stayed throttled.
    #[error("{0}")]
    Unavailable(String),
    /// An answer did not have the documented shape.
    #[error("{0}")]
    Answer(String),
}
