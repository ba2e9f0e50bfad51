//! Subject names: the public contract of who publishes and reads what.

use govtrack_events::Event;

/// The stream that holds the log.
pub const EVENTS_STREAM: &str = "GOVTRACK_EVENTS";
/// Every subject of the log.
pub const EVENTS_WILDCARD: &str = "govtrack.events.>";
/// The stream of alert notifications.
pub const ALERTS_STREAM: &str = "GOVTRACK_ALERTS";
/// Every subject of the alerts stream.
pub const ALERTS_WILDCARD: &str = "govtrack.alerts.>";
/// Request/reply ingest for every org (`govtrack.ingest.{org}`).
pub const INGEST_WILDCARD: &str = "govtrack.ingest.*";
/// Queue group of ingest responders.
pub const INGEST_QUEUE: &str = "ingest";

/// `govtrack.events.{org}.{entity_kind}.{entity_id}`.
pub fn event_subject(event: &Event) -> String {
    let entity = event.entity();
    entity_subject(event.org.as_str(), entity.kind, &entity.id)
}

/// The subject of one entity of an org.
pub fn entity_subject(org: &str, kind: &str, id: &str) -> String {
    format!("govtrack.events.{org}.{kind}.{id}")
}

/// Every event of one org.
pub fn org_events(org: &str) -> String {
    format!("govtrack.events.{org}.>")
}

/// The request subject for ingesting events of `org` over NATS.
pub fn ingest_subject(org: &str) -> String {
    format!("govtrack.ingest.{org}")
}

/// The org named by an ingest request subject, if it is one.
pub fn org_of_ingest_subject(subject: &str) -> Option<&str> {
    subject
        .strip_prefix("govtrack.ingest.")
        .filter(|s| !s.is_empty() && !s.contains('.'))
}

/// `govtrack.alerts.{org}.{kind}`.
pub fn alert_subject(org: &str, kind: &str) -> String {
    format!("govtrack.alerts.{org}.{kind}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ingest_subjects_name_exactly_one_org() {
        assert_eq!(
            org_of_ingest_subject("govtrack.ingest.contoso"),
            Some("contoso")
        );
        assert_eq!(org_of_ingest_subject("govtrack.ingest."), None);
        assert_eq!(org_of_ingest_subject("govtrack.ingest.a.b"), None);
        assert_eq!(org_of_ingest_subject("govtrack.events.a"), None);
    }
}
