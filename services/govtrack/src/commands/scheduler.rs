//! `govtrack scheduler [run-once]`, `govtrack alerts [deliveries|tail]` and
//! `govtrack silence add|list|expire`.

use std::process::ExitCode;

use anyhow::Context;
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use govtrack_events::data::SilenceMatchers;
use govtrack_scheduler::commands::{self as sched, SilenceRequest};
use serde::Serialize;

use super::table::Table;
use crate::cli::{
    AlertsAction, AlertsArgs, SchedulerAction, SchedulerCommand, SilenceAction, SilenceArgs,
};

fn json(value: &impl Serialize) -> anyhow::Result<ExitCode> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(ExitCode::SUCCESS)
}

pub async fn run(command: SchedulerCommand) -> anyhow::Result<ExitCode> {
    let SchedulerCommand { action, args } = command;
    let settings = args.settings()?;
    let bus = args.bus("govtrack-scheduler").await?;
    match action {
        None => {
            govtrack_scheduler::run(settings, bus, govtrack_runtime::shutdown_on_signals()).await?
        }
        Some(SchedulerAction::RunOnce { now, job }) => {
            let now = match now {
                Some(text) => DateTime::parse_from_rfc3339(&text)
                    .with_context(|| {
                        format!("--now {text:?}: expected RFC 3339 like 2026-06-01T09:00:00Z")
                    })?
                    .to_utc(),
                None => Utc::now(),
            };
            let report = govtrack_scheduler::run_once(settings, bus, now, job.as_deref()).await?;
            return json(&report);
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn alerts(args: AlertsArgs) -> anyhow::Result<ExitCode> {
    let settings = args.args.settings()?;
    let org = args.org.as_deref();
    match args.action {
        None => {
            let alerts = sched::list_alerts(&settings, org)?;
            if args.json {
                return json(&alerts);
            }
            let mut table = Table::new(&["ORG", "KIND", "ENTITY", "STATUS", "FINGERPRINT"]);
            for a in &alerts {
                table.row(vec![
                    a.org.clone(),
                    a.kind.clone(),
                    a.entity.clone(),
                    a.status.to_owned(),
                    a.fingerprint.clone(),
                ]);
            }
            print!("{}", table.render());
            if alerts.is_empty() {
                println!("(no alerts)");
            }
        }
        Some(AlertsAction::Deliveries { limit }) => {
            let deliveries = sched::deliveries(&settings, org, limit)?;
            if args.json {
                return json(&deliveries);
            }
            let mut table = Table::new(&["ORG", "REASON", "TARGET", "STATE", "NOTIFICATION"]);
            for d in &deliveries {
                table.row(vec![
                    d.org.clone(),
                    d.reason.clone(),
                    d.target.clone(),
                    d.state.clone(),
                    d.notification.clone(),
                ]);
            }
            print!("{}", table.render());
        }
        Some(AlertsAction::Tail { from_start }) => {
            let bus = args.args.bus("govtrack-alerts-tail").await?;
            let stream = sched::tail(bus.jetstream(), org, from_start).await?;
            let mut stream = std::pin::pin!(stream);
            let shutdown = govtrack_runtime::shutdown_on_signals();
            loop {
                tokio::select! {
                    _ = shutdown.cancelled() => break,
                    next = stream.next() => match next {
                        Some(msg) => {
                            let msg = msg?;
                            println!("{} {}", msg.subject, serde_json::to_string(&msg.body)?);
                        }
                        None => break,
                    },
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn silence(args: SilenceArgs) -> anyhow::Result<ExitCode> {
    let bus = args.args.bus("govtrack-silence").await?;
    let now = Utc::now();
    match args.action {
        SilenceAction::Add {
            org,
            kind,
            entity,
            owner,
            reason,
            duration,
        } => {
            let expires_at = now + chrono::Duration::from_std(duration)?;
            let matchers = SilenceMatchers {
                org: None,
                kind,
                entity,
            };
            let request = SilenceRequest {
                org: org.id,
                silence: None,
                matchers,
                owner,
                reason,
                expires_at,
            };
            let (id, _) = sched::silence_add(&bus, request, now).await?;
            println!(
                "silence {id} active until {}",
                expires_at.format("%Y-%m-%d %H:%M UTC")
            );
        }
        SilenceAction::List { org } => {
            let settings = args.args.settings()?;
            let silences = sched::silence_list(&settings, &bus, org.as_deref(), now).await?;
            json(&silences)?;
        }
        SilenceAction::Expire { org, silence } => {
            sched::silence_expire(&bus, &org.id, &silence, now).await?;
            println!("silence {silence} expired");
        }
    }
    Ok(ExitCode::SUCCESS)
}
