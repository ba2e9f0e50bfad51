//! `govtrack template list|show|apply`: OKR templates from the adoption guidance.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use govtrack_templates::{Link, Template, TemplateKeyResult};

use crate::cli::{TemplateAction, TemplateApplyArgs, TemplateArgs};
use crate::client::{Sender, describe_error};

pub async fn run(args: TemplateArgs) -> anyhow::Result<ExitCode> {
    match args.action {
        TemplateAction::List => list(),
        TemplateAction::Show { name } => show(&name),
        TemplateAction::Apply(apply_args) => apply(apply_args).await,
    }
}

fn list() -> anyhow::Result<ExitCode> {
    for t in govtrack_templates::builtin_templates()? {
        println!(
            "{:<20} {} ({} objectives, {} key results, {} initiatives)",
            t.name,
            t.title,
            t.objectives.len(),
            t.key_results.len(),
            t.initiatives().count()
        );
    }
    println!("\nApply one with: govtrack template apply NAME --org ORG --start YYYY-MM-DD");
    Ok(ExitCode::SUCCESS)
}

fn show(name: &str) -> anyhow::Result<ExitCode> {
    let t = govtrack_templates::resolve(name)?;
    println!("{} — {}", t.name, t.title);
    println!("goal:   {}", t.goal.title());
    println!("source: {}\n", t.source);
    for o in &t.objectives {
        println!("OBJECTIVE {} — {}", o.id, o.title);
        if let Some(d) = &o.description {
            println!("  {d}");
        }
        for i in &o.initiatives {
            let horizon = i.horizon.map_or("horizon not given", |h| h.words());
            println!("  - initiative {} ({horizon}): {}", i.id, i.title);
        }
        println!();
    }
    println!(
        "KEY RESULTS (targets are the guidance's blanks; set each with key_result.target_set)"
    );
    for k in &t.key_results {
        let objective = k.objective.as_deref().unwrap_or("objective not given");
        println!(
            "  - {} [{} {}, {objective}]: {}",
            k.id,
            k.direction.as_str(),
            k.unit,
            k.title
        );
    }
    Ok(ExitCode::SUCCESS)
}

async fn apply(args: TemplateApplyArgs) -> anyhow::Result<ExitCode> {
    let template = govtrack_templates::resolve(&args.name)?;
    let mut links = args
        .links
        .iter()
        .map(|l| l.parse::<Link>())
        .collect::<Result<Vec<_>, _>>()?;
    let open = govtrack_templates::unlinked(&template, &links);
    if !open.is_empty() && std::io::stdin().is_terminal() {
        links.extend(ask_links(&template, &open)?);
    }
    let plan = govtrack_templates::plan(
        &template,
        &args.org.id,
        args.start,
        args.months,
        args.owner.as_deref(),
        &links,
    )?;
    for note in &plan.notes {
        eprintln!("note: {note}");
    }
    if args.dry_run {
        for event in &plan.events {
            println!("{}", serde_json::to_string(event)?);
        }
        eprintln!(
            "dry run: {} events for {} from {} to {}; nothing was sent",
            plan.events.len(),
            plan.org,
            plan.period_start,
            plan.period_end
        );
        return Ok(ExitCode::SUCCESS);
    }
    let sender = Sender::connect(&args.target).await?;
    let (status, body) = sender
        .send(&args.org.id, serde_json::to_vec(&plan.events)?)
        .await?;
    if status != 200 {
        anyhow::bail!("template rejected: {}", describe_error(status, &body));
    }
    let results = body["results"].as_array().cloned().unwrap_or_default();
    let already = results.iter().filter(|r| r["duplicate"] == true).count();
    println!(
        "template {} applied to {}: {} new events, {already} already there",
        plan.template,
        plan.org,
        results.len() - already
    );
    Ok(ExitCode::SUCCESS)
}

/// Asks, for each key result the template leaves open, which objective it serves.
fn ask_links(template: &Template, open: &[&TemplateKeyResult]) -> anyhow::Result<Vec<Link>> {
    eprintln!("The guidance does not say which objective each key result serves. Objectives:");
    for (n, o) in template.objectives.iter().enumerate() {
        eprintln!("  {}. {}", n + 1, o.title);
    }
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let mut links = Vec::new();
    for k in open {
        loop {
            eprint!("\n{}\nserves objective number: ", k.title);
            std::io::stderr().flush()?;
            let Some(line) = lines.next() else {
                anyhow::bail!("no answer for key result {}", k.id);
            };
            let chosen = line?.trim().parse::<usize>().ok();
            match chosen.and_then(|n| template.objectives.get(n.wrapping_sub(1))) {
                Some(o) => {
                    links.push(Link {
                        key_result: k.id.clone(),
                        objective: o.id.clone(),
                    });
                    break;
                }
                None => eprintln!("a number from 1 to {}, please", template.objectives.len()),
            }
        }
    }
    Ok(links)
}
