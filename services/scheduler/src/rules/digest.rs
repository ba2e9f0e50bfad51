//! `weekly-digest`: a per-organisation summary of OKR status, initiatives and open
//! alerts; its maturity section comes from [`super::maturity`]. Pure: built from rows
//! and `now`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use govtrack_okr::{KrProgress, assess, rollup};
use serde_json::{Value, json};

use crate::rules::overdue::KeyResultView;
use crate::store::alerts::AlertView;

/// What a digest is built from, for all organisations.
#[derive(Debug, Default)]
pub struct DigestInput {
    /// Open objectives: `(org, objective, title)`.
    pub objectives: Vec<(String, String, String)>,
    /// Key results.
    pub key_results: Vec<KeyResultView>,
    /// `(org, state, count, stalled)`.
    pub initiatives: Vec<(String, String, u64, u64)>,
    /// Alerts (firing ones are reported).
    pub alerts: Vec<AlertView>,
    /// Organisations with maturity facts (they get a digest even without OKRs).
    pub fact_orgs: Vec<String>,
}

/// One digest per organisation that has anything to report, in org order.
pub fn digests(input: &DigestInput, now: DateTime<Utc>) -> Vec<(String, Value)> {
    let mut orgs: BTreeMap<&str, Value> = BTreeMap::new();
    for (org, _, _) in &input.objectives {
        orgs.entry(org).or_insert_with(|| empty(org, now));
    }
    for (org, _, _, _) in &input.initiatives {
        orgs.entry(org).or_insert_with(|| empty(org, now));
    }
    for org in &input.fact_orgs {
        orgs.entry(org).or_insert_with(|| empty(org, now));
    }
    for (org, digest) in orgs.iter_mut() {
        digest["objectives"] = objectives(input, org, now);
        digest["initiatives"] = initiatives(input, org);
        digest["open_alerts"] = open_alerts(input, org);
    }
    orgs.into_iter().map(|(o, d)| (o.to_owned(), d)).collect()
}

fn empty(org: &str, now: DateTime<Utc>) -> Value {
    json!({ "org": org, "as_of": now })
}

fn objectives(input: &DigestInput, org: &str, now: DateTime<Utc>) -> Value {
    let list: Vec<Value> = (input.objectives.iter())
        .filter(|(o, _, _)| o == org)
        .map(|(_, objective, title)| {
            let krs: Vec<(&KeyResultView, KrProgress)> = (input.key_results.iter())
                .filter(|k| k.org == org && k.objective == *objective)
                .map(|k| (k, assess(&k.spec(), k.current, now)))
                .collect();
            let progress: Vec<KrProgress> = krs.iter().map(|(_, p)| *p).collect();
            let roll = rollup(&progress);
            json!({
                "objective": objective, "title": title,
                "progress": roll.progress, "status": roll.status,
                "key_results": krs.iter().map(|(k, p)| json!({
                    "key_result": k.key_result, "title": k.title,
                    "progress": p.progress, "status": p.status,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    Value::Array(list)
}

fn initiatives(input: &DigestInput, org: &str) -> Value {
    let mut counts =
        json!({"active": 0, "blocked": 0, "completed": 0, "cancelled": 0, "stalled": 0});
    for (o, state, count, stalled) in &input.initiatives {
        if o == org {
            counts[state.as_str()] = json!(count);
            let so_far = counts["stalled"].as_u64().unwrap_or(0);
            counts["stalled"] = json!(so_far + stalled);
        }
    }
    counts
}

fn open_alerts(input: &DigestInput, org: &str) -> Value {
    let list: Vec<Value> = (input.alerts.iter())
        .filter(|a| a.org == org && a.status == "firing")
        .map(|a| json!({"kind": a.kind, "entity": a.entity, "summary": a.summary}))
        .collect();
    Value::Array(list)
}
