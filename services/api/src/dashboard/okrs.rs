//! OKRs: each objective with its key results as progress bars — coloured by status and
//! labelled with it in words — and the initiatives that serve it; for a reader who may
//! record, each key result links to "Record a measurement" (and "Set the target" while
//! it is a blank), each open initiative to "Check in", "Completed" and "Blocked".

use chrono::{DateTime, Utc};
use govtrack_events::EventType;
use maud::{Markup, html};

use super::actions::Actions;
use super::words;
use crate::types::{InitiativeReport, KeyResultReport, ObjectiveReport};

/// The OKR section: objectives grouped by their common goal, in the order the goals
/// first appear.
pub fn okrs(objectives: &[ObjectiveReport], as_of: DateTime<Utc>, actions: &Actions) -> Markup {
    html! {
        section #okrs aria-labelledby="okrs-h" {
            h2 #okrs-h { "Objectives and key results" }
            @if objectives.is_empty() {
                p .note { "No objectives defined yet (objective.defined)." }
            }
            @for (goal, group) in by_goal(objectives) {
                div .goal data-goal=(goal.0.unwrap_or("none")) {
                    h3 .goal-title { "Goal: " (goal.1) }
                    @for o in group { (objective(o, as_of, actions)) }
                }
            }
        }
    }
}

/// `((goal id, goal in words), objectives)` per goal, in first-appearance order.
type GoalGroup<'a> = ((Option<&'a str>, String), Vec<&'a ObjectiveReport>);

fn by_goal(objectives: &[ObjectiveReport]) -> Vec<GoalGroup<'_>> {
    let mut groups: Vec<GoalGroup<'_>> = Vec::new();
    for o in objectives {
        let id = o.goal.as_deref();
        match groups.iter_mut().find(|((g, _), _)| *g == id) {
            Some((_, list)) => list.push(o),
            None => {
                let words = match (&o.goal_title, id) {
                    (Some(title), _) => title.clone(),
                    (None, Some("custom")) => "the organisation's own".to_owned(),
                    (None, Some(other)) => other.replace('_', " "),
                    (None, None) => "not given".to_owned(),
                };
                groups.push(((id, words), vec![o]));
            }
        }
    }
    groups
}

fn objective(o: &ObjectiveReport, as_of: DateTime<Utc>, actions: &Actions) -> Markup {
    let (label, class) = words::kr_status(o.status);
    html! {
        article .card .objective data-objective=(o.objective) {
            header .obj-head {
                h4 { (o.title) }
                span class={ "badge " (class) } { (label) }
            }
            p .muted {
                (words::day(o.period_start)) " – " (words::day(o.period_end))
                @if !o.stakeholders.is_empty() {
                    " · stakeholders: " (o.stakeholders.iter().map(|s| stakeholder_title(s)).collect::<Vec<_>>().join(", "))
                }
                @if o.closed_at.is_some() { " · closed" }
                " · " (words::percent(o.progress)) "% overall"
            }
            @if o.key_results.is_empty() {
                p .note { "No key results yet." }
            } @else {
                ul .krs { @for kr in &o.key_results { (key_result(kr, actions)) } }
            }
            @if !o.initiatives.is_empty() {
                h5 { "Initiatives" }
                ul .initiatives { @for i in &o.initiatives { (initiative(i, as_of, actions)) } }
            }
        }
    }
}

fn key_result(kr: &KeyResultReport, actions: &Actions) -> Markup {
    let (label, class) = words::kr_status(kr.status);
    let id = format!("kr-{}", kr.key_result);
    html! {
        li .kr data-key-result=(kr.key_result) data-status=(label) {
            div .kr-head {
                span #(id) .kr-title { (kr.title) }
                span class={ "badge " (class) } { (label) }
            }
            @match (kr.target, kr.progress) {
                (Some(target), Some(progress)) => { (bar(kr, &id, label, class, target, progress)) }
                _ => {
                    p .kr-text {
                        "Target not set"
                        @if let Some(v) = kr.current { " · now " (words::number(v)) (unit(&kr.unit)) }
                        " · starts from " (words::number(kr.baseline)) (unit(&kr.unit))
                        " · due " (words::day(kr.due))
                    }
                }
            }
            (key_result_links(kr, actions))
        }
    }
}

/// "Record a measurement", and "Set the target" while the target is a blank.
fn key_result_links(kr: &KeyResultReport, actions: &Actions) -> Markup {
    let this = [("key_result", kr.key_result.clone())];
    let measure = actions.link(
        EventType::KeyResultMeasured,
        &this,
        "Record a measurement",
        &kr.title,
    );
    let target = match kr.target {
        None => actions.link(
            EventType::KeyResultTargetSet,
            &this,
            "Set the target",
            &kr.title,
        ),
        Some(_) => html! {},
    };
    let links = html! { (measure) (target) };
    html! { @if !links.0.is_empty() { p .acts { (links) } } }
}

/// The progress bar of a key result with a target, and its numbers in words: "12 of
/// 40 makers", or for a decrease "4 days now, from 5 days down to 2 days".
fn bar(
    kr: &KeyResultReport,
    id: &str,
    label: &str,
    class: &str,
    target: f64,
    progress: f64,
) -> Markup {
    let done = words::percent(progress);
    let expected = words::percent(kr.expected);
    let u = unit(&kr.unit);
    let n = words::number;
    let numbers = match (kr.direction, kr.current) {
        (govtrack_okr::Direction::Decrease, Some(v)) => format!(
            "{}{u} now, from {}{u} down to {}{u}",
            n(v),
            n(kr.baseline),
            n(target)
        ),
        (govtrack_okr::Direction::Decrease, None) => format!(
            "not measured yet; from {}{u} down to {}{u}",
            n(kr.baseline),
            n(target)
        ),
        (govtrack_okr::Direction::Increase, Some(v)) => format!("{} of {}{u}", n(v), n(target)),
        (govtrack_okr::Direction::Increase, None) => {
            format!("not measured yet; target {}{u}", n(target))
        }
    };
    // Shapes of an SVG sized by attributes: the security policy allows no inline style.
    html! {
        div .bar role="progressbar" aria-labelledby=(id) aria-valuemin="0" aria-valuemax="100"
            aria-valuenow=(done) aria-valuetext=(format!("{done}% — {label}")) {
            svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false" {
                rect class={ "fill " (class) } x="0" y="0" width=(done) height="10" {}
                rect .expected x=(f64::from(expected).clamp(0.75, 99.25) - 0.75) y="0" width="1.5" height="10" {
                    title { "expected by now" }
                }
            }
        }
        p .kr-text {
            (numbers) " · " (done) "% done, " (expected) "% expected by now · due " (words::day(kr.due))
        }
    }
}

/// `%` sticks to its number; other units follow a space.
fn unit(unit: &str) -> String {
    match unit {
        "%" | "" => unit.to_owned(),
        _ => format!(" {unit}"),
    }
}

/// One initiative in a list: title, owner, status in words, and what may be recorded.
pub fn initiative(i: &InitiativeReport, as_of: DateTime<Utc>, actions: &Actions) -> Markup {
    let (label, class) = words::initiative_status(i.state, i.checkin, i.stalled);
    html! {
        li data-initiative=(i.initiative) {
            span class={ "badge " (class) } { (label) }
            " "
            strong { (i.title.as_deref().unwrap_or(&i.initiative)) }
            @if let Some(owner) = &i.owner { span .muted { " · " (owner) } }
            @if let Some(p) = i.percent { span .muted { " · " (p) "%" } }
            span .muted { " · horizon: " (words::horizon(i.horizon.as_deref())) }
            span .muted { " · last activity " (words::duration(i.last_activity_at, as_of)) " ago" }
            (initiative_links(i, actions))
        }
    }
}

/// "Check in", "Completed" and "Blocked" (unless it is) on an open initiative.
pub fn initiative_links(i: &InitiativeReport, actions: &Actions) -> Markup {
    if !i.state.is_open() {
        return html! {};
    }
    let title = i.title.as_deref().unwrap_or(&i.initiative);
    let this = [("initiative", i.initiative.clone())];
    let mut check_in = this.to_vec();
    check_in.extend(i.percent.map(|p| ("percent", p.to_string())));
    let blocked = i.state == govtrack_okr::InitiativeState::Blocked;
    let links = html! {
        (actions.link(EventType::InitiativeProgressed, &check_in, "Check in", title))
        (actions.link(EventType::InitiativeCompleted, &this, "Completed", title))
        @if !blocked { (actions.link(EventType::InitiativeBlocked, &this, "Blocked", title)) }
    };
    html! { @if !links.0.is_empty() { " " span .acts { (links) } } }
}

/// A stakeholder group id in words ("Legal and compliance"); unknown ids as they are.
fn stakeholder_title(id: &str) -> String {
    id.parse::<govtrack_events::Stakeholder>()
        .map(|s| s.title().to_owned())
        .unwrap_or_else(|_| id.to_owned())
}
