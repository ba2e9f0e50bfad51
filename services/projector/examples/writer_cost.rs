//! What the projector's SQLite writer costs per event on its own, with NATS delivery
//! out of the way: the log's messages are read into memory first, then applied to a
//! fresh read model in batches of [`BATCH_EVENTS`] through the projector's own sink
//! (decoding on its second thread, as in a catch-up). Reports the wall time and the CPU
//! time of the writing thread, per event.
//!
//! Needs a filled log, e.g. the one `govtrack-bench read --keep` leaves behind:
//!
//! ```text
//! nats-server -js -sd RUN_DIR/nats/jetstream -p 4333 &
//! cargo run --release -p govtrack-projector --example writer_cost -- nats://127.0.0.1:4333
//! ```

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use govtrack_bus::consume::{BatchSettings, BatchSink, LogMessage, Replay};
use govtrack_bus::subjects::EVENTS_STREAM;
use govtrack_projector::{BATCH_EVENTS, ProjectorMetrics, ProjectorSink};
use govtrack_readmodel::ReadModelDir;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let url = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "nats://127.0.0.1:4222".to_owned());
    let messages = read_log(&url).await?;
    let events = messages.len();
    let dir = tempfile::tempdir()?;
    let mut registry = prometheus_client::registry::Registry::default();
    let metrics = ProjectorMetrics::register(&mut registry);
    let mut sink = ProjectorSink::live(ReadModelDir::under(dir.path()), metrics)?;
    let batches: Vec<Vec<LogMessage>> = messages
        .chunks(BATCH_EVENTS)
        .map(<[LogMessage]>::to_vec)
        .collect();
    drop(messages);
    let (cpu_before, started) = (thread_cpu()?, Instant::now());
    for batch in batches {
        sink.apply(batch)?;
    }
    let (wall, cpu) = (started.elapsed(), thread_cpu()? - cpu_before);
    let per_event = |d: Duration| d.as_secs_f64() * 1e6 / events as f64;
    println!(
        "{events} events applied in {:.2} s: {:.2} us per event of wall time, {:.2} us of the writing thread's CPU",
        wall.as_secs_f64(),
        per_event(wall),
        per_event(cpu)
    );
    Ok(())
}

/// Every message of the log, in order.
async fn read_log(url: &str) -> anyhow::Result<Vec<LogMessage>> {
    let client = async_nats::connect(url)
        .await
        .with_context(|| format!("while connecting to {url}"))?;
    let js = async_nats::jetstream::new(client);
    let mut stream = js.get_stream(EVENTS_STREAM).await?;
    let last = stream.info().await?.state.last_sequence;
    if last == 0 {
        bail!("{EVENTS_STREAM} is empty: fill it first (govtrack-bench read --keep)");
    }
    eprintln!("reading {last} messages into memory ...");
    let settings = BatchSettings {
        max_events: BATCH_EVENTS,
        ..BatchSettings::default()
    };
    let mut replay = Replay::start(&js, 1, settings).await?;
    let mut messages = Vec::new();
    while messages
        .last()
        .is_none_or(|m: &LogMessage| m.sequence < last)
    {
        messages.extend(replay.next_batch(|| false).await?);
    }
    Ok(messages)
}

/// CPU time (user and system) of the calling thread so far.
fn thread_cpu() -> anyhow::Result<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat")?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok());
    // utime and stime: fields 14 and 15 of the line, the 12th and 13th after the name.
    let (Some(user), Some(system)) = (ticks(11), ticks(12)) else {
        bail!("cannot read this thread's CPU time");
    };
    // Clock ticks are 1/100 s on Linux.
    Ok(Duration::from_millis((user + system) * 10))
}
