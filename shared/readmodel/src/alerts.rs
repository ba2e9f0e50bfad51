//! The alerts table: what the scheduler's findings on the log make of an alert, and
//! which silence mutes it.
//!
//! An alert is `(org, kind, entity)`. `initiative.stalled` fires `initiative_stalled`,
//! `initiative.unstalled` resolves it (the scheduler also reports an initiative that
//! was completed or cancelled as unstalled); `key_result.overdue` fires
//! `key_result_overdue`, and a measurement that reaches the key result's target
//! resolves it; `source.silent` fires `source_silent` until the source speaks again, and
//! `source.failed` fires `source_failed` until `source.recovered` (see `sources`). A re-fired alert starts again (`since` moves); a repeated finding of a
//! firing one keeps its start.
//!
//! Silences are stored as the log records them; an alert remembers the silence that
//! mutes it longest (`silenced_by`, `silenced_until`), recomputed whenever it fires or
//! a silence matching it is created or lifted. Whether `silenced_until` is still ahead
//! is the reader's question: time is a parameter, not something the log says.
//!
//! Nothing here needs `GOVTRACK_ALERTS`: every input is an event of the log, which is
//! what makes a rebuild give the same alerts.

use rusqlite::{OptionalExtension, Transaction, params};

use crate::open::StoreError;

/// Kind of the alert of a stalled initiative (the scheduler's name for it).
pub const STALLED: &str = "initiative_stalled";
/// Kind of the alert of an overdue key result (the scheduler's name for it).
pub const OVERDUE: &str = "key_result_overdue";

/// Kind of the alert of a feed silent past twice its cadence (`source.silent`); the
/// source's next event resolves it.
pub const SOURCE_SILENT: &str = "source_silent";
/// Kind of the alert of a failed collector run (`source.failed`); `source.recovered`
/// resolves it.
pub const SOURCE_FAILED: &str = "source_failed";

/// Which alert.
pub struct Key<'a> {
    pub org: &'a str,
    pub kind: &'a str,
    pub entity: &'a str,
}

/// What a silence matches: an organisation and, when given, a kind and an entity.
pub struct Matchers<'a> {
    pub org: &'a str,
    pub kind: Option<&'a str>,
    pub entity: Option<&'a str>,
}

/// The statement giving the alerts it is followed by (a `WHERE` clause) the silence
/// that mutes them: of the silences matching each that were not lifted, the one that
/// runs longest. A macro, so each use is one literal.
macro_rules! mute {
    ($where:literal) => {
        concat!(
            "UPDATE alerts SET (silenced_by, silenced_until) = (
               SELECT s.silence, s.expires_at FROM silences s
               WHERE s.match_org = alerts.org AND s.lifted_at IS NULL
                 AND (s.match_kind IS NULL OR s.match_kind = alerts.kind)
                 AND (s.match_entity IS NULL OR s.match_entity = alerts.entity)
               ORDER BY s.expires_at DESC, s.silence LIMIT 1) ",
            $where
        )
    };
}

/// The alert fires at `at` (stored time); `last_activity` is the entity's last activity
/// when the finding knows it.
pub fn fire(
    tx: &Transaction<'_>,
    key: &Key<'_>,
    at: &str,
    last_activity: Option<&str>,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO alerts (org, kind, entity, status, since, last_activity_at) VALUES (?1, ?2, ?3, 'firing', ?4, ?5)
         ON CONFLICT (org, kind, entity) DO UPDATE SET
           since = CASE status WHEN 'firing' THEN since ELSE excluded.since END,
           status = 'firing', resolved_at = NULL,
           last_activity_at = coalesce(excluded.last_activity_at, last_activity_at)",
    )?
    .execute(params![key.org, key.kind, key.entity, at, last_activity])?;
    tx.prepare_cached(mute!("WHERE org = ?1 AND kind = ?2 AND entity = ?3"))?
        .execute(params![key.org, key.kind, key.entity])?;
    Ok(())
}

/// The alert, if firing, is resolved at `at`.
pub fn resolve(tx: &Transaction<'_>, key: &Key<'_>, at: &str) -> Result<(), StoreError> {
    tx.prepare_cached(
        "UPDATE alerts SET status = 'resolved', resolved_at = ?4
         WHERE org = ?1 AND kind = ?2 AND entity = ?3 AND status = 'firing'",
    )?
    .execute(params![key.org, key.kind, key.entity, at])?;
    Ok(())
}

pub(crate) const ALERT_STATUS: &str =
    "SELECT status FROM alerts WHERE org = ?1 AND kind = ?2 AND entity = ?3";
pub(crate) const ACTIVITY: &str =
    "UPDATE alerts SET last_activity_at = max(coalesce(last_activity_at, ''), ?4)
     WHERE org = ?1 AND kind = ?2 AND entity = ?3";
pub(crate) const TARGET: &str =
    "SELECT target, direction FROM key_results WHERE org = ?1 AND key_result = ?2";
pub(crate) const LATEST: &str = "SELECT value FROM measurements WHERE org = ?1 AND key_result = ?2 ORDER BY sequence DESC LIMIT 1";

/// A key result was measured at `at` (its measurement is stored): activity on its
/// overdue alert, which resolves once the latest value reaches the target.
///
/// Most measurements have no alert, so the alert is looked up by its key first and
/// nothing else runs without one (this was one `UPDATE` with the target test in an
/// `EXISTS`, run for every measurement).
pub fn measured(
    tx: &Transaction<'_>,
    (org, key_result): (&str, &str),
    at: &str,
) -> Result<(), StoreError> {
    let status: Option<String> = tx
        .prepare_cached(ALERT_STATUS)?
        .query_row(params![org, OVERDUE, key_result], |r| r.get(0))
        .optional()?;
    let Some(status) = status else {
        return Ok(());
    };
    tx.prepare_cached(ACTIVITY)?
        .execute(params![org, OVERDUE, key_result, at])?;
    if status == "firing" && target_reached(tx, (org, key_result))? {
        let key = Key {
            org,
            kind: OVERDUE,
            entity: key_result,
        };
        resolve(tx, &key, at)?;
    }
    Ok(())
}

/// Whether the key result's latest measurement reaches its target (never without one).
fn target_reached(
    tx: &Transaction<'_>,
    (org, key_result): (&str, &str),
) -> Result<bool, StoreError> {
    let target: Option<(Option<f64>, String)> = tx
        .prepare_cached(TARGET)?
        .query_row(params![org, key_result], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((Some(target), direction)) = target else {
        return Ok(false);
    };
    let latest: Option<f64> = tx
        .prepare_cached(LATEST)?
        .query_row(params![org, key_result], |r| r.get(0))
        .optional()?;
    Ok(latest.is_some_and(|value| match direction.as_str() {
        "decrease" => value <= target,
        _ => value >= target,
    }))
}

/// `silence.created` by `org` at `at`, muting what `matchers` match until `until`.
pub fn add_silence(
    tx: &Transaction<'_>,
    (org, silence): (&str, &str),
    matchers: &Matchers<'_>,
    (owner, reason): (&str, &str),
    (at, until): (&str, &str),
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO silences (org, silence, match_org, match_kind, match_entity, owner, reason, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (org, silence) DO UPDATE SET match_org = excluded.match_org,
           match_kind = excluded.match_kind, match_entity = excluded.match_entity, owner = excluded.owner,
           reason = excluded.reason, created_at = excluded.created_at, expires_at = excluded.expires_at,
           lifted_at = NULL",
    )?
    .execute(params![
        org,
        silence,
        matchers.org,
        matchers.kind,
        matchers.entity,
        owner,
        reason,
        at,
        until
    ])?;
    tx.prepare_cached(mute!(
        "WHERE org = ?1 AND (?2 IS NULL OR kind = ?2) AND (?3 IS NULL OR entity = ?3)"
    ))?
    .execute(params![matchers.org, matchers.kind, matchers.entity])?;
    Ok(())
}

/// `silence.expired`: the silence of `org` is lifted at `at`; what it muted is muted by
/// another matching silence, or by none. Only the organisation the silence matched is
/// looked at (a scan of every alert per expiry made a catch-up slower per event the
/// longer the log).
pub fn lift_silence(
    tx: &Transaction<'_>,
    (org, silence): (&str, &str),
    at: &str,
) -> Result<(), StoreError> {
    let matched: Option<String> = tx
        .prepare_cached(
            "UPDATE silences SET lifted_at = ?3 WHERE org = ?1 AND silence = ?2 RETURNING match_org",
        )?
        .query_row(params![org, silence, at], |r| r.get(0))
        .optional()?;
    let Some(matched) = matched else {
        // Never created: nothing can be muted by it.
        return Ok(());
    };
    tx.prepare_cached(mute!("WHERE org = ?1 AND silenced_by = ?2"))?
        .execute(params![matched, silence])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn lifting_a_silence_leaves_the_alert_to_the_longest_other_silence_matching_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = crate::open_writer(&dir.path().join("rm.db")).unwrap();
        let tx = conn.transaction().unwrap();
        let key = super::Key {
            org: "o",
            kind: super::STALLED,
            entity: "i1",
        };
        super::fire(&tx, &key, "2026-01-01T00:00:00.000000Z", None).unwrap();
        let matchers = super::Matchers {
            org: "o",
            kind: None,
            entity: None,
        };
        let owner = ("owner", "reason");
        // Two silences with one id: one recorded by `o`, a longer one by `p` for `o`.
        super::add_silence(
            &tx,
            ("o", "s1"),
            &matchers,
            owner,
            ("2026-01-02T00:00:00.000000Z", "2026-02-01T00:00:00.000000Z"),
        )
        .unwrap();
        super::add_silence(
            &tx,
            ("p", "s1"),
            &matchers,
            owner,
            ("2026-01-02T00:00:00.000000Z", "2026-03-01T00:00:00.000000Z"),
        )
        .unwrap();
        let muted = |tx: &rusqlite::Transaction<'_>| -> (Option<String>, Option<String>) {
            tx.query_row(
                "SELECT silenced_by, silenced_until FROM alerts WHERE org = 'o' AND entity = 'i1'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
        };
        assert_eq!(muted(&tx).1.as_deref(), Some("2026-03-01T00:00:00.000000Z"));
        super::lift_silence(&tx, ("p", "s1"), "2026-01-03T00:00:00.000000Z").unwrap();
        assert_eq!(
            muted(&tx),
            (
                Some("s1".into()),
                Some("2026-02-01T00:00:00.000000Z".into())
            )
        );
        // A silence never created lifts nothing.
        super::lift_silence(&tx, ("o", "unknown"), "2026-01-04T00:00:00.000000Z").unwrap();
        assert_eq!(muted(&tx).1.as_deref(), Some("2026-02-01T00:00:00.000000Z"));
        super::lift_silence(&tx, ("o", "s1"), "2026-01-05T00:00:00.000000Z").unwrap();
        assert_eq!(muted(&tx), (None, None));
    }
}
