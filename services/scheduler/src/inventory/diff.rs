//! From the rows of the inventory to the changes the log lacks. Pure: the rows, what
//! the log already says ([`KnownInventory`], the scheduler's own projection) and `now`
//! in; envelopes with deterministic ids out. An id carries how many changes of that
//! thing the log already holds, so a re-run over the same inventory (or a retried,
//! half-landed append) produces the same ids, and an unchanged inventory produces none.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use govtrack_events::data::ResourceType;
use govtrack_events::{EntityId, Envelope};
use serde_json::{Value, json};

use crate::rules::finding::{bounded_id, id_part};
use crate::store::feeds::{CountKey, KnownInventory};

/// The envelopes' `source`: the collector's name on the log and in the source watch.
pub const SOURCE: &str = "inventory-sync";

/// An environment as the inventory lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Environment {
    /// `production`, `sandbox`, `developer`, `default`, `teams`, `trial`, …
    pub kind: String,
    /// A managed environment.
    pub managed: bool,
}

/// The tenant's inventory as one run observed it, before it is compared with what the
/// log already knows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ObservedInventory {
    /// Environments by id.
    pub environments: BTreeMap<String, Environment>,
    /// Counts per (resource type, environment kind, managed).
    pub counts: BTreeMap<CountKey, u64>,
    /// Rows skipped (an id govtrack cannot use, an unknown type).
    pub skipped: u64,
}

/// The resource type counted for an inventory `type`.
pub fn resource_type(inventory_type: &str) -> Option<ResourceType> {
    let t = inventory_type.to_ascii_lowercase();
    if t.starts_with("microsoft.powerapps/") {
        Some(ResourceType::Apps)
    } else if t.starts_with("microsoft.powerautomate/") {
        Some(ResourceType::Flows)
    } else if t == "microsoft.copilotstudio/agents" {
        Some(ResourceType::Agents)
    } else {
        None
    }
}

fn text<'a>(row: &'a Value, path: &[&str]) -> Option<&'a str> {
    path.iter().try_fold(row, |v, k| v.get(k))?.as_str()
}

/// Reads the rows: environments first, then every app, flow and agent counted by the
/// kind and managed flag of its environment (`unknown` when the environment is not
/// listed).
pub fn observe(rows: &[Value]) -> ObservedInventory {
    let mut observed = ObservedInventory::default();
    let is_env = |r: &Value| {
        text(r, &["type"])
            .is_some_and(|t| t.eq_ignore_ascii_case("microsoft.powerplatform/environments"))
    };
    for row in rows.iter().filter(|r| is_env(r)) {
        let id = text(row, &["name"]).map(str::to_ascii_lowercase);
        let Some(id) = id.filter(|id| EntityId::parse(id).is_ok()) else {
            observed.skipped += 1;
            continue;
        };
        let props = row.get("properties").cloned().unwrap_or(Value::Null);
        let kind = text(&props, &["environmentType"])
            .or_else(|| text(&props, &["environmentSku"]))
            .unwrap_or("unknown")
            .to_ascii_lowercase();
        let managed = props
            .get("isManaged")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        observed
            .environments
            .insert(id, Environment { kind, managed });
    }
    for row in rows.iter().filter(|r| !is_env(r)) {
        let Some(rt) = text(row, &["type"]).and_then(resource_type) else {
            observed.skipped += 1;
            continue;
        };
        let env = text(row, &["properties", "environmentId"]).map(str::to_ascii_lowercase);
        let (kind, managed) = match env.and_then(|e| observed.environments.get(&e)) {
            Some(e) => (e.kind.clone(), e.managed),
            None => ("unknown".to_owned(), false),
        };
        *observed
            .counts
            .entry((rt.as_str().to_owned(), kind, managed))
            .or_default() += 1;
    }
    observed
}

/// The changes `observed` makes to what the log knows, as envelopes to append.
pub fn changes(
    org: &str,
    observed: &ObservedInventory,
    known: &KnownInventory,
    now: DateTime<Utc>,
) -> Vec<Envelope> {
    let mut out = Vec::new();
    let mut push = |event_type: &str, key: String, data: Value| {
        let mut e = Envelope::new(event_type, org, data);
        e.id = Some(bounded_id(key));
        e.occurred_at = Some(now.to_rfc3339());
        e.source = Some(SOURCE.to_owned());
        out.push(e);
    };
    for (id, env) in &observed.environments {
        let before = known.environments.get(id);
        let n = before.map_or(0, |b| b.changes) + 1;
        let key = format!("inv:{org}:env:{id}:{n}");
        let data = json!({"environment": id, "kind": env.kind, "managed": env.managed});
        match before {
            None => push("environment.created", key, data),
            Some(b) if b.deleted => push("environment.created", key, data),
            Some(b) if b.kind != env.kind || b.managed != env.managed => {
                push("environment.updated", key, data)
            }
            Some(_) => {}
        }
    }
    for (id, before) in &known.environments {
        if !before.deleted && !observed.environments.contains_key(id) {
            let key = format!("inv:{org}:env:{id}:{}", before.changes + 1);
            push("environment.deleted", key, json!({"environment": id}));
        }
    }
    let counts = merged_counts(observed, known);
    for ((rt, kind, managed), (count, before)) in &counts {
        if before.map(|(c, _)| c) != Some(*count) {
            let n = before.map_or(0, |(_, n)| n) + 1;
            let key = format!("inv:{org}:count:{rt}:{}:{managed}:{n}", id_part(kind));
            push(
                "inventory.counted",
                key,
                json!({"resource_type": rt, "environment_kind": kind, "managed": managed, "count": count}),
            );
        }
    }
    for kr in &known.bound {
        let of_type = counts
            .iter()
            .filter(|((rt, _, _), _)| *rt == kr.resource_type);
        let value: u64 = of_type
            .clone()
            .filter(|((_, _, managed), _)| kr.managed.is_none_or(|m| m == *managed))
            .map(|(_, (count, _))| count)
            .sum();
        if kr.current == Some(value as f64) {
            continue;
        }
        let version: u32 = of_type
            .map(|(_, (count, before))| match before {
                Some((c, n)) if c == count => *n,
                Some((_, n)) => n + 1,
                None => 1,
            })
            .sum();
        let key = format!("inv:{org}:measured:{}:{version}", kr.key_result);
        push(
            "key_result.measured",
            key,
            json!({"key_result": kr.key_result, "value": value as f64}),
        );
    }
    out
}

/// Every count now, with what the log had before: keys the log has and the inventory
/// no longer lists count 0.
fn merged_counts(
    observed: &ObservedInventory,
    known: &KnownInventory,
) -> BTreeMap<CountKey, (u64, Option<(u64, u32)>)> {
    let mut all: BTreeMap<CountKey, (u64, Option<(u64, u32)>)> = known
        .counts
        .iter()
        .map(|(k, before)| (k.clone(), (0, Some(*before))))
        .collect();
    for (k, count) in &observed.counts {
        all.entry(k.clone()).or_insert((0, None)).0 = *count;
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::feeds::{BoundKeyResult, KnownEnvironment};

    fn now() -> DateTime<Utc> {
        "2026-03-01T10:00:00Z".parse().unwrap()
    }

    fn rows() -> Vec<Value> {
        vec![
            json!({"name": "ENV-1", "type": "microsoft.powerplatform/environments", "properties": {"environmentType": "Production", "isManaged": true}}),
            json!({"name": "env-2", "type": "microsoft.powerplatform/environments", "properties": {"environmentType": "Default"}}),
            json!({"name": "a1", "type": "microsoft.powerapps/canvasapps", "properties": {"environmentId": "env-1"}}),
            json!({"name": "a2", "type": "microsoft.powerapps/modeldrivenapps", "properties": {"environmentId": "env-2"}}),
            json!({"name": "f1", "type": "microsoft.powerautomate/cloudflows", "properties": {"environmentId": "env-1"}}),
        ]
    }

    #[test]
    fn a_first_run_creates_environments_and_counts() {
        let observed = observe(&rows());
        let events = changes("contoso", &observed, &KnownInventory::default(), now());
        let types: Vec<&str> = events.iter().map(|e| e.event_type.as_str()).collect();
        assert_eq!(
            types,
            [
                "environment.created",
                "environment.created",
                "inventory.counted",
                "inventory.counted",
                "inventory.counted"
            ]
        );
        assert_eq!(events[0].id.as_deref(), Some("inv:contoso:env:env-1:1"));
        assert_eq!(events[0].data["kind"], "production");
    }

    #[test]
    fn what_the_log_already_says_appends_nothing_and_a_gone_environment_is_deleted() {
        let observed = observe(&rows());
        let mut known = KnownInventory::default();
        for (id, e) in &observed.environments {
            known.environments.insert(
                id.clone(),
                KnownEnvironment {
                    kind: e.kind.clone(),
                    managed: e.managed,
                    deleted: false,
                    changes: 1,
                },
            );
        }
        for (k, c) in &observed.counts {
            known.counts.insert(k.clone(), (*c, 1));
        }
        assert!(changes("contoso", &observed, &known, now()).is_empty());
        let fewer = observe(&rows()[..1]);
        let events = changes("contoso", &fewer, &known, now());
        assert_eq!(events[0].event_type, "environment.deleted");
        assert_eq!(events[0].id.as_deref(), Some("inv:contoso:env:env-2:2"));
        let zero = events
            .iter()
            .find(|e| e.data["environment_kind"] == "default")
            .unwrap();
        assert_eq!(zero.data["count"], 0);
    }

    #[test]
    fn a_bound_key_result_is_measured_when_its_count_changes() {
        let observed = observe(&rows());
        let known = KnownInventory {
            bound: vec![BoundKeyResult {
                key_result: "managed-apps".into(),
                resource_type: "apps".into(),
                managed: Some(true),
                current: None,
            }],
            ..KnownInventory::default()
        };
        let events = changes("contoso", &observed, &known, now());
        let m = events
            .iter()
            .find(|e| e.event_type == "key_result.measured")
            .unwrap();
        assert_eq!(m.data, json!({"key_result": "managed-apps", "value": 1.0}));
    }
}
