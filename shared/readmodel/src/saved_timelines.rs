//! Saved timelines: an organisation's maturity timeline saved as text (by the maturity
//! crate, `Timeline::save`; this crate stores it without reading it), so that a first
//! request replays only the events after it.
//!
//! A saved timeline is a cache. The projector saves one, off its hot path, for each
//! organisation that has [`SAVE_TIMELINE_EVERY_EVENTS`] events or more past its last
//! one; the api reads it on a miss and replays the whole history when there is none,
//! when it was built under another model, or when it does not restore. One row per
//! organisation and model fingerprint; writing one removes the organisation's rows of
//! other fingerprints. The table keeps its first name, `maturity_snapshots` (schema
//! 006), and its column `saved` holds the text: renaming them would take a migration
//! for no reader's benefit.

use rusqlite::{Connection, OptionalExtension, params};

use crate::open::StoreError;

/// Events of an organisation past its saved timeline (or in all, without one) after
/// which the projector saves a new one. Each write restores, extends and saves a timeline
/// (tens of milliseconds for a large organisation) and rewrites a row of tens of
/// kilobytes, so it is not worth it for a few events; and a first request replays at
/// most this many events after the saved timeline, a few milliseconds. Organisations with
/// fewer events get none: their whole history replays as fast, and the read model
/// stays small.
pub const SAVE_TIMELINE_EVERY_EVENTS: u64 = 1_000;

/// A saved timeline of one organisation under one model.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedTimeline {
    /// The fingerprint of the model it was built under.
    pub model: String,
    /// The organisation's last sequence folded into it.
    pub sequence: u64,
    /// The organisation's event count then.
    pub events: u64,
    /// The timeline as text (column `saved`).
    pub text: String,
}

/// A saved timeline as the api reads it: the timeline and how far behind it is.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedTimelineRow {
    pub timeline: SavedTimeline,
    /// The organisation's events applied since (0 when it is up to date).
    pub events_behind: u64,
}

/// An organisation that may be due a new saved timeline: where it stands against the
/// ones it has.
#[derive(Debug, Clone, PartialEq)]
pub struct SaveCandidate {
    pub org: String,
    /// The organisation's events now.
    pub events: u64,
    /// Its last applied sequence now.
    pub last_sequence: u64,
    /// Its saved timelines' fingerprints, sequences and event counts (without the text).
    pub saved: Vec<(String, u64, u64)>,
}

/// The saved timeline of `org` built under the model with fingerprint `model`, if any.
pub fn read(
    conn: &Connection,
    org: &str,
    model: &str,
) -> Result<Option<SavedTimelineRow>, StoreError> {
    let sql = "SELECT s.sequence, s.events, s.saved, o.events FROM maturity_snapshots s
               JOIN orgs o ON o.org = s.org WHERE s.org = ?1 AND s.model = ?2";
    let row = conn
        .prepare_cached(sql)?
        .query_row(params![org, model], |r| {
            let events = r.get::<_, i64>(1)? as u64;
            let now = r.get::<_, i64>(3)? as u64;
            Ok(SavedTimelineRow {
                timeline: SavedTimeline {
                    model: model.to_owned(),
                    sequence: r.get::<_, i64>(0)? as u64,
                    events,
                    text: r.get(2)?,
                },
                events_behind: now.saturating_sub(events),
            })
        })
        .optional()?;
    Ok(row)
}

/// Every organisation with at least `min_events` events, with its saved timelines'
/// positions (not their text), by organisation.
pub fn candidates(conn: &Connection, min_events: u64) -> Result<Vec<SaveCandidate>, StoreError> {
    let sql = "SELECT o.org, o.events, o.last_sequence, s.model, s.sequence, s.events
               FROM orgs o LEFT JOIN maturity_snapshots s ON s.org = o.org
               WHERE o.events >= ?1 ORDER BY o.org";
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query([min_events as i64])?;
    let mut due: Vec<SaveCandidate> = Vec::new();
    while let Some(r) = rows.next()? {
        let org: String = r.get(0)?;
        if due.last().is_none_or(|d| d.org != org) {
            due.push(SaveCandidate {
                org,
                events: r.get::<_, i64>(1)? as u64,
                last_sequence: r.get::<_, i64>(2)? as u64,
                saved: Vec::new(),
            });
        }
        if let (Some(model), Some(sequence), Some(events)) = (
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<i64>>(4)?,
            r.get::<_, Option<i64>>(5)?,
        ) && let Some(last) = due.last_mut()
        {
            last.saved.push((model, sequence as u64, events as u64));
        }
    }
    Ok(due)
}

/// Stores `timeline` as `org`'s, replacing its saved timelines under any model, in one
/// short transaction.
pub fn write(conn: &mut Connection, org: &str, timeline: &SavedTimeline) -> Result<(), StoreError> {
    let tx = conn.transaction()?;
    tx.prepare_cached("DELETE FROM maturity_snapshots WHERE org = ?1 AND model <> ?2")?
        .execute(params![org, timeline.model])?;
    tx.prepare_cached(
        "INSERT INTO maturity_snapshots (org, model, sequence, events, saved)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (org, model) DO UPDATE SET
             sequence = excluded.sequence, events = excluded.events, saved = excluded.saved",
    )?
    .execute(params![
        org,
        timeline.model,
        timeline.sequence as i64,
        timeline.events as i64,
        timeline.text
    ])?;
    tx.commit()?;
    Ok(())
}

/// How many saved timelines there are and the bytes of their text.
pub fn totals(conn: &Connection) -> Result<(u64, u64), StoreError> {
    let sql =
        "SELECT count(*), coalesce(sum(length(CAST(saved AS BLOB))), 0) FROM maturity_snapshots";
    let (count, bytes): (i64, i64) = conn.query_row(sql, [], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok((count as u64, bytes as u64))
}

/// Deletes every saved timeline (the api then replays whole histories); how many
/// there were.
pub fn clear(conn: &Connection) -> Result<usize, StoreError> {
    Ok(conn.execute("DELETE FROM maturity_snapshots", [])?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_model() -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::open_writer(&dir.path().join("rm.db")).unwrap();
        conn.execute_batch(
            "INSERT INTO orgs (org, events, first_sequence, last_sequence, last_occurred_at)
             VALUES ('big', 1500, 1, 3000, '2026-01-01T00:00:00.000000Z'),
                    ('small', 10, 2, 20, '2026-01-01T00:00:00.000000Z')",
        )
        .unwrap();
        (dir, conn)
    }

    fn saved(model: &str, events: u64) -> SavedTimeline {
        SavedTimeline {
            model: model.to_owned(),
            sequence: events * 2,
            events,
            text: format!("{{\"timeline\": {events}}}"),
        }
    }

    #[test]
    fn a_saved_timeline_reads_back_with_the_events_behind_it() {
        let (_dir, mut conn) = read_model();
        assert_eq!(read(&conn, "big", "2025:ab").unwrap(), None);
        write(&mut conn, "big", &saved("2025:ab", 1200)).unwrap();
        let stored = read(&conn, "big", "2025:ab").unwrap().unwrap();
        assert_eq!(stored.timeline, saved("2025:ab", 1200));
        assert_eq!(stored.events_behind, 300);
        assert_eq!(read(&conn, "big", "2021:cd").unwrap(), None);
        assert_eq!(totals(&conn).unwrap().0, 1);
    }

    #[test]
    fn a_timeline_saved_under_another_model_is_replaced_and_a_newer_one_overwrites() {
        let (_dir, mut conn) = read_model();
        write(&mut conn, "big", &saved("2021:cd", 1000)).unwrap();
        write(&mut conn, "big", &saved("2025:ab", 1000)).unwrap();
        write(&mut conn, "big", &saved("2025:ab", 1500)).unwrap();
        assert_eq!(read(&conn, "big", "2021:cd").unwrap(), None);
        let stored = read(&conn, "big", "2025:ab").unwrap().unwrap();
        assert_eq!((stored.timeline.events, stored.events_behind), (1500, 0));
        let (count, bytes) = totals(&conn).unwrap();
        assert_eq!(
            (count, bytes),
            (1, saved("2025:ab", 1500).text.len() as u64)
        );
    }

    #[test]
    fn candidates_are_the_organisations_with_enough_events_and_their_saved_timelines() {
        let (_dir, mut conn) = read_model();
        let due = candidates(&conn, SAVE_TIMELINE_EVERY_EVENTS).unwrap();
        assert_eq!(due.len(), 1);
        assert_eq!(
            (due[0].org.as_str(), due[0].events, due[0].last_sequence),
            ("big", 1500, 3000)
        );
        assert!(due[0].saved.is_empty());
        write(&mut conn, "big", &saved("2025:ab", 1200)).unwrap();
        let due = candidates(&conn, 1).unwrap();
        assert_eq!(due.len(), 2);
        assert_eq!(due[0].saved, [("2025:ab".to_owned(), 2400, 1200)]);
        assert_eq!(clear(&conn).unwrap(), 1);
        assert_eq!(totals(&conn).unwrap(), (0, 0));
    }
}
