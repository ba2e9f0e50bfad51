//! kill -9 of the projector process at random points during a load, then a restart: the
//! final read model equals a clean rebuild, table by table.

mod common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

const EVENTS: usize = 100_000;
const KILLS: usize = 10;

fn spawn_projector_process(h: &Harness) -> Child {
    Command::new(env!("CARGO_BIN_EXE_govtrack-projector"))
        .env("GOVTRACK_NATS_URL", h.nats.url())
        .env("GOVTRACK_DATA_DIR", h.data.path())
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .expect("spawn govtrack-projector")
}

fn kill9(child: &mut Child) {
    kill(Pid::from_raw(child.id() as i32), Signal::SIGKILL).unwrap();
    child.wait().unwrap();
}

/// A small xorshift, seeded from the clock; the seed is printed so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn from_env_or_clock() -> Rng {
        let seed = std::env::var("KILL9_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
                    | 1
            });
        eprintln!("KILL9_SEED={seed}");
        Rng(seed)
    }

    fn millis(&mut self, from: u64, to: u64) -> Duration {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        Duration::from_millis(from + self.0 % (to - from))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_at_random_points_then_restart_equals_a_clean_rebuild() {
    let h = Harness::start().await;
    let events = mixed_events("load", EVENTS, 50);
    let mut rng = Rng::from_env_or_clock();
    let mut child = spawn_projector_process(&h);

    let loader = {
        let bus = h.bus.clone();
        tokio::spawn(async move {
            let mut last = 0;
            for chunk in events.chunks(250) {
                for result in bus.append_batch(chunk, chrono::Utc::now()).await {
                    last = last.max(result.unwrap().sequence);
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            last
        })
    };

    // Kill points spread over the whole load: after a random share of it is applied,
    // plus a random few milliseconds so that kills land inside batches too.
    let mut thresholds: Vec<u64> = (0..KILLS)
        .map(|_| rng.millis(1, EVENTS as u64).as_millis() as u64)
        .collect();
    thresholds.sort_unstable();
    let mut checkpoints_at_kill = Vec::new();
    for threshold in thresholds {
        wait_for_checkpoint(h.data.path(), threshold).await;
        tokio::time::sleep(rng.millis(0, 40)).await;
        kill9(&mut child);
        checkpoints_at_kill.push(checkpoint_of(h.data.path()));
        child = spawn_projector_process(&h);
    }
    let last = loader.await.unwrap();
    eprintln!("killed at checkpoints {checkpoints_at_kill:?} of {last}");

    let started = Instant::now();
    wait_for_checkpoint(h.data.path(), last).await;
    eprintln!("caught up in {:?}", started.elapsed());
    kill9(&mut child);
    let survived = h.dump();

    let report = govtrack_projector::rebuild(&h.settings(), &h.bus, Default::default())
        .await
        .unwrap();
    assert_eq!(report.sequence, last);
    let rebuilt = h.dump();
    assert_eq!(survived.len(), rebuilt.len());
    for ((table, rows), (_, clean)) in survived.iter().zip(&rebuilt) {
        assert_eq!(rows.len(), clean.len(), "table {table}: row counts differ");
        assert!(rows == clean, "table {table} differs from a clean rebuild");
    }
    let events_table = survived.iter().find(|(t, _)| t == "events").unwrap();
    assert_eq!(events_table.1.len(), EVENTS, "every event exactly once");
    assert!(
        checkpoints_at_kill.iter().any(|c| *c > 0 && *c < last),
        "no kill landed mid-load: {checkpoints_at_kill:?}"
    );
}
