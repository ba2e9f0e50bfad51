//! An objective's roll-up of its key results.

use serde::{Deserialize, Serialize};

use crate::key_result::{KrProgress, KrStatus};

/// An objective's progress and status, derived from its key results.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveProgress {
    /// Mean progress of the key results that have a target, in [0, 1]; 0 when there
    /// are none (a key result whose target is a blank has no progress to average, and
    /// shows in `status` instead).
    pub progress: f64,
    /// Worst status of the key results (see [`KrStatus`] for the order);
    /// `not_started` when there are none.
    pub status: KrStatus,
}

/// Rolls key results up into their objective: the mean of their progress (of those
/// with a target) and the worst of their statuses.
pub fn rollup(krs: &[KrProgress]) -> ObjectiveProgress {
    ObjectiveProgress {
        progress: mean_progress(krs),
        status: worst_status(krs),
    }
}

fn mean_progress(krs: &[KrProgress]) -> f64 {
    let shares: Vec<f64> = krs.iter().filter_map(|kr| kr.progress).collect();
    if shares.is_empty() {
        return 0.0;
    }
    shares.iter().sum::<f64>() / shares.len() as f64
}

fn worst_status(krs: &[KrProgress]) -> KrStatus {
    krs.iter()
        .map(|kr| kr.status)
        .max()
        .unwrap_or(KrStatus::NotStarted)
}
