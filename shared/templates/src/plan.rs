//! The planner: a template, an organisation and a period in; the envelopes that apply
//! the template out, with deterministic ids and a note for every value it had to
//! choose because the template does not say.
//!
//! Pure: no clock, no I/O. The same arguments always give the same plan, so applying a
//! template twice sends the same event ids and the log's de-duplication keeps one copy.

use std::str::FromStr;

use chrono::{Days, Months, NaiveDate};
use govtrack_events::data::Horizon;
use govtrack_events::{EntityId, Envelope, EventType, Org};
use serde::Serialize;
use serde_json::json;

use crate::error::TemplateError;
use crate::event_id::event_id;
use crate::format::{Template, TemplateKeyResult};

/// Owner of the initiatives when none is given.
pub const DEFAULT_OWNER: &str = "unassigned";

/// The longest period a template is applied for, in months (ten years).
pub const MAX_MONTHS: u32 = 120;

/// "This key result serves that objective": what `--link key_result=objective` says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// Key result id of the template.
    pub key_result: String,
    /// Objective id of the template.
    pub objective: String,
}

impl FromStr for Link {
    type Err = TemplateError;

    /// Reads `key_result=objective`.
    fn from_str(s: &str) -> Result<Link, TemplateError> {
        let bad = |reason: &str| TemplateError::BadLink {
            link: s.to_owned(),
            reason: reason.to_owned(),
        };
        let (kr, objective) = s
            .split_once('=')
            .ok_or_else(|| bad("write it as KEY_RESULT=OBJECTIVE"))?;
        if kr.trim().is_empty() || objective.trim().is_empty() {
            return Err(bad("write it as KEY_RESULT=OBJECTIVE"));
        }
        Ok(Link {
            key_result: kr.trim().to_owned(),
            objective: objective.trim().to_owned(),
        })
    }
}

/// What applying a template would append, and what it had to choose.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// The template's name.
    pub template: String,
    /// The organisation.
    pub org: String,
    /// First day of the objectives' period.
    pub period_start: NaiveDate,
    /// Last day of the period; also every key result's due date.
    pub period_end: NaiveDate,
    /// The envelopes, in the order to append them: objectives, key results, initiatives.
    pub events: Vec<Envelope>,
    /// One line per kind of value the template did not give and the plan chose.
    pub notes: Vec<String>,
}

/// The template's key results that serve no objective yet, neither in the template nor
/// by a link: the ones the CLI must ask about.
pub fn unlinked<'a>(template: &'a Template, links: &[Link]) -> Vec<&'a TemplateKeyResult> {
    template
        .key_results
        .iter()
        .filter(|k| k.objective.is_none() && !links.iter().any(|l| l.key_result == k.id))
        .collect()
}

/// Plans `template` for `org` over `months` months from `start`.
///
/// - objectives: `objective.defined` with the template's goal, for `start` to the day
///   before `start + months`;
/// - key results: `key_result.defined` without a target (the guidance's blank), due on
///   the period's last day, serving the objective the template or a link names;
/// - initiatives: `initiative.started` under their objective, owned by `owner`
///   (default [`DEFAULT_OWNER`]), horizon as given or `now`.
///
/// Event ids are `tpl:<template>:<org>:<obj|kr|init>:<item>`. Errors name the argument
/// at fault, a link to nothing, or every key result still without an objective.
pub fn plan(
    template: &Template,
    org: &str,
    start: NaiveDate,
    months: u32,
    owner: Option<&str>,
    links: &[Link],
) -> Result<Plan, TemplateError> {
    Org::parse(org).map_err(|e| arg("org", e.to_string()))?;
    let owner = check_owner(owner)?;
    let period_end = period_end(start, months)?;
    let objective_of = link_key_results(template, links)?;
    let mut planner = Planner::new(template, org);
    for o in &template.objectives {
        planner.push(
            EventType::ObjectiveDefined,
            "obj",
            &o.id,
            json!({
                "objective": o.id, "title": o.title, "description": o.description,
                "goal": template.goal, "stakeholders": o.stakeholders,
                "period_start": start, "period_end": period_end,
            }),
        );
    }
    for (k, objective) in template.key_results.iter().zip(&objective_of) {
        planner.push(
            EventType::KeyResultDefined,
            "kr",
            &k.id,
            json!({
                "key_result": k.id, "objective": objective, "title": k.title, "unit": k.unit,
                "baseline": k.baseline.unwrap_or(0.0), "direction": k.direction, "due": period_end,
            }),
        );
    }
    for (o, i) in template.initiatives() {
        planner.push(
            EventType::InitiativeStarted,
            "init",
            &i.id,
            json!({
                "initiative": i.id, "objective": o.id, "title": i.title, "owner": owner,
                "horizon": i.horizon.unwrap_or(Horizon::Now),
            }),
        );
    }
    Ok(Plan {
        template: template.name.clone(),
        org: org.to_owned(),
        period_start: start,
        period_end,
        notes: notes(template, owner),
        events: planner.events,
    })
}

/// Builds envelopes with the plan's ids and source.
struct Planner<'a> {
    template: &'a str,
    org: &'a str,
    events: Vec<Envelope>,
}

impl<'a> Planner<'a> {
    fn new(template: &'a Template, org: &'a str) -> Self {
        Planner {
            template: &template.name,
            org,
            events: Vec::new(),
        }
    }

    fn push(&mut self, event_type: EventType, kind: &str, item: &str, mut data: serde_json::Value) {
        if let Some(fields) = data.as_object_mut() {
            fields.retain(|_, v| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty()));
        }
        let mut envelope = Envelope::new(event_type.name(), self.org, data);
        envelope.id = Some(event_id(self.template, self.org, kind, item));
        envelope.source = Some(format!("template:{}", self.template));
        self.events.push(envelope);
    }
}

fn arg(field: &'static str, reason: impl Into<String>) -> TemplateError {
    TemplateError::BadArgument {
        field,
        reason: reason.into(),
    }
}

fn check_owner(owner: Option<&str>) -> Result<&str, TemplateError> {
    match owner {
        None => Ok(DEFAULT_OWNER),
        Some(o) if o.trim().is_empty() => Err(arg("owner", "must not be empty")),
        Some(o) => Ok(o),
    }
}

/// The last day of `months` months from `start`: 2026-01-01 and 12 → 2026-12-31.
fn period_end(start: NaiveDate, months: u32) -> Result<NaiveDate, TemplateError> {
    if months == 0 || months > MAX_MONTHS {
        return Err(arg(
            "months",
            format!("must be 1 to {MAX_MONTHS}, got {months}"),
        ));
    }
    start
        .checked_add_months(Months::new(months))
        .and_then(|end| end.checked_sub_days(Days::new(1)))
        .ok_or_else(|| {
            arg(
                "start",
                format!("{start} plus {months} months is out of range"),
            )
        })
}

/// The objective of every key result, in template order: the link's, else the
/// template's; every key result without one is named in the error.
fn link_key_results(template: &Template, links: &[Link]) -> Result<Vec<String>, TemplateError> {
    for link in links {
        let bad = |reason: String| TemplateError::BadLink {
            link: format!("{}={}", link.key_result, link.objective),
            reason,
        };
        if template.key_result(&link.key_result).is_none() {
            let known = ids(template.key_results.iter().map(|k| &k.id));
            return Err(bad(format!(
                "no key result {:?}; key results: {known}",
                link.key_result
            )));
        }
        if template.objective(&link.objective).is_none() {
            let known = ids(template.objectives.iter().map(|o| &o.id));
            return Err(bad(format!(
                "no objective {:?}; objectives: {known}",
                link.objective
            )));
        }
        EntityId::check(&link.objective).map_err(|e| bad(e.to_string()))?;
    }
    let missing = unlinked(template, links);
    if !missing.is_empty() {
        return Err(TemplateError::Unlinked {
            key_results: missing.iter().map(|k| k.id.clone()).collect(),
            objectives: template.objectives.iter().map(|o| o.id.clone()).collect(),
        });
    }
    let objective_of = |k: &TemplateKeyResult| {
        let linked = links.iter().rev().find(|l| l.key_result == k.id);
        linked
            .map(|l| l.objective.clone())
            .or_else(|| k.objective.clone())
    };
    Ok(template
        .key_results
        .iter()
        .filter_map(objective_of)
        .collect())
}

fn ids<'a>(items: impl Iterator<Item = &'a String>) -> String {
    items.map(String::as_str).collect::<Vec<_>>().join(", ")
}

/// What the plan chose because the template does not say.
fn notes(template: &Template, owner: &str) -> Vec<String> {
    let mut notes = Vec::new();
    let krs = template.key_results.len();
    if krs > 0 {
        notes.push(format!(
            "target not given by the seed: {krs} key results show \"target not set\" until a key_result.target_set gives one"
        ));
    }
    let zero: Vec<&str> = template
        .key_results
        .iter()
        .filter(|k| k.baseline.is_none())
        .map(|k| k.id.as_str())
        .collect();
    if !zero.is_empty() {
        notes.push(format!(
            "baseline not given by the seed: set to 0 for {} key results ({}); measure them before the first check-in",
            zero.len(),
            zero.join(", ")
        ));
    }
    let now = template
        .initiatives()
        .filter(|(_, i)| i.horizon.is_none())
        .count();
    if now > 0 {
        notes.push(format!(
            "horizon not given by the seed: set to now for {now} initiatives"
        ));
    }
    if owner == DEFAULT_OWNER {
        notes.push(format!(
            "owner not given: initiatives owned by {DEFAULT_OWNER:?}"
        ));
    }
    notes
}
