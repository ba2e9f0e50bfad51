//! The api's cold first view from the projector's saved timeline: answers from a
//! saved timeline plus the events after it equal a whole-history build's, and a saved timeline
//! that is missing, damaged or saved under another model falls back to that build.

use crate::common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};
use common::*;
use govtrack_api::{App, AppState, Settings};
use govtrack_events::{Event, EventType};
use govtrack_maturity::{Model, Timeline};
use govtrack_readmodel::saved_timelines::{self, SavedTimeline};
use govtrack_readmodel::{self as store, ReadModelDir};
use serde_json::Value;
use tokio_util::sync::CancellationToken;

/// `count` events of `org`, every type in turn, six hours apart from `from`.
fn history(org: &str, (first, count): (usize, usize), from: DateTime<Utc>) -> Vec<Event> {
    (first..first + count)
        .map(|n| {
            let event_type = EventType::ALL[n % EventType::ALL.len()];
            let at = from + TimeDelta::hours(6 * n as i64);
            example_event(&format!("{org}-{n}"), org, event_type, at, None)
        })
        .collect()
}

fn db(h: &Harness) -> std::path::PathBuf {
    ReadModelDir::under(h.data.path())
        .current()
        .unwrap()
        .unwrap()
        .path
}

/// What the maturity routes answer: now, two past dates, and the history.
const PATHS: [&str; 4] = [
    "/v1/orgs/big/maturity",
    "/v1/orgs/big/maturity?as_of=2025-11-20T00:00:00Z",
    "/v1/orgs/big/maturity?as_of=2025-06-01T06:00:00Z",
    "/v1/orgs/big/maturity/history",
];

/// Past the horizon of any saved timeline the projector writes (400 days after the real now).
const FAR: &str = "/v1/orgs/big/maturity?as_of=2035-01-01T00:00:00Z";

/// A fresh api over the read model (empty caches): its answers to [`PATHS`], and its
/// timelines built from a saved timeline and from the whole history (the start-up warm-up
/// may build one too, at the same time as the first request).
async fn cold_answers(h: &Harness) -> (Vec<Value>, (u64, u64)) {
    cold_answers_to(h, &PATHS).await
}

/// Like [`cold_answers`], to `paths`.
async fn cold_answers_to(h: &Harness, paths: &[&str]) -> (Vec<Value>, (u64, u64)) {
    let mut settings = Settings::new(h.data.path());
    settings.http_addr = "127.0.0.1:0".parse().unwrap();
    let state = AppState::new(&settings).with_clock(Arc::new(now));
    let cache = state.cache.clone();
    let app = App::with_state(&settings, state).await.unwrap();
    let base = format!("http://{}", app.local_addr().unwrap());
    let stop = CancellationToken::new();
    let served = tokio::spawn(app.run(stop.clone()));
    let mut answers = Vec::new();
    for path in paths {
        let response = h.http.get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200, "{path}");
        answers.push(response.json::<Value>().await.unwrap());
    }
    stop.cancel();
    served.await.unwrap().unwrap();
    (answers, cache.timeline_builds())
}

/// Every timeline came from the saved timeline.
fn restored((from_saved, whole_history): (u64, u64)) -> bool {
    from_saved >= 1 && whole_history == 0
}

/// Every timeline came from the whole history.
fn replayed((from_saved, whole_history): (u64, u64)) -> bool {
    from_saved == 0 && whole_history >= 1
}

#[tokio::test]
async fn a_saved_timeline_and_the_events_after_it_answer_as_the_whole_history_and_a_bad_one_falls_back()
 {
    let mut h = Harness::start().await;
    let model = Model::default_model();
    let fingerprint = model.fingerprint();
    let start = days_ago(320);
    h.append(&history("big", (0, 1_200), start)).await;

    // The projector saves big's timeline once idle; then more events arrive after it.
    let started = Instant::now();
    let saved = loop {
        let conn = store::open_reader(&db(&h)).unwrap();
        if let Some(stored) = saved_timelines::read(&conn, "big", &fingerprint).unwrap() {
            break stored.timeline;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no saved timeline"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(saved.events, 1_200);
    h.append(&history("big", (1_200, 30), start)).await;
    h.stop_projector().await;
    let conn = store::open_reader(&db(&h)).unwrap();
    let stored = saved_timelines::read(&conn, "big", &fingerprint)
        .unwrap()
        .unwrap();
    assert_eq!((stored.timeline.events, stored.events_behind), (1_200, 30));

    let (from_saved, builds) = cold_answers(&h).await;
    assert!(
        restored(builds),
        "restored from the saved timeline, no whole-history build: {builds:?}"
    );
    let level = |answers: &[Value], i: usize| answers[i]["capabilities"].clone();
    assert_ne!(
        level(&from_saved, 0),
        level(&from_saved, 2),
        "the levels moved"
    );
    assert!(!from_saved[3]["changes"].as_array().unwrap().is_empty());

    let mut writer = store::open_writer(&db(&h)).unwrap();
    assert_eq!(saved_timelines::clear(&writer).unwrap(), 1);
    let (whole, builds) = cold_answers(&h).await;
    assert!(replayed(builds), "{builds:?}");
    assert_eq!(
        whole, from_saved,
        "the saved timeline answers as the whole history"
    );
    let (far_whole, _) = cold_answers_to(&h, &[FAR]).await;

    // Damaged text, and a timeline saved under another model, under big's key.
    let other = Model::builtin("2021").unwrap();
    let bad = [
        "{\"fingerprint\": \"2025\", \"timeline\": ".to_owned(),
        Timeline::build(&other, &[], now() + TimeDelta::days(400)).save(&other),
    ];
    for text in bad {
        let damaged = SavedTimeline {
            text,
            ..saved.clone()
        };
        saved_timelines::write(&mut writer, "big", &damaged).unwrap();
        let (answers, builds) = cold_answers(&h).await;
        assert!(
            replayed(builds),
            "fell back to the whole history: {builds:?}"
        );
        assert_eq!(answers, from_saved);
    }

    // The good saved timeline again restores, but not past its horizon.
    saved_timelines::write(&mut writer, "big", &saved).unwrap();
    let (answers, builds) = cold_answers(&h).await;
    assert!(restored(builds), "{builds:?}");
    assert_eq!(answers, from_saved);
    let (far, (_, whole_history)) = cold_answers_to(&h, &[FAR]).await;
    assert!(
        whole_history >= 1,
        "past the saved timeline's horizon: a whole build"
    );
    assert_eq!(far, far_whole);
}
