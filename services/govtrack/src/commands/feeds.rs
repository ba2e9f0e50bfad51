//! `govtrack inventory login|sync` and `govtrack source expect|list`.

use std::process::ExitCode;

use anyhow::Context;
use chrono::{DateTime, Utc};
use govtrack_scheduler::commands::feeds as sched;

use super::table::Table;
use crate::cli::{InventoryAction, InventoryArgs, SourceAction, SourceArgs};

fn instant(text: Option<&str>) -> anyhow::Result<DateTime<Utc>> {
    match text {
        None | Some("now") => Ok(Utc::now()),
        Some(text) => Ok(DateTime::parse_from_rfc3339(text)
            .with_context(|| {
                format!("--now {text:?}: expected RFC 3339 like 2026-06-01T09:00:00Z")
            })?
            .to_utc()),
    }
}

pub async fn inventory(command: InventoryArgs) -> anyhow::Result<ExitCode> {
    match command.action {
        InventoryAction::Login { args } => {
            let settings = args.settings()?;
            sched::inventory_login(&settings, |p| {
                println!("To sign in, open {} and enter the code {}", p.url, p.code);
                if let Some(secs) = p.expires_in {
                    println!(
                        "(the code is valid for {} minutes; waiting for you to finish)",
                        secs / 60
                    );
                }
            })
            .await?;
            println!("signed in; the inventory-sync job will use this sign-in");
            Ok(ExitCode::SUCCESS)
        }
        InventoryAction::Sync { now, dry_run, args } => {
            let now = instant(now.as_deref())?;
            let settings = args.settings()?;
            if settings.inventory.is_none() {
                anyhow::bail!(
                    "the inventory collector is not configured: add an [inventory] block (org, host, tenant_id, client_id, auth) to the scheduler TOML given with --scheduler-config (README, \"Feeds\")"
                );
            }
            let bus = args.bus("govtrack-inventory").await?;
            if dry_run {
                let report = sched::inventory_preview(settings, bus, now).await?;
                for change in &report.changes {
                    println!("{}", serde_json::to_string(change)?);
                }
                eprintln!(
                    "{} rows read, {} changes would be appended (dry run: nothing appended)",
                    report.rows,
                    report.changes.len()
                );
                return Ok(ExitCode::SUCCESS);
            }
            let report =
                govtrack_scheduler::run_once(settings, bus, now, Some("inventory-sync")).await?;
            let run = report
                .jobs
                .first()
                .context("the inventory-sync job did not run")?;
            match &run.error {
                Some(error) => {
                    eprintln!(
                        "inventory sync failed (nothing appended; source.failed recorded): {error}"
                    );
                    Ok(ExitCode::FAILURE)
                }
                None => {
                    println!(
                        "{} changes appended, {} already on the log",
                        run.appended, run.duplicates
                    );
                    Ok(ExitCode::SUCCESS)
                }
            }
        }
    }
}

pub async fn source(command: SourceArgs) -> anyhow::Result<ExitCode> {
    let now = Utc::now();
    match command.action {
        SourceAction::Expect {
            name,
            every,
            org,
            args,
        } => {
            let bus = args.bus("govtrack-source").await?;
            let cadence = match every.trim() {
                "0" => std::time::Duration::ZERO,
                text => govtrack_runtime::parse_duration(text).ok_or_else(|| {
                    anyhow::anyhow!(
                        "--every {every:?}: expected a duration in whole hours such as 24h or 7d"
                    )
                })?,
            };
            sched::source_expect(&bus, &org.id, &name, cadence, now).await?;
            match cadence.as_secs() / 3600 {
                0 => println!("{name} is no longer expected to send events"),
                h => println!(
                    "{name} is expected every {h} hours; silent past {} hours it raises an alert",
                    2 * h
                ),
            }
        }
        SourceAction::List { org, json, args } => {
            let settings = args.settings()?;
            let bus = args.bus("govtrack-source").await?;
            let sources = sched::source_list(&settings, &bus, org.as_deref(), now).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&sources)?);
                return Ok(ExitCode::SUCCESS);
            }
            let mut table = Table::new(&["ORG", "SOURCE", "LAST SEEN", "EVERY", "STATUS"]);
            for s in &sources {
                let status = serde_json::to_value(s.status)?;
                let mut status = status.as_str().unwrap_or_default().to_owned();
                if let Some(error) = &s.error {
                    status = format!("{status}: {error}");
                }
                table.row(vec![
                    s.org.clone(),
                    s.source.clone(),
                    s.last_seen.map_or("never".into(), |t| {
                        t.format("%Y-%m-%d %H:%M UTC").to_string()
                    }),
                    s.every_hours.map_or("-".into(), |h| format!("{h}h")),
                    status,
                ]);
            }
            print!("{}", table.render());
        }
    }
    Ok(ExitCode::SUCCESS)
}
