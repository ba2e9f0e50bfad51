//! One organisation's maturity snapshot: which organisations need one, and writing it.
//!
//! An organisation needs a snapshot once it has [`SNAPSHOT_EVERY_EVENTS`] events past
//! its snapshot under its model (or in all, without one). The new snapshot continues
//! the previous one: restored, extended with the events after it, saved. When that
//! cannot be done (no snapshot, another model, text that does not restore, an event
//! earlier than its last fact, a horizon running out) the timeline is built from the
//! organisation's whole history. Either way the result equals a whole-history build,
//! which is what the api's restore relies on.

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use govtrack_maturity::{Fact, HORIZON_DAYS, Model, Models, Timeline};
use govtrack_readmodel::StoreError;
use govtrack_readmodel::read;
use govtrack_readmodel::snapshots::{self, SNAPSHOT_EVERY_EVENTS, Snapshot, SnapshotDue};
use rusqlite::Connection;

/// An organisation whose snapshot is due, under its model.
pub(crate) struct Due {
    pub org: SnapshotDue,
    pub model: Arc<Model>,
    pub fingerprint: String,
    /// Its events past its snapshot under this model.
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

/// The organisations due a snapshot, most events behind first.
pub(crate) fn due(
    conn: &Connection,
    models: &Models,
    fingerprints: &mut Fingerprints,
) -> Result<Vec<Due>, StoreError> {
    let mut due: Vec<Due> = Vec::new();
    for org in snapshots::candidates(conn, SNAPSHOT_EVERY_EVENTS)? {
        let model = models.for_org(&org.org);
        let fingerprint = fingerprints.of(&model);
        let saved = (org.saved.iter())
            .find(|(m, _, _)| *m == fingerprint)
            .map_or(0, |(_, _, events)| *events);
        let behind = org.events.saturating_sub(saved);
        if behind >= SNAPSHOT_EVERY_EVENTS {
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

/// Writes `due`'s new snapshot as of its last sequence, with a horizon of
/// [`HORIZON_DAYS`] past `now` (kept from the previous snapshot while it still covers
/// half of that).
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
    let snapshot = Snapshot {
        model: due.fingerprint.clone(),
        sequence: due.org.last_sequence,
        events: due.org.events,
        saved: timeline.save(&due.model),
    };
    snapshots::write(conn, &due.org.org, &snapshot)
}

/// The previous snapshot extended with the events after it, when it can be.
fn continued(
    conn: &Connection,
    due: &Due,
    now: DateTime<Utc>,
) -> Result<Option<Timeline>, StoreError> {
    let Some(stored) = snapshots::read(conn, &due.org.org, &due.fingerprint)? else {
        return Ok(None);
    };
    let Some(restored) = Timeline::restore(&due.model, &stored.snapshot.saved) else {
        tracing::debug!(org = %due.org.org, "maturity snapshot does not restore; rebuilding it");
        return Ok(None);
    };
    if !restored.covers(now + TimeDelta::days(HORIZON_DAYS / 2)) {
        return Ok(None);
    }
    let range = (stored.snapshot.sequence, due.org.last_sequence);
    let later = facts(conn, &due.org.org, range)?;
    Ok(restored.extended(&due.model, &later))
}

fn facts(conn: &Connection, org: &str, (after, upto): (u64, u64)) -> Result<Vec<Fact>, StoreError> {
    Ok((read::facts_between(conn, org, after, upto)?.into_iter())
        .map(|r| Fact::new(r.event_type, r.occurred_at, r.data))
        .collect())
}
