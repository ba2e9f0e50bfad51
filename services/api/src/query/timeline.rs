//! The organisations and the paged timeline of one.

use govtrack_readmodel::read;
use rusqlite::Connection;

use super::{QueryError, known_org};
use crate::types::{EventPage, OrgList, OrgSummary, TimelineEvent};

/// The largest page of events.
pub const MAX_PAGE: u32 = 1000;

/// Every organisation with events.
pub fn orgs(conn: &Connection) -> Result<OrgList, QueryError> {
    let orgs = read::orgs(conn)?
        .into_iter()
        .map(|o| OrgSummary {
            org: o.org,
            events: o.events,
            last_sequence: o.last_sequence,
            last_occurred_at: o.last_occurred_at,
        })
        .collect();
    Ok(OrgList { orgs })
}

/// Up to `limit` (at most [`MAX_PAGE`]) events of `org` after sequence `after`.
pub fn events(
    conn: &Connection,
    org: &str,
    after: u64,
    limit: u32,
) -> Result<EventPage, QueryError> {
    known_org(conn, org)?;
    let limit = limit.clamp(1, MAX_PAGE);
    let events: Vec<TimelineEvent> = read::events_page(conn, org, after, limit)?
        .into_iter()
        .map(|e| TimelineEvent {
            sequence: e.sequence,
            id: e.id,
            event_type: e.event_type,
            occurred_at: e.occurred_at,
            recorded_at: e.recorded_at,
            source: e.source,
            data: e.data,
            // A stored value that is not a caller (none is written) reads as unknown.
            recorded_by: e.recorded_by.and_then(|v| serde_json::from_value(v).ok()),
        })
        .collect();
    let next_after = (events.len() == limit as usize)
        .then(|| events.last().map(|e| e.sequence))
        .flatten();
    Ok(EventPage {
        org: org.to_owned(),
        events,
        next_after,
    })
}
