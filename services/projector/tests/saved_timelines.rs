//! The projector's saved timelines, against a real nats-server and real SQLite:
//! written once the writer is idle for organisations past the threshold only,
//! continued as events arrive, replaced when saved under another model, and always
//! answering as a whole-history build does.

use crate::common;

use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};
use common::*;
use govtrack_events::{Event, EventType};
use govtrack_maturity::{Fact, Model, Timeline};
use govtrack_projector::ProjectorMetrics;
use govtrack_readmodel::saved_timelines::{self, SAVE_TIMELINE_EVERY_EVENTS, SavedTimeline};
use govtrack_readmodel::{self as store, read};
use rusqlite::Connection;

/// `count` events of `org`, every type in turn, six hours apart from `from`.
fn history(org: &str, (first, count): (usize, usize), from: DateTime<Utc>) -> Vec<Event> {
    (first..first + count)
        .map(|n| {
            let event_type = EventType::ALL[n % EventType::ALL.len()];
            let at = from + TimeDelta::hours(6 * n as i64);
            event(&format!("{org}-{n}"), org, event_type, at)
        })
        .collect()
}

fn reader(h: &Harness) -> Connection {
    store::open_reader(&current_path(h.data.path()).unwrap()).unwrap()
}

/// Waits until `big`'s saved timeline folds in `events` events and nothing is pending.
async fn wait_for_saved_timeline(
    h: &Harness,
    metrics: &ProjectorMetrics,
    fingerprint: &str,
    events: u64,
) {
    let started = Instant::now();
    loop {
        let stored = saved_timelines::read(&reader(h), "big", fingerprint).unwrap();
        if stored.is_some_and(|s| s.timeline.events == events)
            && metrics.saved_timelines_pending.get() == 0
        {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no saved timeline of {events} events; pending {}",
            metrics.saved_timelines_pending.get()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The saved timeline of `big` answers every instant as a build over all its facts.
fn assert_answers_as_a_full_build(conn: &Connection, model: &Model, saved: &SavedTimeline) {
    let org = read::org(conn, "big").unwrap().unwrap();
    assert_eq!(
        (saved.sequence, saved.events),
        (org.last_sequence, org.events)
    );
    let restored = Timeline::restore(model, &saved.text).expect("the saved timeline restores");
    assert!(restored.covers(Utc::now() + TimeDelta::days(300)));
    let facts: Vec<Fact> = (read::facts(conn, "big").unwrap().into_iter())
        .map(|r| Fact::new(r.event_type, r.occurred_at, r.data))
        .collect();
    let full = Timeline::build(model, &facts, restored.horizon());
    assert_eq!(restored.facts(), facts.len());
    assert_eq!(restored.changes(), full.changes());
    assert!(!full.changes().is_empty(), "the history changes levels");
    for days in [0, 30, 100, 200, 300, 400] {
        let at = base_time() + TimeDelta::days(days);
        assert_eq!(restored.assess(model, at), full.assess(model, at), "{at}");
    }
}

#[tokio::test]
async fn a_large_organisation_gets_a_saved_timeline_once_idle_continued_and_replaced_and_a_small_one_none()
 {
    let h = Harness::start().await;
    let (shutdown, task, metrics) = spawn_with_metrics(h.settings(), h.bus.clone());
    let model = Model::default_model();
    let fingerprint = model.fingerprint();
    let first = 1_200;
    let mut events = history("big", (0, first), base_time());
    events.extend(history("small", (0, 40), base_time()));
    let last = h.append_all(&events).await;
    h.wait_for(last).await;

    wait_for_saved_timeline(&h, &metrics, &fingerprint, first as u64).await;
    let conn = reader(&h);
    assert_eq!(
        saved_timelines::read(&conn, "small", &fingerprint).unwrap(),
        None
    );
    assert_eq!(saved_timelines::totals(&conn).unwrap().0, 1, "only big's");
    let stored = saved_timelines::read(&conn, "big", &fingerprint)
        .unwrap()
        .unwrap();
    assert_eq!(stored.events_behind, 0);
    assert_answers_as_a_full_build(&conn, &model, &stored.timeline);

    // Fewer new events than the threshold: the saved timeline stays; past it, it continues.
    let few = history("big", (first, 10), base_time());
    h.wait_for(h.append_all(&few).await).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let stored = saved_timelines::read(&reader(&h), "big", &fingerprint)
        .unwrap()
        .unwrap();
    assert_eq!(
        (stored.timeline.events, stored.events_behind),
        (first as u64, 10)
    );
    let more = history(
        "big",
        (first + 10, SAVE_TIMELINE_EVERY_EVENTS as usize),
        base_time(),
    );
    h.wait_for(h.append_all(&more).await).await;
    let total = (first + 10) as u64 + SAVE_TIMELINE_EVERY_EVENTS;
    wait_for_saved_timeline(&h, &metrics, &fingerprint, total).await;
    let stored = saved_timelines::read(&reader(&h), "big", &fingerprint)
        .unwrap()
        .unwrap();
    assert_answers_as_a_full_build(&reader(&h), &model, &stored.timeline);

    // A saved timeline saved under another model is replaced by one under the organisation's.
    let mut writer = store::open_writer(&current_path(h.data.path()).unwrap()).unwrap();
    let other = SavedTimeline {
        model: Model::builtin("2021").unwrap().fingerprint(),
        ..stored.timeline.clone()
    };
    saved_timelines::write(&mut writer, "big", &other).unwrap();
    drop(writer);
    wait_for_saved_timeline(&h, &metrics, &fingerprint, total).await;
    let conn = reader(&h);
    assert_eq!(
        saved_timelines::read(&conn, "big", &other.model).unwrap(),
        None
    );
    assert_eq!(saved_timelines::totals(&conn).unwrap().0, 1);
    let stored = saved_timelines::read(&conn, "big", &fingerprint)
        .unwrap()
        .unwrap();
    assert_answers_as_a_full_build(&conn, &model, &stored.timeline);
    assert!(metrics.timelines_saved.get() >= 3);

    shutdown.cancel();
    task.await.unwrap().unwrap();
}

#[tokio::test]
async fn a_steady_live_flow_without_idle_seconds_still_gets_its_saved_timelines() {
    let h = Harness::start().await;
    let (shutdown, task, metrics) = spawn_with_metrics(h.settings(), h.bus.clone());
    // One event every 200 ms: the writer never stays a second without a commit.
    let ticker = {
        let bus = h.bus.clone();
        tokio::spawn(async move {
            for n in 0.. {
                let e = event(
                    &format!("tick-{n}"),
                    "ticker",
                    EventType::TrainingHeld,
                    Utc::now(),
                );
                for result in bus.append_batch(&[e], Utc::now()).await {
                    result.unwrap();
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        })
    };
    let last = h.append_all(&history("big", (0, 1_100), base_time())).await;
    h.wait_for(last).await;
    let fingerprint = Model::default_model().fingerprint();
    wait_for_saved_timeline(&h, &metrics, &fingerprint, 1_100).await;
    ticker.abort();
    let written = metrics.timelines_saved.get();
    assert_eq!(written, 1, "big's saved timeline, within the live share");
    shutdown.cancel();
    task.await.unwrap().unwrap();
}
