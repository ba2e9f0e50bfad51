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

use rusqlite::{Transaction, params};

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

/// The silence muting an alert: of the silences matching it that were not lifted, the
/// one that runs longest.
const MUTE: &str = "UPDATE alerts SET (silenced_by, silenced_until) = (
       SELECT s.silence, s.expires_at FROM silences s
       WHERE s.match_org = alerts.org AND s.lifted_at IS NULL
         AND (s.match_kind IS NULL OR s.match_kind = alerts.kind)
         AND (s.match_entity IS NULL OR s.match_entity = alerts.entity)
       ORDER BY s.expires_at DESC, s.silence LIMIT 1)";

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
    let sql = format!("{MUTE} WHERE org = ?1 AND kind = ?2 AND entity = ?3");
    tx.prepare_cached(&sql)?
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

/// A key result was measured at `at` (its measurement is stored): activity on its
/// overdue alert, which resolves once the latest value reaches the target.
pub fn measured(
    tx: &Transaction<'_>,
    (org, key_result): (&str, &str),
    at: &str,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "UPDATE alerts SET last_activity_at = max(coalesce(last_activity_at, ''), ?3)
         WHERE org = ?1 AND kind = 'key_result_overdue' AND entity = ?2",
    )?
    .execute(params![org, key_result, at])?;
    tx.prepare_cached(
        "UPDATE alerts SET status = 'resolved', resolved_at = ?3
         WHERE org = ?1 AND kind = 'key_result_overdue' AND entity = ?2 AND status = 'firing'
           AND EXISTS (SELECT 1 FROM key_results k
                       JOIN measurements m ON m.org = k.org AND m.key_result = k.key_result
                       WHERE k.org = ?1 AND k.key_result = ?2 AND k.target IS NOT NULL
                         AND m.sequence = (SELECT max(sequence) FROM measurements
                                           WHERE org = ?1 AND key_result = ?2)
                         AND CASE k.direction WHEN 'decrease' THEN m.value <= k.target
                                              ELSE m.value >= k.target END)",
    )?
    .execute(params![org, key_result, at])?;
    Ok(())
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
    let sql = format!(
        "{MUTE} WHERE org = ?1 AND (?2 IS NULL OR kind = ?2) AND (?3 IS NULL OR entity = ?3)"
    );
    tx.prepare_cached(&sql)?
        .execute(params![matchers.org, matchers.kind, matchers.entity])?;
    Ok(())
}

/// `silence.expired`: the silence of `org` is lifted at `at`; what it muted is muted by
/// another matching silence, or by none.
pub fn lift_silence(
    tx: &Transaction<'_>,
    (org, silence): (&str, &str),
    at: &str,
) -> Result<(), StoreError> {
    tx.prepare_cached("UPDATE silences SET lifted_at = ?3 WHERE org = ?1 AND silence = ?2")?
        .execute(params![org, silence, at])?;
    let sql = format!("{MUTE} WHERE silenced_by = ?1");
    tx.prepare_cached(&sql)?.execute(params![silence])?;
    Ok(())
}
