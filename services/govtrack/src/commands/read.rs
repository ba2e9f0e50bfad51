//! The read side from the terminal: `govtrack api` (the service) and the client
//! commands `status`, `okrs`, `initiatives` and `events`, which call the read API.

use std::process::ExitCode;

use chrono::{DateTime, Utc};
use govtrack_api::ApiArgs;
use govtrack_api::client::{ApiClient, ClientError};
use govtrack_api::types::{KeyResultReport, ObjectiveReport};
use serde::Serialize;

use super::table::Table;
use crate::cli::{EventsArgs, InitiativesArgs, OrgQueryArgs, ReadTarget, StatusArgs};

pub async fn serve_api(args: ApiArgs) -> anyhow::Result<ExitCode> {
    let settings = args.settings()?;
    let app = govtrack_api::App::build(&settings).await?;
    app.run(govtrack_runtime::shutdown_on_signals()).await?;
    Ok(ExitCode::SUCCESS)
}

/// `YYYY-MM-DD` (the end of that day, UTC) or an RFC 3339 instant, as the api reads it.
pub fn parse_as_of(text: &str) -> anyhow::Result<DateTime<Utc>> {
    Ok(govtrack_api::parse_instant("--as-of", text)?)
}

/// The read API of `target`, with its token.
fn client(target: &ReadTarget) -> ApiClient {
    ApiClient::new(&target.api_url).with_token(target.token.clone())
}

/// A failed read, saying how to send a token when the api wants one.
fn refused(e: ClientError) -> anyhow::Error {
    match e {
        ClientError::TokenRequired(_) => anyhow::anyhow!(
            "no token: set GOVTRACK_TOKEN or --token (the api requires a token that may read \
             this organisation)"
        ),
        other => other.into(),
    }
}

fn print_json(value: &impl Serialize) -> anyhow::Result<ExitCode> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(ExitCode::SUCCESS)
}

/// An enum's wire name (`on_track`, `stalled`, …).
fn name(value: &impl Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

pub async fn status(args: StatusArgs) -> anyhow::Result<ExitCode> {
    let as_of = args.as_of.as_deref().map(parse_as_of).transpose()?;
    let report = client(&args.target)
        .maturity(&args.org.id, as_of)
        .await
        .map_err(refused)?;
    if args.target.json {
        return print_json(&report);
    }
    println!(
        "{} — maturity as of {} (model {})\n",
        report.org,
        report.as_of.format("%Y-%m-%d %H:%M UTC"),
        report.model
    );
    let mut table = Table::new(&[
        "CAPABILITY",
        "LEVEL",
        "TARGET",
        "NEXT",
        "MISSING FOR NEXT LEVEL",
    ]);
    for c in &report.capabilities {
        let target = c
            .target
            .as_ref()
            .map(|t| format!("{} by {}", t.level, t.due))
            .unwrap_or_else(|| "-".into());
        let (next, missing) = match &c.next {
            Some(n) => (n.level.to_string(), n.missing.join("; ")),
            None => ("-".into(), "top level reached".into()),
        };
        table.row(vec![
            c.name.clone(),
            c.level.to_string(),
            target,
            next,
            missing,
        ]);
    }
    print!("{}", table.render());
    Ok(ExitCode::SUCCESS)
}

pub async fn events(args: EventsArgs) -> anyhow::Result<ExitCode> {
    let page = client(&args.target)
        .events(&args.org, args.after, args.limit)
        .await
        .map_err(refused)?;
    if args.target.json {
        return print_json(&page);
    }
    let mut table = Table::new(&["SEQ", "OCCURRED", "TYPE", "RECORDED BY", "SOURCE", "ABOUT"]);
    for e in &page.events {
        let by = e
            .recorded_by
            .as_ref()
            .map_or("-".to_owned(), |by| by.to_string());
        table.row(vec![
            e.sequence.to_string(),
            e.occurred_at.format("%Y-%m-%d %H:%M").to_string(),
            e.event_type.clone(),
            by,
            e.source.clone().unwrap_or_else(|| "-".into()),
            govtrack_api::dashboard::event_summary(&e.data),
        ]);
    }
    print!("{}", table.render());
    match page.next_after {
        Some(after) => println!("more: govtrack events --org {} --after {after}", page.org),
        None if page.events.is_empty() => {
            println!("{} has no events after {}", page.org, args.after)
        }
        None => {}
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn okrs(args: OrgQueryArgs) -> anyhow::Result<ExitCode> {
    let report = client(&args.target)
        .okrs(&args.org.id)
        .await
        .map_err(refused)?;
    if args.target.json {
        return print_json(&report);
    }
    if report.objectives.is_empty() {
        println!("{} has no objectives yet", report.org);
    }
    let mut objectives: Vec<&ObjectiveReport> = report.objectives.iter().collect();
    // Grouped by goal, in the order the goals first appear.
    let order: Vec<Option<&str>> = objectives.iter().fold(Vec::new(), |mut seen, o| {
        if !seen.contains(&o.goal.as_deref()) {
            seen.push(o.goal.as_deref());
        }
        seen
    });
    objectives.sort_by_key(|o| order.iter().position(|g| *g == o.goal.as_deref()));
    let mut goal_shown = None;
    for o in objectives {
        if goal_shown != Some(o.goal.as_deref()) {
            goal_shown = Some(o.goal.as_deref());
            let goal = (o.goal_title.as_deref().or(o.goal.as_deref())).unwrap_or("no goal given");
            println!("GOAL: {goal}\n");
        }
        print_objective(o);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_objective(o: &ObjectiveReport) {
    println!(
        "{} — {:.0}% {} ({} … {})",
        o.title,
        o.progress * 100.0,
        name(&o.status),
        o.period_start,
        o.period_end
    );
    if !o.stakeholders.is_empty() {
        println!("  stakeholders: {}", stakeholder_titles(&o.stakeholders));
    }
    let mut table = Table::new(&[
        "  KEY RESULT",
        "CURRENT",
        "TARGET",
        "PROGRESS",
        "EXPECTED",
        "STATUS",
    ]);
    for k in &o.key_results {
        let current = k
            .current
            .map(|v| format!("{v} {}", k.unit))
            .unwrap_or_else(|| "-".into());
        let (target, progress, expected) = match (k.target, k.progress) {
            (Some(t), Some(p)) => (
                target_words(k, t),
                format!("{:.0}%", p * 100.0),
                format!("{:.0}%", k.expected * 100.0),
            ),
            _ => ("target not set".to_owned(), "-".to_owned(), "-".to_owned()),
        };
        table.row(vec![
            format!("  {}", k.title),
            current,
            target,
            progress,
            expected,
            name(&k.status),
        ]);
    }
    if o.key_results.is_empty() {
        println!("  no key results yet");
    } else {
        print!("{}", table.render());
    }
    for i in &o.initiatives {
        println!(
            "  initiative: {} — {} ({}), horizon {}",
            i.title.as_deref().unwrap_or(&i.initiative),
            name(&i.state),
            name(&i.checkin),
            horizon_words(i.horizon.as_deref())
        );
    }
    println!();
}

/// "from 5 days down to 2 by 2026-12-31", or "from 0 up to 40 makers by …".
fn target_words(k: &KeyResultReport, target: f64) -> String {
    let way = match k.direction {
        govtrack_okr::Direction::Decrease => "down",
        govtrack_okr::Direction::Increase => "up",
    };
    format!(
        "from {} {way} to {target} {} by {}",
        k.baseline, k.unit, k.due
    )
}

/// `next_year` → "next year"; none → "not given".
fn horizon_words(horizon: Option<&str>) -> String {
    horizon.map_or_else(|| "not given".to_owned(), |h| h.replace('_', " "))
}

fn stakeholder_titles(ids: &[String]) -> String {
    ids.iter()
        .map(|id| {
            id.parse::<govtrack_events::Stakeholder>()
                .map(|s| s.title().to_owned())
                .unwrap_or_else(|_| id.clone())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub async fn initiatives(args: InitiativesArgs) -> anyhow::Result<ExitCode> {
    let filter = args.stalled.then_some("stalled");
    let list = client(&args.target)
        .initiatives(&args.org.id, filter)
        .await
        .map_err(refused)?;
    if args.target.json {
        return print_json(&list);
    }
    let mut table = Table::new(&[
        "INITIATIVE",
        "OWNER",
        "STATE",
        "CHECK-IN",
        "SILENT (DAYS)",
        "HORIZON",
        "TITLE",
    ]);
    for i in &list.initiatives {
        let silent = (list.as_of - i.last_activity_at).num_days();
        table.row(vec![
            i.initiative.clone(),
            i.owner.clone().unwrap_or_default(),
            name(&i.state),
            name(&i.checkin),
            silent.to_string(),
            horizon_words(i.horizon.as_deref()),
            i.title.clone().unwrap_or_default(),
        ]);
    }
    print!("{}", table.render());
    if list.initiatives.is_empty() {
        println!("(none)");
    }
    Ok(ExitCode::SUCCESS)
}
