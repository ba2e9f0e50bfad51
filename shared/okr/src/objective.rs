//! An objective's roll-up of its key results.

use serde::{Deserialize, Serialize};

use crate::key_result::{KrProgress, KrStatus};

/// An objective's progress and status, derived from its key results.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveProgress {
    /// Mean progress of the key results, in [0, 1]; 0 when there are none.
    pub progress: f64,
    /// Worst status of the key results (see [`KrStatus`] for the order);
    /// `not_started` when there are none.
    pub status: KrStatus,
}

/// Rolls key results up into their objective: the mean of their progress and the
/// worst of their statuses.
pub fn rollup(krs: &[KrProgress]) -> ObjectiveProgress {
    ObjectiveProgress {
        progress: mean_progress(krs),
        status: worst_status(krs),
    }
}

fn mean_progress(krs: &[KrProgress]) -> f64 {
    if krs.is_empty() {
        return 0.0;
    }
    krs.iter().map(|kr| kr.progress).sum::<f64>() / krs.len() as f64
}

fn worst_status(krs: &[KrProgress]) -> KrStatus {
    krs.iter()
        .map(|kr| kr.status)
        .max()
        .unwrap_or(KrStatus::NotStarted)
}
