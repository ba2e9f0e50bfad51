//! `govtrack demo`: the demo organisation, sent through ingest like any tooling.

use std::process::ExitCode;

use chrono::Utc;

use crate::cli::DemoArgs;
use crate::client::{Sender, describe_error};
use crate::demo::{DEMO_ORG, demo_events};

/// How a seeding went.
pub struct Seeded {
    /// Events written now.
    pub appended: usize,
    /// Events already on the log from an earlier seeding.
    pub duplicates: usize,
}

/// Sends the demo's events in one batch.
pub async fn seed(sender: &Sender) -> anyhow::Result<Seeded> {
    let events = demo_events(Utc::now());
    let (status, body) = sender.send(DEMO_ORG, serde_json::to_vec(&events)?).await?;
    if status != 200 {
        anyhow::bail!("demo rejected: {}", describe_error(status, &body));
    }
    let results = body["results"].as_array().cloned().unwrap_or_default();
    let duplicates = results.iter().filter(|r| r["duplicate"] == true).count();
    Ok(Seeded {
        appended: results.len() - duplicates,
        duplicates,
    })
}

pub async fn run(args: DemoArgs) -> anyhow::Result<ExitCode> {
    let sender = Sender::connect(&args.target).await?;
    let seeded = seed(&sender).await?;
    println!(
        "demo org {DEMO_ORG}: {} events appended, {} already there",
        seeded.appended, seeded.duplicates
    );
    Ok(ExitCode::SUCCESS)
}
