//! What the feeds cost the projector's write path: the same events written through
//! [`Batch`] in 500-event transactions, without a `source` and with one (three tools
//! taking turns), best of three rounds each.
//!
//! `cargo run --release -p govtrack-readmodel --example sources_cost [EVENTS]`

use std::time::Instant;

use govtrack_readmodel::write::Batch;
use govtrack_readmodel::{ReadyEvent, open_writer};

fn event(n: u64, source: Option<&str>) -> ReadyEvent {
    let at = format!("2026-03-01T10:{:02}:{:02}.000000Z", (n / 60) % 60, n % 60);
    let micros = govtrack_readmodel::time_micros(at.parse().expect("a valid time"));
    ReadyEvent {
        id: format!("e{n}"),
        org: "contoso".into(),
        event_type: "hackathon.held",
        source: source.map(str::to_owned),
        occurred_micros: micros,
        recorded_micros: micros,
        occurred_at: at,
        data: r#"{"name":"Spring hack","participants":40}"#.into(),
        recorded_by: None,
        changes: Vec::new(),
    }
}

/// Events per second writing `n` events, each with a source when `with_source`.
fn round(n: u64, with_source: bool) -> f64 {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open_writer(&dir.path().join("rm.db")).unwrap();
    let tools = ["hr-sync", "github", "inventory-sync"];
    let events: Vec<ReadyEvent> = (1..=n)
        .map(|i| event(i, with_source.then(|| tools[i as usize % 3])))
        .collect();
    let started = Instant::now();
    for (c, chunk) in events.chunks(500).enumerate() {
        let tx = conn.transaction().unwrap();
        let batch = Batch::new(&tx).unwrap();
        for (i, e) in chunk.iter().enumerate() {
            let sequence = (c * 500 + i + 1) as u64;
            batch.record_event(sequence, e).unwrap();
        }
        batch.finish(((c + 1) * 500) as u64).unwrap();
        tx.commit().unwrap();
    }
    n as f64 / started.elapsed().as_secs_f64()
}

fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200_000);
    let best = |with_source| (0..3).map(|_| round(n, with_source)).fold(0.0, f64::max);
    let (without, with) = (best(false), best(true));
    println!("{n} events in 500-event transactions, best of 3");
    println!("  without source: {without:>10.0} events/s");
    println!(
        "  with source:    {with:>10.0} events/s  ({:+.1}%)",
        (with / without - 1.0) * 100.0
    );
}
