//! A finding of a rule, and the event it becomes on the log (with a deterministic id,
//! so a re-run or a second scheduler appends nothing new).

use chrono::{DateTime, SecondsFormat, TimeDelta, Utc};
use govtrack_events::{Envelope, Event, RecordedBy, ValidationError, validate_trusted};
use serde_json::json;
use sha2::{Digest, Sha256};

/// Something a rule noticed.
#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    /// An open initiative passed its stall threshold.
    Stalled {
        org: String,
        initiative: String,
        last_activity_at: DateTime<Utc>,
        threshold_days: u32,
    },
    /// A stalled initiative moved again (or was closed).
    Unstalled {
        org: String,
        initiative: String,
        last_activity_at: DateTime<Utc>,
    },
    /// A key result passed its due date before reaching its target.
    Overdue {
        org: String,
        key_result: String,
        due_at: DateTime<Utc>,
    },
    /// An expected source stayed silent past twice its cadence.
    SourceSilent {
        org: String,
        source: String,
        last_seen_at: Option<DateTime<Utc>>,
        every_hours: u32,
        since: DateTime<Utc>,
    },
    /// A collector run succeeded at `at` after the failure of `failed_at`.
    SourceRecovered {
        org: String,
        source: String,
        failed_at: DateTime<Utc>,
        at: DateTime<Utc>,
    },
    /// A collector run failed at `at`; nothing of it was appended.
    SourceFailed {
        org: String,
        source: String,
        error: String,
        at: DateTime<Utc>,
    },
}

/// Source name on the findings' envelopes.
pub const SOURCE: &str = "govtrack-scheduler";

impl Finding {
    /// The deterministic event id, e.g. `stalled:{org}:{initiative}:{last_activity_at}`.
    pub fn event_id(&self) -> String {
        let key = match self {
            Finding::Stalled {
                org,
                initiative,
                last_activity_at,
                ..
            } => {
                format!("stalled:{org}:{initiative}:{}", stamp(*last_activity_at))
            }
            Finding::Unstalled {
                org,
                initiative,
                last_activity_at,
            } => {
                format!("unstalled:{org}:{initiative}:{}", stamp(*last_activity_at))
            }
            Finding::Overdue {
                org, key_result, ..
            } => format!("overdue:{org}:{key_result}"),
            Finding::SourceSilent {
                org,
                source,
                last_seen_at,
                since,
                ..
            } => {
                let seen = last_seen_at.map_or_else(|| format!("never-{}", stamp(*since)), stamp);
                format!("silent:{org}:{}:{seen}", id_part(source))
            }
            Finding::SourceRecovered {
                org,
                source,
                failed_at,
                ..
            } => format!("recovered:{org}:{}:{}", id_part(source), stamp(*failed_at)),
            Finding::SourceFailed {
                org, source, at, ..
            } => {
                format!("failed:{org}:{}:{}", id_part(source), stamp(*at))
            }
        };
        bounded_id(key)
    }

    /// The organisation.
    pub fn org(&self) -> &str {
        match self {
            Finding::Stalled { org, .. }
            | Finding::Unstalled { org, .. }
            | Finding::Overdue { org, .. }
            | Finding::SourceSilent { org, .. }
            | Finding::SourceFailed { org, .. }
            | Finding::SourceRecovered { org, .. } => org,
        }
    }

    /// When the finding became true: the stall boundary, the resuming activity, the
    /// due instant. Deterministic, never after the run's `now`.
    pub fn occurred_at(&self) -> DateTime<Utc> {
        match self {
            Finding::Stalled {
                last_activity_at,
                threshold_days,
                ..
            } => *last_activity_at + TimeDelta::days(i64::from(*threshold_days)),
            Finding::Unstalled {
                last_activity_at, ..
            } => *last_activity_at,
            Finding::Overdue { due_at, .. } => *due_at,
            Finding::SourceSilent { since, .. } => *since,
            Finding::SourceFailed { at, .. } | Finding::SourceRecovered { at, .. } => *at,
        }
    }

    /// The event to append.
    pub fn to_event(&self, now: DateTime<Utc>) -> Result<Event, ValidationError> {
        let (event_type, data) = match self {
            Finding::Stalled {
                initiative,
                last_activity_at,
                threshold_days,
                ..
            } => (
                "initiative.stalled",
                json!({"initiative": initiative, "last_activity_at": last_activity_at, "threshold_days": threshold_days}),
            ),
            Finding::Unstalled { initiative, .. } => {
                ("initiative.unstalled", json!({"initiative": initiative}))
            }
            Finding::Overdue { key_result, .. } => {
                ("key_result.overdue", json!({"key_result": key_result}))
            }
            Finding::SourceSilent {
                source,
                last_seen_at,
                every_hours,
                ..
            } => {
                let mut data = json!({"source": source, "every_hours": every_hours});
                if let Some(seen) = last_seen_at {
                    data["last_seen_at"] = json!(seen);
                }
                ("source.silent", data)
            }
            Finding::SourceFailed { source, error, .. } => {
                ("source.failed", json!({"source": source, "error": error}))
            }
            Finding::SourceRecovered { source, .. } => {
                ("source.recovered", json!({"source": source}))
            }
        };
        let mut envelope = Envelope::new(event_type, self.org(), data);
        envelope.id = Some(self.event_id());
        envelope.occurred_at = Some(self.occurred_at().min(now).to_rfc3339());
        envelope.source = Some(SOURCE.to_owned());
        let by = RecordedBy::service("scheduler");
        validate_trusted(envelope, now).map(|e| e.recorded_by(by))
    }
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A free-text name (a source) inside an event id: characters ids do not allow become
/// `_`; [`bounded_id`] keeps the id short.
/// A name that needed changing also gets a short hash, so two names never share an id.
pub(crate) fn id_part(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if safe == name {
        return safe;
    }
    let hash = hex::encode(Sha256::digest(name.as_bytes()));
    format!("{safe}-{}", &hash[..8])
}

/// Event ids are at most 128 characters: longer keys keep their prefix and a hash.
pub(crate) fn bounded_id(key: String) -> String {
    if key.len() <= 128 {
        return key;
    }
    let prefix = key.split(':').next().unwrap_or("finding").to_owned();
    let hash = hex::encode(Sha256::digest(key.as_bytes()));
    format!("{prefix}:{}", &hash[..48])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_deterministic_and_valid_even_for_long_names() {
        let at: DateTime<Utc> = "2026-03-01T10:00:00Z".parse().unwrap();
        let f = Finding::Stalled {
            org: "o".repeat(63),
            initiative: "i".repeat(63),
            last_activity_at: at,
            threshold_days: 28,
        };
        let id = f.event_id();
        assert_eq!(id, f.clone().event_id());
        assert!(id.len() <= 128 && id.starts_with("stalled:"));
        let short = Finding::Stalled {
            org: "contoso".into(),
            initiative: "x".into(),
            last_activity_at: at,
            threshold_days: 28,
        };
        assert_eq!(
            short.event_id(),
            "stalled:contoso:x:2026-03-01T10:00:00.000Z"
        );
        short.to_event(at + TimeDelta::days(40)).unwrap();
    }
}
