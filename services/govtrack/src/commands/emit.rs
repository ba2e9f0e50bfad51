//! `govtrack emit`: one event.

use std::process::ExitCode;

use anyhow::Context;
use govtrack_events::Envelope;

use crate::cli::EmitArgs;
use crate::client::{Sender, describe_error};

pub async fn run(args: EmitArgs) -> anyhow::Result<ExitCode> {
    let data_text = match args.data.strip_prefix('@') {
        Some(path) => {
            std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?
        }
        None => args.data.clone(),
    };
    let data = serde_json::from_str(&data_text).context("--data is not valid JSON")?;
    let envelope = Envelope {
        id: args.id,
        occurred_at: args.occurred_at,
        source: Some(args.source),
        expected_version: args.expected_version,
        ..Envelope::new(&args.event_type, &args.org.id, data)
    };
    let sender = Sender::connect(&args.target).await?;
    let (status, body) = sender
        .send(&args.org.id, serde_json::to_vec(&envelope)?)
        .await?;
    if status != 200 {
        eprintln!("rejected {}", describe_error(status, &body));
        return Ok(ExitCode::from(2));
    }
    let dup = if body["duplicate"].as_bool() == Some(true) {
        " (duplicate: already on the log)"
    } else {
        ""
    };
    println!(
        "{} appended as sequence {}{dup}",
        body["id"].as_str().unwrap_or("?"),
        body["sequence"]
    );
    Ok(ExitCode::SUCCESS)
}
