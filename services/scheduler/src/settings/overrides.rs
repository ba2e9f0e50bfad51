//! The two keys of the scheduler TOML that override rather than set:
//!
//! - `[[job]]`: an entry replaces the built-in job of its name, or adds one; its
//!   `kind` may be left out for a job named after its kind;
//! - `[thresholds.orgs.<org>]`: an organisation's keys over the file's own default
//!   thresholds, key by key (`cadences = { next_year = 45 }` keeps the other two).
//!
//! Both read the file's tables and hand them to the types' own `Deserialize`, so every
//! value is still read by one rule.

use govtrack_okr::StallThresholds;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer};
use toml::{Table, Value};

use crate::jobs::{JobConfig, JobKind};
use crate::rules::stall::Thresholds;

/// The built-in jobs with the file's `[[job]]` entries over them.
pub(crate) fn jobs<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<JobConfig>, D::Error> {
    let mut jobs = JobKind::built_ins();
    for entry in Vec::<Table>::deserialize(d)? {
        set_job(&mut jobs, job(entry).map_err(D::Error::custom)?);
    }
    Ok(jobs)
}

/// Adds `job`, replacing one of the same name.
pub(crate) fn set_job(jobs: &mut Vec<JobConfig>, job: JobConfig) {
    jobs.retain(|j| j.name != job.name);
    jobs.push(job);
}

/// One `[[job]]` entry, its kind its name unless it gives one, its schedule checked.
fn job(mut entry: Table) -> Result<JobConfig, String> {
    let name = match entry.get("name") {
        Some(Value::String(name)) => name.clone(),
        _ => return Err("a job needs a name".to_owned()),
    };
    let kind_given = entry.contains_key("kind");
    if !kind_given {
        entry.insert("kind".to_owned(), Value::String(name.clone()));
    }
    let job: JobConfig = Value::Table(entry)
        .try_into()
        .map_err(|e: toml::de::Error| {
            let hint = if kind_given {
                ""
            } else {
                " (kind is the job's name unless given)"
            };
            format!("job {name:?}: {}{hint}", e.message().trim_end())
        })?;
    job.schedule().map_err(|e| format!("job {name:?}: {e}"))?;
    Ok(job)
}

/// `[thresholds]`: the default thresholds, and each organisation's over them.
pub(crate) fn thresholds<'de, D: Deserializer<'de>>(d: D) -> Result<Thresholds, D::Error> {
    let mut defaults = Table::deserialize(d)?;
    let orgs = match defaults.remove("orgs") {
        None => Table::new(),
        Some(Value::Table(orgs)) => orgs,
        Some(_) => return Err(D::Error::custom("orgs: a table per organisation")),
    };
    let default = stall_thresholds(defaults.clone()).map_err(D::Error::custom)?;
    let mut per_org = std::collections::HashMap::new();
    for (org, over) in orgs {
        let Value::Table(over) = over else {
            return Err(D::Error::custom(format!(
                "orgs.{org}: a table of thresholds"
            )));
        };
        let mut table = defaults.clone();
        merge(&mut table, over);
        let thresholds =
            stall_thresholds(table).map_err(|e| D::Error::custom(format!("orgs.{org}: {e}")))?;
        per_org.insert(org, thresholds);
    }
    Ok(Thresholds { default, per_org })
}

fn stall_thresholds(table: Table) -> Result<StallThresholds, String> {
    Value::Table(table)
        .try_into()
        .map_err(|e: toml::de::Error| e.message().trim_end().to_owned())
}

/// `over`'s keys replace `base`'s; tables merge key by key.
fn merge(base: &mut Table, over: Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(Value::Table(inner)), Value::Table(value)) => merge(inner, value),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}
