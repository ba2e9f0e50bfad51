//! One key result: how far it has come, how far it should have come by now, and the
//! status that follows from the gap (DOMAIN.md, "Key-result arithmetic").
//!
//! A key result may have no target yet: the guidance writes them with blanks ("___% of
//! IT staff trained") and a template keeps them. Such a key result has no progress
//! (`None`) and no pace status: its status is [`KrStatus::TargetNotSet`], "target not
//! set" in words, whatever its measurements and dates. Once `key_result.target_set`
//! arrives ([`KeyResultSpec::with_target`]) it is assessed like any other.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Which way a key result's measure should move from its baseline: the catalogue's
/// own type (`key_result.defined`'s `direction`), one enum for every crate.
pub use govtrack_events::data::Direction;

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

/// What `key_result.defined` fixes about a key result.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct KeyResultSpec {
    /// The value when the key result was defined.
    pub baseline: f64,
    /// The value that counts as done; `None` while the target is a blank.
    pub target: Option<f64>,
    /// Which way the value should move.
    pub direction: Direction,
    /// When the key result was defined; the start of the expected-pace window.
    pub defined_at: DateTime<Utc>,
    /// When the target should be reached; the end of the expected-pace window.
    pub due: DateTime<Utc>,
}

impl KeyResultSpec {
    /// Checks that baseline and target are finite and that the target lies in the
    /// declared direction from the baseline (equal is allowed here, so that logs
    /// written before ingest refused it still read; a missing target is fine).
    pub fn validate(&self) -> Result<(), OkrError> {
        finite("baseline", self.baseline)?;
        let Some(target) = self.target else {
            return Ok(());
        };
        finite("target", target)?;
        let against = match self.direction {
            Direction::Increase => target < self.baseline,
            Direction::Decrease => target > self.baseline,
        };
        if against {
            return Err(OkrError::TargetAgainstDirection {
                direction: self.direction,
                baseline: self.baseline,
                target,
            });
        }
        Ok(())
    }

    /// The key result after `key_result.target_set`: the target given, and the due
    /// instant moved when the event carries one (else the defined one stays).
    pub fn with_target(self, target: f64, due: Option<DateTime<Utc>>) -> KeyResultSpec {
        KeyResultSpec {
            target: Some(target),
            due: due.unwrap_or(self.due),
            ..self
        }
    }

    /// True once the due instant has strictly passed.
    fn is_past_due(&self, now: DateTime<Utc>) -> bool {
        now > self.due
    }
}

fn finite(field: &'static str, value: f64) -> Result<(), OkrError> {
    if value.is_finite() {
        Ok(())
    } else {
        Err(OkrError::NotFinite { field, value })
    }
}

/// A key result's status, declared from best to worst so that the derived `Ord` ranks
/// severity and the worst of several statuses is their `max`:
/// `done < on_track < target_not_set < not_started < at_risk < off_track < overdue`.
///
/// `not_started` sits between on-track and at-risk: nothing is known to be wrong yet,
/// but nothing is known to be right either. `target_not_set` sits just before it: the
/// key result cannot be behind a pace it does not have yet, but an objective whose key
/// results all lack targets must not read as on track.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum KrStatus {
    /// Progress reached 1 (the target), whenever that happened.
    Done,
    /// Behind the expected pace by at most the on-track gap.
    OnTrack,
    /// The target is still a blank: no progress and no pace until it is set.
    TargetNotSet,
    /// No measurement yet, and the due instant has not passed.
    NotStarted,
    /// Behind the expected pace by at most the at-risk gap.
    AtRisk,
    /// Further behind the expected pace than the at-risk gap.
    OffTrack,
    /// The due instant passed and the target was not reached.
    Overdue,
}

impl KrStatus {
    /// The status in words, e.g. "on track", "target not set".
    pub fn words(self) -> &'static str {
        match self {
            KrStatus::Done => "done",
            KrStatus::OnTrack => "on track",
            KrStatus::TargetNotSet => "target not set",
            KrStatus::NotStarted => "not started",
            KrStatus::AtRisk => "at risk",
            KrStatus::OffTrack => "off track",
            KrStatus::Overdue => "overdue",
        }
    }
}

/// Slack when comparing a gap to a threshold, far below any meaningful share.
const GAP_TOLERANCE: f64 = 1e-9;

/// How far progress may trail the expected pace before the status worsens. Gaps are
/// `expected − progress`, both shares in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PaceThresholds {
    /// Largest gap still `on_track` (default 0.10: ten points behind pace).
    pub on_track_gap: f64,
    /// Largest gap still `at_risk` (default 0.25); anything beyond is `off_track`.
    pub at_risk_gap: f64,
}

impl Default for PaceThresholds {
    fn default() -> Self {
        Self {
            on_track_gap: 0.10,
            at_risk_gap: 0.25,
        }
    }
}

impl PaceThresholds {
    /// The pace status for a gap; gaps at a threshold fall in the better band. The
    /// tolerance keeps rounding noise (0.4 − 0.3 = 0.10000000000000003) from pushing a
    /// gap that is exactly on a threshold into the worse band.
    fn classify(&self, gap: f64) -> KrStatus {
        if gap <= self.on_track_gap + GAP_TOLERANCE {
            KrStatus::OnTrack
        } else if gap <= self.at_risk_gap + GAP_TOLERANCE {
            KrStatus::AtRisk
        } else {
            KrStatus::OffTrack
        }
    }
}

/// The assessment of one key result at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct KrProgress {
    /// The latest measurement, if any.
    pub current: Option<f64>,
    /// Share of the way from baseline to target, in [0, 1]; 0 without a measurement;
    /// `None` while the target is not set.
    pub progress: Option<f64>,
    /// Share of the time window elapsed, in [0, 1].
    pub expected: f64,
    /// The status that follows.
    pub status: KrStatus,
}

/// Share of the way from baseline to target: `(current − baseline) / (target −
/// baseline)` clamped to [0, 1]. The same formula serves both directions, since for a
/// decrease both differences are negative.
///
/// When target equals baseline the result is 1 if `current` is at or beyond the target
/// in the key result's direction, else 0. Never NaN: a NaN or undefined ratio is 0.
/// `None` when the key result has no target yet.
pub fn progress(spec: &KeyResultSpec, current: f64) -> Option<f64> {
    let target = spec.target?;
    let span = target - spec.baseline;
    if span == 0.0 {
        return Some(if reached(spec.direction, target, current) {
            1.0
        } else {
            0.0
        });
    }
    Some(clamp_share((current - spec.baseline) / span))
}

/// Whether `current` is at or beyond `target` in the key result's direction.
fn reached(direction: Direction, target: f64, current: f64) -> bool {
    match direction {
        Direction::Increase => current >= target,
        Direction::Decrease => current <= target,
    }
}

/// Clamps to [0, 1], mapping NaN to 0 (`f64::clamp` would keep NaN).
fn clamp_share(x: f64) -> f64 {
    if x.is_nan() { 0.0 } else { x.clamp(0.0, 1.0) }
}

/// Expected progress at `now`: the elapsed share of `[defined_at, due]`, clamped to
/// [0, 1]. A window that is empty or reversed (`due <= defined_at`) expects nothing
/// before `due` and everything from `due` on.
pub fn expected(spec: &KeyResultSpec, now: DateTime<Utc>) -> f64 {
    let window = (spec.due - spec.defined_at).num_milliseconds();
    if window <= 0 {
        return if now >= spec.due { 1.0 } else { 0.0 };
    }
    let elapsed = (now - spec.defined_at).num_milliseconds();
    clamp_share(elapsed as f64 / window as f64)
}

/// Assesses a key result with the default [`PaceThresholds`].
pub fn assess(spec: &KeyResultSpec, current: Option<f64>, now: DateTime<Utc>) -> KrProgress {
    assess_with(spec, current, now, &PaceThresholds::default())
}

/// Assesses a key result at `now`. In order of precedence:
/// 0. no target → `target_not_set`, progress `None`;
/// 1. no measurement → `overdue` if the due instant has passed, else `not_started`;
/// 2. progress ≥ 1 → `done` (reaching the target late still counts as done);
/// 3. due instant passed → `overdue`;
/// 4. otherwise by the gap `expected − progress` per `thresholds`.
///
/// "Passed" means strictly after `due`; at the due instant itself pace still applies.
pub fn assess_with(
    spec: &KeyResultSpec,
    current: Option<f64>,
    now: DateTime<Utc>,
    thresholds: &PaceThresholds,
) -> KrProgress {
    let expected = expected(spec, now);
    if spec.target.is_none() {
        return KrProgress {
            current,
            progress: None,
            expected,
            status: KrStatus::TargetNotSet,
        };
    }
    let share = current
        .and_then(|value| progress(spec, value))
        .unwrap_or(0.0);
    let status = status(spec, current.is_some(), share, expected, now, thresholds);
    KrProgress {
        current,
        progress: Some(share),
        expected,
        status,
    }
}

fn status(
    spec: &KeyResultSpec,
    measured: bool,
    progress: f64,
    expected: f64,
    now: DateTime<Utc>,
    thresholds: &PaceThresholds,
) -> KrStatus {
    if !measured {
        return if spec.is_past_due(now) {
            KrStatus::Overdue
        } else {
            KrStatus::NotStarted
        };
    }
    if progress >= 1.0 {
        KrStatus::Done
    } else if spec.is_past_due(now) {
        KrStatus::Overdue
    } else {
        thresholds.classify(expected - progress)
    }
}
