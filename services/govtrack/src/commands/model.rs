//! `govtrack model show`: a maturity model's ladder as a CoE lead reads it.

use std::process::ExitCode;

use govtrack_maturity::{CapabilityDescription, ModelDescription, RequirementDescription};

use crate::cli::{ModelAction, ModelArgsCommand, ModelShowArgs};

pub fn run(args: ModelArgsCommand) -> anyhow::Result<ExitCode> {
    match args.action {
        ModelAction::Show(show) => self::show(show),
    }
}

fn show(args: ModelShowArgs) -> anyhow::Result<ExitCode> {
    let mut model = args.model.load()?.describe();
    if let Some(id) = &args.capability {
        let ids: Vec<String> = model.capabilities.iter().map(|c| c.id.clone()).collect();
        model.capabilities.retain(|c| &c.id == id);
        if model.capabilities.is_empty() {
            anyhow::bail!(
                "model {} has no capability {id:?}; its capabilities are {}",
                model.id,
                ids.join(", ")
            );
        }
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&model)?);
    } else {
        print!("{}", render(&model));
    }
    Ok(ExitCode::SUCCESS)
}

/// The ladder as text: capability, then each level with its requirements.
fn render(model: &ModelDescription) -> String {
    let mut out = format!("{} — model {}\n", model.name, model.id);
    out.push_str("A level counts only when every level below it is complete.\n");
    for capability in &model.capabilities {
        out.push('\n');
        render_capability(&mut out, capability);
    }
    out
}

fn render_capability(out: &mut String, capability: &CapabilityDescription) {
    out.push_str(&format!("{} ({})\n", capability.name, capability.id));
    for level in &capability.levels {
        out.push_str(&format!("  {} {}\n", level.level, level.name));
        if level.requirements.is_empty() {
            out.push_str("    where every capability starts\n");
        }
        for requirement in &level.requirements {
            render_requirement(out, requirement, "    - ");
        }
    }
}

fn render_requirement(out: &mut String, r: &RequirementDescription, bullet: &str) {
    let indent = " ".repeat(bullet.len());
    out.push_str(&format!("{bullet}{}\n", r.words));
    if let Some(how) = &r.how {
        out.push_str(&format!("{indent}how:    {how}\n"));
    }
    if let Some(source) = &r.source {
        out.push_str(&format!("{indent}source: {source}\n"));
    }
    if !r.any.is_empty() {
        out.push_str(&format!("{indent}any one of:\n"));
        for alternative in &r.any {
            render_requirement(out, alternative, &format!("{indent}  · "));
        }
    }
}
