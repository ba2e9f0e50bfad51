//! What fires: open stall findings of open initiatives, and reported overdue key
//! results that are still not done.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use govtrack_okr::KrStatus;

use crate::alerts::identity::AlertKey;
use crate::alerts::lifecycle::Firing;
use crate::rules::overdue::{KeyResultView, end_of_day};
use crate::rules::source_watch::{still_failing, still_silent};
use crate::store::at;
use crate::store::feeds::SourceRow;
use crate::store::scan::StalledInitiative;
use govtrack_okr::silent_after as threshold;

/// Kind of the alert of a stalled initiative.
pub const STALLED: &str = "initiative_stalled";
/// Kind of the alert of an overdue key result.
pub const OVERDUE: &str = "key_result_overdue";
/// Kind of the alert of a silent source.
pub const SILENT: &str = "source_silent";
/// Kind of the alert of a failed collector run.
pub const FAILED: &str = "source_failed";

fn labels(alertname: &str, key: &AlertKey, extra: &[(&str, &str)]) -> BTreeMap<String, String> {
    let mut labels = BTreeMap::from([
        ("alertname".to_owned(), alertname.to_owned()),
        ("org".to_owned(), key.org.clone()),
        ("kind".to_owned(), key.kind.clone()),
        ("entity".to_owned(), key.entity.clone()),
    ]);
    for (k, v) in extra {
        labels.insert((*k).to_owned(), (*v).to_owned());
    }
    labels
}

/// The alert of a stalled initiative.
pub fn stalled(row: &StalledInitiative) -> Firing {
    let key = AlertKey {
        org: row.org.clone(),
        kind: STALLED.to_owned(),
        entity: row.initiative.clone(),
    };
    let name = row.title.as_deref().unwrap_or(&row.initiative);
    let owner = row.owner.as_deref().unwrap_or("unknown");
    let summary = format!(
        "Initiative \"{name}\" (owner {owner}) has had no check-in since {}",
        at(row.last_activity_ms).format("%Y-%m-%d")
    );
    Firing {
        labels: labels(
            "InitiativeStalled",
            &key,
            &[("owner", owner), ("initiative", &row.initiative)],
        ),
        key,
        summary,
        since: at(row.since_ms),
    }
}

/// The alert of an overdue key result, unless it is done by `now`.
pub fn overdue(kr: &KeyResultView, now: DateTime<Utc>) -> Option<Firing> {
    if !kr.overdue_reported || kr.status(now) == KrStatus::Done {
        return None;
    }
    let key = AlertKey {
        org: kr.org.clone(),
        kind: OVERDUE.to_owned(),
        entity: kr.key_result.clone(),
    };
    let summary = format!(
        "Key result \"{}\" was due {} and has not reached its target {}",
        kr.title, kr.due, kr.target
    );
    Some(Firing {
        labels: labels(
            "KeyResultOverdue",
            &key,
            &[("objective", &kr.objective), ("key_result", &kr.key_result)],
        ),
        key,
        summary,
        since: end_of_day(kr.due),
    })
}

/// The alert of a source silent past twice its cadence, while the silence lasts.
pub fn silent(row: &SourceRow) -> Option<Firing> {
    if !still_silent(row) {
        return None;
    }
    let key = AlertKey {
        org: row.org.clone(),
        kind: SILENT.to_owned(),
        entity: row.source.clone(),
    };
    let last = match row.alive_ms() {
        Some(ms) => format!("since {}", at(ms).format("%Y-%m-%d %H:%M UTC")),
        None => "since it was expected".to_owned(),
    };
    let summary = format!(
        "Source \"{}\" has sent nothing {last}; it is expected every {} hours (silent past {} hours)",
        row.source,
        row.every_hours,
        threshold(row.every_hours).num_hours()
    );
    let since = at(row.silent_since_ms.unwrap_or_default());
    Some(Firing {
        labels: labels("SourceSilent", &key, &[("source", &row.source)]),
        key,
        summary,
        since,
    })
}

/// The alert of a collector whose latest run failed, until a run succeeds.
pub fn failed(row: &SourceRow) -> Option<Firing> {
    if !still_failing(row) {
        return None;
    }
    let (failed_ms, error) = row.failed.as_ref()?;
    let key = AlertKey {
        org: row.org.clone(),
        kind: FAILED.to_owned(),
        entity: row.source.clone(),
    };
    let summary = format!("Collector \"{}\" failed: {error}", row.source);
    Some(Firing {
        labels: labels("SourceFailed", &key, &[("source", &row.source)]),
        key,
        summary,
        since: at(*failed_ms),
    })
}
