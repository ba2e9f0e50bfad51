//! What fires: open stall findings of open initiatives, and reported overdue key
//! results that are still not done.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use govtrack_okr::KrStatus;

use crate::alerts::{AlertKey, Firing};
use crate::rules::overdue::{KeyResultView, end_of_day};
use crate::store::at;
use crate::store::scan::StalledInitiative;

/// Kind of the alert of a stalled initiative.
pub const STALLED: &str = "initiative_stalled";
/// Kind of the alert of an overdue key result.
pub const OVERDUE: &str = "key_result_overdue";

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
