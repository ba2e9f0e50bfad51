//! The few lines of text each tool answers beside its JSON: what a model reads first,
//! and what a client that shows only text shows. The JSON holds everything; these
//! say the gist in the guidance's terms.

use govtrack_maturity::{ModelDescription, level_name};
use serde::Serialize;
use serde_json::Value;

use super::explain::NextLevelExplanation;
use crate::types::{
    AlertList, InitiativeList, MaturityHistory, MaturityReport, OkrReport, OrgList, SourceList,
};

/// The wire name of a unit enum (`on_track`).
fn wire<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

fn level(l: u16) -> String {
    format!("{l} {}", level_name(l).unwrap_or_default())
}

/// `1 initiative`, `2 initiatives`.
fn count(n: usize, thing: &str) -> String {
    match n {
        1 => format!("1 {thing}"),
        _ => format!("{n} {thing}s"),
    }
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

pub(crate) fn orgs(list: &OrgList) -> String {
    if list.orgs.is_empty() {
        return "No organisation you may read has events yet.".to_owned();
    }
    let mut text = format!("{} you may read:", count(list.orgs.len(), "organisation"));
    for o in &list.orgs {
        let last = o.last_occurred_at.format("%Y-%m-%d");
        text.push_str(&format!(
            "\n- {} ({} events, latest {last})",
            o.org, o.events
        ));
    }
    text
}

pub(crate) fn maturity(r: &MaturityReport) -> String {
    let mut text = format!(
        "Maturity of {} as of {} (model {}):",
        r.org,
        r.as_of.format("%Y-%m-%d %H:%M UTC"),
        r.model
    );
    for c in &r.capabilities {
        text.push_str(&format!("\n- {} ({}): {}", c.name, c.id, level(c.level)));
        if let Some(t) = &c.target {
            text.push_str(&format!(", target {} by {}", t.level, t.due));
        }
        if let Some(n) = &c.next {
            text.push_str(&format!(
                "; {} missing for {}",
                count(n.missing.len(), "requirement"),
                n.level
            ));
        }
    }
    text
}

pub(crate) fn explanation(e: &NextLevelExplanation) -> String {
    let now = format!("{} of {} is at {}", e.name, e.org, level(e.level));
    let Some(next) = e.next_level else {
        return format!("{now}, the top of the ladder: nothing is missing.");
    };
    let mut text = format!("{now}; for {} it still needs:", level(next));
    for m in &e.missing {
        text.push_str(&format!("\n- [{}] {}", m.level, m.requirement.words));
        for alternative in &m.requirement.any {
            text.push_str(&format!("\n  · or: {}", alternative.words));
        }
        if let Some(how) = &m.requirement.how {
            text.push_str(&format!("\n  how: {how}"));
        }
        if let Some(source) = &m.requirement.source {
            text.push_str(&format!("\n  source: {source}"));
        }
    }
    text
}

pub(crate) fn history(h: &MaturityHistory, capability: &str) -> String {
    if h.changes.is_empty() {
        return format!(
            "{capability} of {} has never changed level: it is at 100.",
            h.org
        );
    }
    let mut text = format!("Level changes of {capability} of {}:", h.org);
    for c in &h.changes {
        let at = c.at.format("%Y-%m-%d");
        text.push_str(&format!("\n- {at}: {} → {} ({})", c.from, c.to, c.cause));
    }
    text
}

pub(crate) fn okrs(r: &OkrReport) -> String {
    if r.objectives.is_empty() {
        return format!("{} has no objectives yet.", r.org);
    }
    let mut text = format!("OKRs of {}:", r.org);
    for o in &r.objectives {
        let goal = o
            .goal_title
            .as_deref()
            .or(o.goal.as_deref())
            .unwrap_or("no goal");
        let (p, s) = (percent(o.progress), wire(&o.status));
        text.push_str(&format!("\n- {} [{goal}]: {p}, {s}", o.title));
        for k in &o.key_results {
            let progress = k.progress.map_or_else(|| "no target".to_owned(), percent);
            let status = wire(&k.status);
            text.push_str(&format!("\n  · KR {}: {progress}, {status}", k.title));
        }
        for i in &o.initiatives {
            let title = i.title.as_deref().unwrap_or(&i.initiative);
            let owner = i.owner.as_deref().unwrap_or("no owner");
            text.push_str(&format!(
                "\n  · initiative {title} ({owner}): {}",
                wire(&i.checkin)
            ));
        }
    }
    text
}

pub(crate) fn initiatives(list: &InitiativeList, stalled_only: bool) -> String {
    let which = if stalled_only {
        "stalled initiative"
    } else {
        "initiative"
    };
    if list.initiatives.is_empty() {
        return format!("{} has no {which}s.", list.org);
    }
    let mut text = format!("{} of {}:", count(list.initiatives.len(), which), list.org);
    for i in &list.initiatives {
        let title = i.title.as_deref().unwrap_or(&i.initiative);
        let owner = i.owner.as_deref().unwrap_or("no owner");
        let last = i.last_activity_at.format("%Y-%m-%d");
        let (state, checkin) = (wire(&i.state), wire(&i.checkin));
        text.push_str(&format!(
            "\n- {title} ({owner}): {state}, {checkin}, last active {last}"
        ));
    }
    text
}

pub(crate) fn alerts(list: &AlertList) -> String {
    if list.alerts.is_empty() {
        return format!("{} has no open alerts.", list.org);
    }
    let mut text = format!(
        "{} of {}:",
        count(list.alerts.len(), "open alert"),
        list.org
    );
    for a in &list.alerts {
        let muted = if a.silenced { " (silenced)" } else { "" };
        text.push_str(&format!("\n- {}{muted}", a.summary));
    }
    text
}

pub(crate) fn sources(list: &SourceList) -> String {
    if list.sources.is_empty() {
        return format!("No feed has recorded events for {} yet.", list.org);
    }
    let mut text = format!("Feeds of {}:", list.org);
    for s in &list.sources {
        let seen = s.last_seen_at.map_or_else(
            || "never seen".to_owned(),
            |t| format!("last seen {}", t.format("%Y-%m-%d %H:%M UTC")),
        );
        text.push_str(&format!("\n- {}: {}, {seen}", s.name, s.status));
    }
    text
}

pub(crate) fn model(m: &ModelDescription) -> String {
    let mut text = format!("{} (model {}):", m.name, m.id);
    for c in &m.capabilities {
        let n: usize = c.levels.iter().map(|l| l.requirements.len()).sum();
        text.push_str(&format!(
            "\n- {} ({}): {} over levels 200–500",
            c.name,
            c.id,
            count(n, "requirement")
        ));
    }
    text
}

pub(crate) fn event_types(types: &[Value]) -> String {
    let names: Vec<&str> = types.iter().filter_map(|t| t["type"].as_str()).collect();
    format!(
        "{} event types; each entry has the JSON Schema of its data and an example: {}",
        names.len(),
        names.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_singular_for_one_and_plural_otherwise() {
        assert_eq!(count(1, "stalled initiative"), "1 stalled initiative");
        assert_eq!(count(0, "open alert"), "0 open alerts");
        assert_eq!(count(3, "requirement"), "3 requirements");
    }
}
