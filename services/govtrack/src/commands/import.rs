//! `govtrack import FILE.jsonl`: bulk load in batches, with a progress bar, safe to
//! re-run, ending with a summary that names each rejected line.

use std::io::{BufRead, BufReader, Read};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use govtrack_events::{Envelope, validate};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::cli::ImportArgs;
use crate::client::{Sender, describe_error};

/// Lines shown in the summary at most; the count covers all.
const MAX_LISTED: usize = 200;

#[derive(Default)]
struct Summary {
    lines: usize,
    appended: usize,
    duplicates: usize,
    rejected: Vec<(usize, String)>,
}

struct Batch {
    org: String,
    lines: Vec<usize>,
    envelopes: Vec<Envelope>,
}

pub async fn run(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let (reader, size) = open(&args.file)?;
    let progress = progress_bar(size, args.quiet);
    let sender = Sender::connect(&args.target).await?;
    let per_org = args.target.via_nats.is_some();
    let mut summary = Summary::default();
    let mut batch = Batch {
        org: String::new(),
        lines: vec![],
        envelopes: vec![],
    };
    for (i, line) in BufReader::new(reader).lines().enumerate() {
        let line = line.with_context(|| format!("cannot read line {}", i + 1))?;
        progress.inc(line.len() as u64 + 1);
        if line.trim().is_empty() {
            continue;
        }
        summary.lines += 1;
        match prepare(&line) {
            Ok(envelope) => {
                let switch = per_org && !batch.envelopes.is_empty() && batch.org != envelope.org;
                if switch || batch.envelopes.len() >= args.batch as usize {
                    send(&sender, &mut batch, &mut summary).await?;
                }
                batch.org = envelope.org.clone();
                batch.lines.push(i + 1);
                batch.envelopes.push(envelope);
            }
            Err(reason) => summary.rejected.push((i + 1, reason)),
        }
        progress.set_message(format!(
            "{} appended, {} rejected",
            summary.appended,
            summary.rejected.len()
        ));
    }
    send(&sender, &mut batch, &mut summary).await?;
    progress.finish_and_clear();
    Ok(report(&summary))
}

fn open(path: &std::path::Path) -> anyhow::Result<(Box<dyn Read>, Option<u64>)> {
    if path.as_os_str() == "-" {
        return Ok((Box::new(std::io::stdin()), None));
    }
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let size = file.metadata().ok().map(|m| m.len());
    Ok((Box::new(file), size))
}

fn progress_bar(size: Option<u64>, quiet: bool) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let bar = match size {
        Some(n) => ProgressBar::new(n).with_style(
            ProgressStyle::with_template("{bar:40} {percent:>3}% {binary_bytes_per_sec} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        ),
        None => ProgressBar::new_spinner(),
    };
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// Parses and checks one line; a line without `id` gets one from its content, so
/// a re-run finds it already on the log.
fn prepare(line: &str) -> Result<Envelope, String> {
    let mut envelope: Envelope =
        serde_json::from_str(line).map_err(|e| format!("not a valid envelope: {e}"))?;
    if envelope.id.is_none() {
        let digest = Sha256::digest(line.trim().as_bytes());
        envelope.id = Some(format!("import-{}", &hex::encode(digest)[..40]));
    }
    validate(envelope.clone(), chrono::Utc::now()).map_err(|e| {
        e.problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    Ok(envelope)
}

/// Sends the batch; events the server refuses are taken out (and reported) and the
/// rest sent again; an unavailable server is retried with the same ids.
async fn send(sender: &Sender, batch: &mut Batch, summary: &mut Summary) -> anyhow::Result<()> {
    let mut attempt = 0u32;
    while !batch.envelopes.is_empty() {
        let body = serde_json::to_vec(&batch.envelopes)?;
        let (status, answer) = sender.send(&batch.org, body).await?;
        match status {
            200 => {
                count(&answer, summary);
                batch.lines.clear();
                batch.envelopes.clear();
            }
            400 | 403 | 409 => drop_refused(batch, status, &answer, summary)?,
            502..=504 if attempt < 8 => {
                attempt += 1;
                tokio::time::sleep(Duration::from_millis(250 * u64::from(attempt))).await;
            }
            _ => anyhow::bail!(
                "import stopped at line {}: {} ({} appended so far; re-run to resume)",
                batch.lines[0],
                describe_error(status, &answer),
                summary.appended
            ),
        }
    }
    Ok(())
}

fn count(answer: &Value, summary: &mut Summary) {
    for r in answer["results"].as_array().into_iter().flatten() {
        if r["duplicate"].as_bool() == Some(true) {
            summary.duplicates += 1;
        } else {
            summary.appended += 1;
        }
    }
}

fn drop_refused(
    batch: &mut Batch,
    status: u16,
    answer: &Value,
    summary: &mut Summary,
) -> anyhow::Result<()> {
    let problems = answer["error"]["problems"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut refused: Vec<usize> = problems
        .iter()
        .filter_map(|p| p["index"].as_u64().map(|i| i as usize))
        .collect();
    if refused.is_empty() {
        // A refusal for the whole batch (a conflict or a permission): every line.
        refused = (0..batch.envelopes.len()).collect();
    }
    refused.sort_unstable();
    refused.dedup();
    for &i in refused.iter().rev() {
        let reason = problems
            .iter()
            .filter(|p| p["index"].as_u64() == Some(i as u64))
            .map(|p| {
                format!(
                    "{}: {}",
                    p["field"].as_str().unwrap_or(""),
                    p["reason"].as_str().unwrap_or("")
                )
            })
            .collect::<Vec<_>>();
        let reason = if reason.is_empty() {
            describe_error(status, answer)
        } else {
            reason.join("; ")
        };
        summary.rejected.push((batch.lines.remove(i), reason));
        batch.envelopes.remove(i);
    }
    Ok(())
}

fn report(summary: &Summary) -> ExitCode {
    println!(
        "{} lines: {} appended, {} already on the log, {} rejected",
        summary.lines,
        summary.appended,
        summary.duplicates,
        summary.rejected.len()
    );
    let mut rejected = summary.rejected.clone();
    rejected.sort();
    for (line, reason) in rejected.iter().take(MAX_LISTED) {
        println!("  line {line}: {reason}");
    }
    if rejected.len() > MAX_LISTED {
        println!("  … and {} more", rejected.len() - MAX_LISTED);
    }
    if rejected.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}
