//! kill -9 of the projector process at random points during a load, then a restart: the
//! final read model equals a clean rebuild, table by table.

use crate::common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{TimeDelta, Utc};
use common::*;
use govtrack_maturity::{Fact, Model, Timeline};
use govtrack_readmodel::saved_timelines::{self, SAVE_TIMELINE_EVERY_EVENTS};
use govtrack_readmodel::{self as store, read};
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

const EVENTS: usize = 100_000;
const KILLS: usize = 10;
const ORGS: usize = 50;

/// Waits (up to a minute) until `count` organisations have a saved timeline; how many do.
async fn wait_for_saved_timelines(h: &Harness, count: usize) -> u64 {
    let started = Instant::now();
    loop {
        let path = current_path(h.data.path()).unwrap();
        let (n, _) = saved_timelines::totals(&store::open_reader(&path).unwrap()).unwrap();
        if n as usize >= count || started.elapsed() > Duration::from_secs(60) {
            return n;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Every saved timeline that survived the kills restores, and answers as a build over its
/// organisation's events up to its sequence.
fn assert_saved_timelines_answer_as_whole_histories(h: &Harness) {
    let conn = store::open_reader(&current_path(h.data.path()).unwrap()).unwrap();
    let model = Model::default_model();
    let fingerprint = model.fingerprint();
    let mut checked = 0;
    for org in read::orgs(&conn).unwrap() {
        let Some(stored) = saved_timelines::read(&conn, &org.org, &fingerprint).unwrap() else {
            continue;
        };
        let saved = stored.timeline;
        assert!(saved.events >= SAVE_TIMELINE_EVERY_EVENTS);
        let restored = Timeline::restore(&model, &saved.text).expect("restores");
        let facts: Vec<Fact> = read::facts_between(&conn, &org.org, 0, saved.sequence)
            .unwrap()
            .into_iter()
            .map(|r| Fact::new(r.event_type, r.occurred_at, r.data))
            .collect();
        assert_eq!(facts.len() as u64, saved.events, "{}", org.org);
        let full = Timeline::build(&model, &facts, restored.horizon());
        assert_eq!(restored.changes(), full.changes(), "{}", org.org);
        let now = Utc::now();
        for at in [
            now,
            now - TimeDelta::days(200),
            base_time() + TimeDelta::days(30),
        ] {
            assert_eq!(restored.assess(&model, at), full.assess(&model, at));
        }
        checked += 1;
    }
    assert!(checked > 0, "no saved timeline survived to check");
}

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
    let events = mixed_events("load", EVENTS, ORGS);
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
        wait_for_read_model(h.data.path(), threshold).await;
        tokio::time::sleep(rng.millis(0, 40)).await;
        kill9(&mut child);
        checkpoints_at_kill.push(read_model_checkpoint(h.data.path()));
        child = spawn_projector_process(&h);
    }
    let last = loader.await.unwrap();
    eprintln!("killed at checkpoints {checkpoints_at_kill:?} of {last}");

    let started = Instant::now();
    wait_for_read_model(h.data.path(), last).await;
    eprintln!("caught up in {:?}", started.elapsed());
    // Every org has 2,000 events: the idle projector saves the timeline of each.
    let saved = wait_for_saved_timelines(&h, ORGS).await;
    kill9(&mut child);
    let survived = h.dump();
    assert!(
        survived.iter().all(|(t, _)| t != "maturity_snapshots"),
        "saved timelines are a cache, not in the dump"
    );
    assert_saved_timelines_answer_as_whole_histories(&h);
    eprintln!("{saved} saved timelines before the last kill");

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
