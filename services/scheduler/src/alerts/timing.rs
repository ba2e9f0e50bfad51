//! The alert timing (`[alerts]` in the scheduler TOML): how long a new alert waits for
//! others of its organisation, and how often a firing one is notified again.
//!
//! ```toml
//! [alerts]
//! group_wait = "30s"
//! repeat_interval = "24h"
//! ```

use chrono::TimeDelta;
use serde::{Deserialize, Deserializer};

/// Group wait and repeat interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Timing {
    /// How long a new alert waits for others of its organisation before the first
    /// notification (the long-running service; `run_once` flushes at once).
    #[serde(deserialize_with = "delta")]
    pub group_wait: TimeDelta,
    /// Reminders while an alert fires (default 24 h).
    #[serde(deserialize_with = "delta")]
    pub repeat_interval: TimeDelta,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            group_wait: TimeDelta::seconds(30),
            repeat_interval: TimeDelta::hours(24),
        }
    }
}

/// A duration by the one rule of settings files, as the lifecycle's time arithmetic
/// wants it.
fn delta<'de, D: Deserializer<'de>>(deserializer: D) -> Result<TimeDelta, D::Error> {
    let duration = govtrack_runtime::deserialize_duration(deserializer)?;
    TimeDelta::from_std(duration).map_err(|_| serde::de::Error::custom("too long"))
}
