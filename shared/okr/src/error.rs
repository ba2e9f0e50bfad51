//! Errors raised when a key-result definition is not usable.

use crate::key_result::Direction;

/// A key-result specification that cannot be assessed; every variant is the caller's
/// mistake (an HTTP 400), and [`OkrError::field`] names the offending field.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum OkrError {
    /// `baseline` or `target` is NaN or infinite.
    #[error("{field} must be a finite number, got {value}")]
    NotFinite {
        /// The field holding the value: `baseline` or `target`.
        field: &'static str,
        /// The value received.
        value: f64,
    },
    /// The target lies on the wrong side of the baseline for the direction, e.g. a
    /// `decrease` key result whose target is above its baseline.
    #[error("target {target} is against direction {direction:?} from baseline {baseline}")]
    TargetAgainstDirection {
        /// The declared direction.
        direction: Direction,
        /// The baseline received.
        baseline: f64,
        /// The target received.
        target: f64,
    },
}

impl OkrError {
    /// The name of the field at fault, as spelled in `key_result.defined`.
    pub fn field(&self) -> &'static str {
        match self {
            Self::NotFinite { field, .. } => field,
            Self::TargetAgainstDirection { .. } => "target",
        }
    }
}
