//! One organisation's saved timeline: which organisations need a new one, and saving
//! it.
//!
//! An organisation needs one once it has [`SAVE_TIMELINE_EVERY_EVENTS`] events past its
//! saved timeline under its model (or in all, without one). The new one continues the
//! previous one: restored, extended with the events after it, saved. When that cannot
//! be done (none saved, another model, text that does not restore, an event earlier
//! than its last fact, a horizon running out) the timeline is built from the
//! organisation's whole history. Either way the result equals a whole-history build,
//! which is what the api's restore relies on.

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use govtrack_maturity::{Fact, HORIZON_DAYS, Model, Models, Timeline};
use govtrack_readmodel::StoreError;
use govtrack_readmodel::read;
use govtrack_readmodel::saved_timelines::{
    self, SAVE_TIMELINE_EVERY_EVENTS, SaveCandidate, SavedTimeline,
};
use rusqlite::Connection;

/// An organisation due a new saved timeline, under its model.
pub(crate) struct Due {
    pub org: SaveCandidate,
    pub model: Arc<Model>,
    pub fingerprint: String,
    /// Its events past its saved timeline under this model.
    pub behind: u64,
}

/// The fingerprint of each model met so far (a hash of its whole text, so computed
/// once per model).
#[derive(Default)]
pub(crate) struct Fingerprints(Vec<(Arc<Model>, String)>);

impl Fingerprints {
    fn of(&mut self, model: &Arc<Model>) -> String {
        if let Some((_, f)) = self.0.iter().find(|(m, _)| Arc::ptr_eq(m, model)) {
            return f.clone();
        }
        let f = model.fingerprint();
        self.0.push((model.clone(), f.clone()));
        f
    }
}

/// The organisations due a new saved timeline, most events behind first.
pub(crate) fn due(
    conn: &Connection,
    models: &Models,
    fingerprints: &mut Fingerprints,
) -> Result<Vec<Due>, StoreError> {
    let mut due: Vec<Due> = Vec::new();
    for org in saved_timelines::candidates(conn, SAVE_TIMELINE_EVERY_EVENTS)? {
        let model = models.for_org(&org.org);
        let fingerprint = fingerprints.of(&model);
        let saved = (org.saved.iter())
            .find(|(m, _, _)| *m == fingerprint)
            .map_or(0, |(_, _, events)| *events);
        let behind = org.events.saturating_sub(saved);
        if behind >= SAVE_TIMELINE_EVERY_EVENTS {
            due.push(Due {
                org,
                model,
                fingerprint,
                behind,
            });
        }
    }
    due.sort_by_key(|d| std::cmp::Reverse(d.behind));
    Ok(due)
}

/// Saves `due`'s timeline as of its last sequence, with a horizon of [`HORIZON_DAYS`]
/// past `now` (kept from the previous saved timeline while it still covers half of
/// that).
pub(crate) fn write(
    conn: &mut Connection,
    due: &Due,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let timeline = match continued(conn, due, now)? {
        Some(timeline) => timeline,
        None => {
            let facts = facts(conn, &due.org.org, (0, due.org.last_sequence))?;
            let horizon = now + TimeDelta::days(HORIZON_DAYS);
            Timeline::build_from(&due.model, facts.iter(), horizon)
        }
    };
    let saved = SavedTimeline {
        model: due.fingerprint.clone(),
        sequence: due.org.last_sequence,
        events: due.org.events,
        text: timeline.save(&due.model),
    };
    saved_timelines::write(conn, &due.org.org, &saved)
}

/// The previous saved timeline extended with the events after it, when it can be.
fn continued(
    conn: &Connection,
    due: &Due,
    now: DateTime<Utc>,
) -> Result<Option<Timeline>, StoreError> {
    let Some(stored) = saved_timelines::read(conn, &due.org.org, &due.fingerprint)? else {
        return Ok(None);
    };
    let Some(restored) = Timeline::restore(&due.model, &stored.timeline.text) else {
        tracing::debug!(org = %due.org.org, "saved timeline does not restore; rebuilding it");
        return Ok(None);
    };
    if !restored.covers(now + TimeDelta::days(HORIZON_DAYS / 2)) {
        return Ok(None);
    }
    let range = (stored.timeline.sequence, due.org.last_sequence);
    let later = facts(conn, &due.org.org, range)?;
    Ok(restored.extended(&due.model, &later))
}

fn facts(conn: &Connection, org: &str, (after, upto): (u64, u64)) -> Result<Vec<Fact>, StoreError> {
    Ok((read::facts_between(conn, org, after, upto)?.into_iter())
        .map(|r| Fact::new(r.event_type, r.occurred_at, r.data))
        .collect())
}
