//! Deciding what an event changes in the feed tables: the source it came from (its
//! last-seen time), expectations and the watch's findings, environments and inventory
//! counts, and the count a key result is bound to. Pure, like [`super::fold`].

use chrono::{DateTime, Utc};
use govtrack_events::{DecodedEvent, EventData};

/// One change to the feed tables.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedChange {
    /// An event from `source` reached the log at `at`.
    Seen { source: String, at: DateTime<Utc> },
    /// `source.expected`.
    Expected { source: String, every_hours: u32 },
    /// `source.silent`: the finding is open for this last-seen time (`None`: never).
    Silent {
        source: String,
        last_seen_at: Option<DateTime<Utc>>,
        since: DateTime<Utc>,
    },
    /// `source.failed`.
    Failed { source: String, error: String },
    /// `source.recovered`.
    Recovered { source: String },
    /// `environment.created` / `environment.updated`.
    Environment {
        environment: String,
        kind: String,
        managed: bool,
    },
    /// `environment.deleted`.
    EnvironmentDeleted { environment: String },
    /// `inventory.counted`.
    Counted {
        resource_type: &'static str,
        environment_kind: String,
        managed: bool,
        count: u64,
    },
    /// `key_result.defined`: the count it is bound to, or none.
    Measure {
        key_result: String,
        resource_type: Option<&'static str>,
        managed: Option<bool>,
    },
}

/// The feed changes of one event, in the order they apply.
pub fn feed_changes(event: &DecodedEvent) -> Vec<FeedChange> {
    let mut out: Vec<FeedChange> = event
        .source
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| FeedChange::Seen {
            source: s.clone(),
            at: event.recorded_at,
        })
        .collect();
    out.extend(data_change(&event.data, event.occurred_at));
    out
}

fn data_change(data: &EventData, occurred_at: DateTime<Utc>) -> Option<FeedChange> {
    Some(match data {
        EventData::SourceExpected(d) => FeedChange::Expected {
            source: d.source.clone(),
            every_hours: d.every_hours,
        },
        EventData::SourceSilent(d) => FeedChange::Silent {
            source: d.source.clone(),
            last_seen_at: d.last_seen_at,
            since: occurred_at,
        },
        EventData::SourceFailed(d) => FeedChange::Failed {
            source: d.source.clone(),
            error: d.error.clone(),
        },
        EventData::SourceRecovered(d) => FeedChange::Recovered {
            source: d.source.clone(),
        },
        EventData::EnvironmentCreated(d) => FeedChange::Environment {
            environment: d.environment.to_string(),
            kind: d.kind.clone(),
            managed: d.managed,
        },
        EventData::EnvironmentUpdated(d) => FeedChange::Environment {
            environment: d.environment.to_string(),
            kind: d.kind.clone(),
            managed: d.managed,
        },
        EventData::EnvironmentDeleted(d) => FeedChange::EnvironmentDeleted {
            environment: d.environment.to_string(),
        },
        EventData::InventoryCounted(d) => FeedChange::Counted {
            resource_type: d.resource_type.as_str(),
            environment_kind: d.environment_kind.clone(),
            managed: d.managed,
            count: d.count,
        },
        EventData::KeyResultDefined(d) => FeedChange::Measure {
            key_result: d.key_result.to_string(),
            resource_type: d.measure.as_ref().map(|m| m.resource_type.as_str()),
            managed: d.measure.as_ref().and_then(|m| m.managed),
        },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use govtrack_events::{EventType, example_data};

    fn event(t: EventType, source: Option<&str>) -> DecodedEvent {
        let data = example_data(t);
        DecodedEvent {
            id: "e1".into(),
            event_type: t,
            v: t.version(),
            org: "contoso".into(),
            occurred_at: "2026-03-01T10:00:00Z".parse().unwrap(),
            recorded_at: "2026-03-01T10:00:05Z".parse().unwrap(),
            source: source.map(str::to_owned),
            data_json: data.to_string(),
            data: EventData::decode(t, data).unwrap(),
            recorded_by: None,
        }
    }

    #[test]
    fn any_event_with_a_source_marks_it_seen_when_the_log_received_it() {
        let changes = feed_changes(&event(EventType::HackathonHeld, Some("hr-sync")));
        assert_eq!(
            changes,
            [FeedChange::Seen {
                source: "hr-sync".into(),
                at: "2026-03-01T10:00:05Z".parse().unwrap()
            }]
        );
        assert!(feed_changes(&event(EventType::HackathonHeld, None)).is_empty());
    }

    #[test]
    fn a_key_result_without_a_measure_unbinds_it() {
        let changes = feed_changes(&event(EventType::KeyResultDefined, None));
        assert!(matches!(
            &changes[..],
            [FeedChange::Measure {
                resource_type: None,
                ..
            }]
        ));
    }
}
