//! Server-side render time of `/orgs/{org}` for an organisation with 10,000 events.
//!
//! Starts a throwaway nats-server, appends a generated history (sponsors, policies,
//! targets, 5 objectives with 20 key results, 30 initiatives, then measurements,
//! progress notes, trainings, hackathons, reviews and evidence over three years), lets
//! the real projector fold it into SQLite, then times the page through the dashboard's
//! render function in four cases — cold (nothing cached, as after the api starts), warm
//! (now, and a year ago), and the first view after each of 50 new events (the live
//! case) — with a breakdown by part, and over loopback HTTP.
//!
//! Run: `cargo run --release -p govtrack-api --example dashboard_bench`

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};
use govtrack_api::cache::{OkrRows, ReadCache};
use govtrack_api::dashboard::{load, render_org, render_view};
use govtrack_api::{App, AppState, ReadPool, Settings};
use govtrack_bus::streams::StreamSettings;
use govtrack_bus::{Bus, NatsSettings};
use govtrack_events::{Event, EventType as T};
use govtrack_maturity::{Model, Timeline};
use govtrack_testkit::{TestNats, example_event, wait_for_read_model};
use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;

const ORG: &str = "bench";
const EVENTS: usize = 10_000;
const RENDERS: usize = 200;

fn now() -> DateTime<Utc> {
    "2026-03-01T12:00:00Z".parse().unwrap()
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let nats = TestNats::start();
    let client = govtrack_bus::connect(&NatsSettings::new(nats.url(), "dashboard-bench")).await?;
    let bus = Bus::new(client, &StreamSettings::default()).await?;
    let data = tempfile::tempdir()?;
    let shutdown = CancellationToken::new();
    let projector = tokio::spawn(govtrack_projector::run(
        govtrack_projector::Settings::new(data.path()),
        bus.clone(),
        shutdown.clone(),
    ));

    let events = history();
    let started = Instant::now();
    let mut last = 0;
    for chunk in events.chunks(500) {
        for result in bus.append_batch(chunk, Utc::now()).await {
            last = last.max(result?.sequence);
        }
    }
    wait_for_read_model(data.path(), last).await;
    println!(
        "seeded {} events for {ORG:?} (appended and projected in {:.1} s)",
        events.len(),
        started.elapsed().as_secs_f64()
    );

    let settings = Settings::new(data.path());
    let model = Model::default_model();
    let pool = ReadPool::new(settings.read_model());
    let cache = ReadCache::default();
    let cold = |as_of: Option<DateTime<Utc>>| {
        let cache = ReadCache::default();
        pool.with_conn(|c| render_org(c, &model, ORG, (as_of, now()), &cache, None))
            .expect("pool")
            .expect("render")
    };
    report(
        "render_org, cold (nothing cached: the first view after the api starts)",
        &time(|| drop(cold(None))),
    );
    let render = |as_of: Option<DateTime<Utc>>| {
        pool.with_conn(|c| render_org(c, &model, ORG, (as_of, now()), &cache, None))
            .expect("pool")
            .expect("render")
    };
    let size = render(None).len();
    report(
        "render_org, warm (timeline lookup + OKR arithmetic + HTML), now",
        &time(|| drop(render(None))),
    );
    breakdown(&pool, &model);
    let view = pool
        .with_conn(|c| load(c, &model, ORG, (now(), false, now()), &cache))
        .expect("pool")
        .expect("load");
    report(
        "  part: HTML from a loaded view",
        &time(|| drop(render_view(&view, None))),
    );
    let past = Some(now() - TimeDelta::days(365));
    report(
        "render_org, warm, as_of one year ago",
        &time(|| drop(render(past))),
    );

    // The live case: a new event of the organisation has been applied since the last
    // view (its facts are read, the timeline extended, the new measurements read).
    let mut after_event = Vec::with_capacity(RENDERS / 4);
    for n in 0..RENDERS / 4 {
        let (t, body) = routine(n);
        // Live events come in time order, each later than the ones before.
        let at = now() - TimeDelta::hours(1) + TimeDelta::seconds(n as i64);
        let new = event(EVENTS + n, t, at, body);
        let sequence = bus
            .append_batch(&[new], Utc::now())
            .await
            .remove(0)?
            .sequence;
        wait_for_read_model(data.path(), sequence).await;
        let started = Instant::now();
        drop(render(None));
        after_event.push(started.elapsed());
    }
    report(
        "render_org, first view after a new event (its facts read, the timeline extended)",
        &after_event,
    );

    let mut http_settings = Settings::new(data.path());
    http_settings.http_addr = "127.0.0.1:0".parse()?;
    let state = AppState::new(&http_settings).with_clock(Arc::new(now));
    let app = App::with_state(&http_settings, state).await?;
    let url = format!("http://{}/orgs/{ORG}", app.local_addr()?);
    tokio::spawn(app.run(shutdown.clone()));
    let http = govtrack_runtime::http_client();
    let mut samples = Vec::with_capacity(RENDERS);
    for i in 0..RENDERS + 10 {
        let started = Instant::now();
        let body = http
            .get(&url)
            .send()
            .await?
            .error_for_status()?
            .text()
            .await?;
        assert!(body.len() > 1000);
        if i >= 10 {
            samples.push(started.elapsed());
        }
    }
    report("GET /orgs/{org} over loopback HTTP", &samples);
    println!("page size: {} KiB", size / 1024);

    shutdown.cancel();
    projector.await??;
    Ok(())
}

/// Where one render's time goes, part by part (p50 of each).
fn breakdown(pool: &ReadPool, model: &Model) {
    let facts = || {
        pool.with_conn(|c| govtrack_readmodel::read::facts(c, ORG))
            .expect("pool")
            .expect("facts")
    };
    report("  part: read facts", &time(|| drop(facts())));
    let rows = facts();
    let facts: Vec<govtrack_maturity::Fact> = rows
        .into_iter()
        .map(|r| govtrack_maturity::Fact::new(r.event_type, r.occurred_at, r.data))
        .collect();
    let horizon = now() + TimeDelta::days(400);
    report(
        "  part: build the timeline (cold only)",
        &time(|| drop(Timeline::build(model, &facts, horizon))),
    );
    let timeline = Timeline::build(model, &facts, horizon);
    report(
        "  part: assess from the timeline",
        &time(|| drop(timeline.assess(model, now()))),
    );
    report(
        "  part: evaluate by replay (what a request cost before the timeline)",
        &time(|| drop(govtrack_maturity::evaluate(model, &facts, now()))),
    );
    let rows = || {
        pool.with_conn(|c| OkrRows::read(c, ORG))
            .expect("pool")
            .expect("okr rows")
    };
    report("  part: read OKR rows (cold only)", &time(|| drop(rows())));
    let rows = rows();
    report(
        "  part: OKRs from the rows",
        &time(|| drop(govtrack_api::query::okrs(&rows, ORG, now()))),
    );
}

/// Times `RENDERS` calls after 10 warm-up calls.
fn time(mut f: impl FnMut()) -> Vec<Duration> {
    for _ in 0..10 {
        f();
    }
    (0..RENDERS)
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed()
        })
        .collect()
}

fn report(what: &str, samples: &[Duration]) {
    let mut ms: Vec<f64> = samples.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
    println!(
        "{what}: n={} p50={:.2} ms p99={:.2} ms max={:.2} ms (target < 20 ms)",
        ms.len(),
        at(0.5),
        at(0.99),
        at(1.0)
    );
}

fn event(n: usize, event_type: T, at: DateTime<Utc>, data: Value) -> Event {
    example_event(&format!("bench-{n:05}"), ORG, event_type, at, Some(data))
}

/// 10,000 events over 1,000 days: a programme set up in its first weeks, then three
/// years of measurements, progress and community events.
fn history() -> Vec<Event> {
    let start = now() - TimeDelta::days(1000);
    let step = TimeDelta::days(1000) / EVENTS as i32;
    let mut kinds: Vec<(T, Value)> = setup();
    let mut i = 0;
    while kinds.len() < EVENTS {
        kinds.push(routine(i));
        i += 1;
    }
    (kinds.into_iter().enumerate())
        .map(|(n, (t, data))| event(n, t, start + step * n as i32, data))
        .collect()
}

fn setup() -> Vec<(T, Value)> {
    let mut out = vec![
        (T::SponsorNamed, json!({"sponsor": "cio", "formal": false})),
        (
            T::DlpPolicySet,
            json!({"policy": "default-env", "scope": "default"}),
        ),
        (T::CoeKitDeployed, json!({"module": "core"})),
        (T::SponsorNamed, json!({"sponsor": "cio", "formal": true})),
        (T::WelcomeEmailEnabled, json!({})),
        (T::EnvironmentStrategyPublished, json!({})),
        (
            T::EnvironmentCreated,
            json!({"environment": "finance-prod", "managed": true}),
        ),
        (T::VisionPublished, json!({})),
        (T::IntakeProcessEstablished, json!({})),
    ];
    for cap in [
        "governance",
        "community",
        "sponsorship",
        "strategy",
        "security",
    ] {
        out.push((
            T::CapabilityTargetSet,
            json!({"capability": cap, "level": 400}),
        ));
    }
    for o in 0..5 {
        out.push((
            T::ObjectiveDefined,
            json!({"objective": format!("obj-{o}"), "title": format!("Objective {o}")}),
        ));
        for k in 0..4 {
            out.push((T::KeyResultDefined, json!({
                "key_result": format!("kr-{o}-{k}"), "objective": format!("obj-{o}"),
                "title": format!("Key result {o}.{k}"), "target": 100.0, "unit": "%", "due": "2026-12-31"})));
        }
        for n in 0..6 {
            out.push((T::InitiativeStarted, json!({
                "initiative": format!("ini-{o}-{n}"), "objective": format!("obj-{o}"),
                "key_results": [format!("kr-{o}-{}", n % 4)], "title": format!("Initiative {o}.{n}")})));
        }
    }
    out
}

fn routine(i: usize) -> (T, Value) {
    let (o, k, n) = (i % 5, (i / 5) % 4, (i / 7) % 6);
    match i % 20 {
        0..=7 => (
            T::KeyResultMeasured,
            json!({"key_result": format!("kr-{o}-{k}"), "value": (i % 100) as f64}),
        ),
        8..=12 => (
            T::InitiativeProgressed,
            json!({"initiative": format!("ini-{o}-{n}"), "percent": (i % 100) as u8}),
        ),
        13 => (T::TrainingHeld, json!({})),
        14 => (T::HackathonHeld, json!({})),
        15 => (T::SponsorReviewHeld, json!({})),
        16 => (T::ShowAndTellHeld, json!({})),
        17 => (
            T::ChampionRecognized,
            json!({"champion": format!("champ-{}", i % 50)}),
        ),
        18 => (T::KpiReviewed, json!({})),
        _ => (T::EvidenceRecorded, json!({})),
    }
}
