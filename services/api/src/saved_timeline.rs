//! A cold timeline from the projector's saved timeline: the organisation's timeline
//! saved when the projector was idle, restored, and extended with the events applied
//! after it, instead of a replay of the whole history.
//!
//! A saved timeline is a cache, so nothing here fails a request: no table, no row, text
//! that does not restore, one saved under another model (or another version of it), one
//! whose horizon ends before the instant asked, or events that cannot extend it (one
//! earlier than its last fact) all answer `None`, logged at debug, and the caller
//! replays the whole history.

use chrono::{DateTime, Utc};
use govtrack_maturity::{Model, Timeline};
use govtrack_readmodel::saved_timelines::{self, SAVE_TIMELINE_EVERY_EVENTS};
use rusqlite::Connection;

use crate::org_key::OrgKey;
use crate::permits::Permits;
use crate::query::{self, QueryError};

/// Events after a saved timeline past which extending it reads enough to take a build
/// permit: the projector keeps one less than [`SAVE_TIMELINE_EVERY_EVENTS`] behind
/// once it is idle, so only a projector still catching up leaves more.
const WITHOUT_PERMIT: u64 = 2 * SAVE_TIMELINE_EVERY_EVENTS;

/// The timeline of `key` under `model` from its saved timeline and the events after
/// it, covering `until`; `None` when there is no usable one.
pub(crate) fn restore(
    conn: &Connection,
    model: &Model,
    key: &OrgKey,
    until: DateTime<Utc>,
    permits: &Permits,
) -> Option<Timeline> {
    match try_restore(conn, model, key, until, permits) {
        Ok(Ok(timeline)) => Some(timeline),
        Ok(Err(why)) => {
            tracing::debug!(org = %key.org, why, "no saved timeline used; replaying the whole history");
            None
        }
        Err(e) => {
            tracing::debug!(org = %key.org, error = %e, "saved timeline unreadable; replaying the whole history");
            None
        }
    }
}

fn try_restore(
    conn: &Connection,
    model: &Model,
    key: &OrgKey,
    until: DateTime<Utc>,
    permits: &Permits,
) -> Result<Result<Timeline, &'static str>, QueryError> {
    let Some(stored) = saved_timelines::read(conn, &key.org, &model.fingerprint())? else {
        return Ok(Err("no timeline saved under this model"));
    };
    let saved = &stored.timeline;
    // Written after the request read the organisation: its events past the key would
    // be cached under the older key.
    if saved.sequence > key.last_sequence {
        return Ok(Err("the saved timeline is newer than the request"));
    }
    let Some(restored) = Timeline::restore(model, &saved.text) else {
        return Ok(Err("the saved timeline does not restore under this model"));
    };
    if !restored.covers(until) {
        return Ok(Err(
            "the saved timeline's horizon ends before the instant asked",
        ));
    }
    let _permit = (stored.events_behind > WITHOUT_PERMIT).then(|| permits.take());
    let later = query::facts_between(conn, &key.org, (saved.sequence, key.last_sequence))?;
    Ok(restored
        .extended(model, &later)
        .ok_or("an event after the saved timeline is not later than its last fact"))
}
