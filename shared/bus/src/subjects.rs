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
/// Request/reply ingest on behalf of an authenticated caller, for every org
/// (`govtrack.ingest.{org}.on-behalf`): only the api may publish there (NATS
/// permissions), and only there does ingest take [`RECORDED_BY_HEADER`].
pub const ON_BEHALF_WILDCARD: &str = "govtrack.ingest.*.on-behalf";
/// The header of an on-behalf request naming who recorded its events (the JSON of
/// `govtrack_events::RecordedBy`).
pub const RECORDED_BY_HEADER: &str = "Govtrack-Recorded-By";
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

/// The subject the api sends `org`'s events to, on behalf of the caller it
/// authenticated.
pub fn on_behalf_subject(org: &str) -> String {
    format!("govtrack.ingest.{org}.on-behalf")
}

/// An ingest request subject, read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IngestSubject<'a> {
    /// The org it names.
    pub org: &'a str,
    /// It is the on-behalf subject, whose requests say who recorded them.
    pub on_behalf: bool,
}

/// The org named by an ingest request subject (plain or on-behalf), if it is one.
pub fn parse_ingest_subject(subject: &str) -> Option<IngestSubject<'_>> {
    let rest = subject.strip_prefix("govtrack.ingest.")?;
    let (org, on_behalf) = match rest.strip_suffix(".on-behalf") {
        Some(org) => (org, true),
        None => (rest, false),
    };
    (!org.is_empty() && !org.contains('.')).then_some(IngestSubject { org, on_behalf })
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
        let org = |s| parse_ingest_subject(s).map(|s| s.org);
        assert_eq!(org("govtrack.ingest.contoso"), Some("contoso"));
        assert_eq!(org("govtrack.ingest."), None);
        assert_eq!(org("govtrack.ingest.a.b"), None);
        assert_eq!(org("govtrack.events.a"), None);
    }

    #[test]
    fn the_on_behalf_subject_names_its_org_and_says_so() {
        let subject = on_behalf_subject("contoso");
        assert_eq!(subject, "govtrack.ingest.contoso.on-behalf");
        assert_eq!(
            parse_ingest_subject(&subject),
            Some(IngestSubject {
                org: "contoso",
                on_behalf: true
            })
        );
        assert_eq!(
            parse_ingest_subject("govtrack.ingest.contoso").map(|s| s.on_behalf),
            Some(false)
        );
        assert_eq!(parse_ingest_subject("govtrack.ingest..on-behalf"), None);
        assert_eq!(parse_ingest_subject("govtrack.ingest.a.b.on-behalf"), None);
    }
}
