//! The long-running scheduler: schedule state, missed runs, and the lease between
//! two schedulers against one NATS.

use crate::common;

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use common::*;
use govtrack_scheduler::delivery::Format;
use govtrack_scheduler::jobs::JobKind;
use govtrack_scheduler::{Scheduler, Settings};

#[tokio::test]
async fn a_missed_run_after_downtime_runs_once() {
    let h = Harness::start().await;
    let settings = h.settings("a");
    let start: DateTime<Utc> = "2026-03-02T10:00:00Z".parse().unwrap();
    let scheduler = Scheduler::build(settings.clone(), h.bus.clone())
        .await
        .unwrap();
    let report = scheduler.tick(start).await.unwrap().unwrap();
    assert!(
        report.jobs.is_empty(),
        "the schedule starts now: no retroactive run"
    );
    let report = scheduler
        .tick(start + TimeDelta::hours(1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(report.jobs.len(), 1, "{report:?}");
    scheduler.lease().release().await.unwrap();
    drop(scheduler);

    // Down for five and a half hours; restarted on the same store.
    let scheduler = Scheduler::build(settings, h.bus.clone()).await.unwrap();
    let now = start + TimeDelta::minutes(390);
    let report = scheduler.tick(now).await.unwrap().unwrap();
    let stall: Vec<_> = report
        .jobs
        .iter()
        .filter(|j| j.job == "stall-scan")
        .collect();
    assert_eq!(stall.len(), 1);
    assert_eq!(stall[0].scheduled, start + TimeDelta::hours(6));
    assert_eq!(stall[0].coalesced, 4);
    let report = scheduler
        .tick(now + TimeDelta::minutes(10))
        .await
        .unwrap()
        .unwrap();
    assert!(report.jobs.is_empty());
}

fn fast(mut s: Settings) -> Settings {
    s.tick = Duration::from_millis(100);
    s.lease.ttl = Duration::from_secs(2);
    s.timing.group_wait = TimeDelta::milliseconds(200);
    let mut job = JobKind::StallScan.default_config();
    job.cron = "* * * * * *".to_owned();
    s.set_job(job);
    s
}

async fn wait_for(what: &str, mut done: impl AsyncFnMut() -> bool) {
    let started = std::time::Instant::now();
    while !done().await {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn two_schedulers_share_one_lease_and_a_successor_takes_over_without_repeating() {
    let h = Harness::start().await;
    let receiver = Receiver::start(&[OLD_SECRET]).await;
    let hook = receiver.hook(Format::Native);
    let (mut a, mut b) = (fast(h.settings("a")), fast(h.settings("b")));
    a.webhooks.push(hook.clone());
    b.webhooks.push(hook);
    let long_ago = Utc::now() - TimeDelta::days(40);
    for i in 0..3 {
        h.start_initiative("contoso", &format!("i{i}"), long_ago)
            .await;
    }
    let first = tokio::spawn(
        Scheduler::build(a, h.bus.clone())
            .await
            .unwrap()
            .run(Default::default()),
    );
    let second = tokio::spawn(
        Scheduler::build(b, h.bus.clone())
            .await
            .unwrap()
            .run(Default::default()),
    );
    wait_for("three firing alerts", async || {
        h.alert_messages().await.len() >= 3
    })
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        h.log_types("govtrack.events.contoso.initiative.>")
            .await
            .iter()
            .filter(|t| *t == "initiative.stalled")
            .count(),
        3
    );
    assert_eq!(h.alert_messages().await.len(), 3);
    assert_eq!(receiver.received().len(), 1);

    // The holder dies without releasing; the other takes over after the TTL and
    // notifies only what is new.
    let holder =
        govtrack_scheduler::lease::Lease::new(h.bus.jetstream(), &h.settings("x").lease, 1)
            .await
            .unwrap()
            .holder()
            .await
            .unwrap()
            .unwrap();
    let (dead, alive) = if holder == "a" {
        (first, second)
    } else {
        (second, first)
    };
    dead.abort();
    h.start_initiative("contoso", "late", long_ago).await;
    wait_for("the late initiative's alert", async || {
        h.alert_messages().await.len() >= 4
    })
    .await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(h.alert_messages().await.len(), 4);
    assert_eq!(receiver.received().len(), 2);
    alive.abort();
}

/// GET `path` of the scheduler at `addr`: the status and the body.
async fn get(addr: std::net::SocketAddr, path: &str) -> (u16, String) {
    let http = govtrack_runtime::http_client();
    govtrack_testkit::get(&http, format!("http://{addr}{path}")).await
}

async fn metrics_text(addr: std::net::SocketAddr) -> String {
    let (status, text) = get(addr, "/metrics").await;
    assert_eq!(status, 200);
    text
}

/// The value of the sample whose line starts with `series` (name and labels).
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

#[tokio::test]
async fn metrics_over_http_count_runs_findings_notifications_deliveries_and_the_lease() {
    let h = Harness::start().await;
    let receiver = Receiver::start(&[OLD_SECRET]).await;
    let mut settings = fast(h.settings("a"));
    settings.webhooks.push(receiver.hook(Format::Native));
    settings.http_addr = Some("127.0.0.1:0".parse().unwrap());
    h.start_initiative("contoso", "i1", Utc::now() - TimeDelta::days(40))
        .await;
    let scheduler = Scheduler::build(settings, h.bus.clone()).await.unwrap();
    let addr = scheduler.http_addr().expect("bound");
    let shutdown = tokio_util::sync::CancellationToken::new();
    let running = tokio::spawn(scheduler.run(shutdown.clone()));

    assert_eq!(get(addr, "/healthz").await.0, 200);
    assert_eq!(get(addr, "/readyz").await.0, 200);
    let delivered = r#"govtrack_scheduler_deliveries_succeeded_total{target="hook"}"#;
    wait_for("the webhook delivery to be counted", async || {
        sample(&metrics_text(addr).await, delivered) == Some(1.0)
    })
    .await;
    let text = metrics_text(addr).await;
    let runs = r#"govtrack_scheduler_job_runs_total{job="stall-scan",outcome="ok"}"#;
    assert!(sample(&text, runs).unwrap_or(0.0) >= 1.0, "{text}");
    for (series, value) in [
        (
            r#"govtrack_scheduler_findings_appended_total{job="stall-scan"}"#,
            1.0,
        ),
        (
            r#"govtrack_scheduler_notifications_queued_total{reason="firing"}"#,
            1.0,
        ),
        (
            r#"govtrack_scheduler_deliveries_attempted_total{target="hook"}"#,
            1.0,
        ),
        (
            r#"govtrack_scheduler_deliveries_succeeded_total{target="nats"}"#,
            1.0,
        ),
        ("govtrack_scheduler_outbox_pending", 0.0),
        ("govtrack_scheduler_lease_held", 1.0),
        ("govtrack_scheduler_projection_lag_events", 0.0),
    ] {
        assert_eq!(sample(&text, series), Some(value), "{series} in\n{text}");
    }
    let checkpoint = sample(&text, "govtrack_scheduler_projection_checkpoint_sequence");
    assert!(
        checkpoint.unwrap_or(0.0) >= 2.0,
        "started + stalled: {text}"
    );

    shutdown.cancel();
    running.await.unwrap().unwrap();
    assert!(
        govtrack_runtime::http_client()
            .get(format!("http://{addr}/healthz"))
            .send()
            .await
            .is_err(),
        "the endpoint stops with the scheduler"
    );
}

/// With one replica, as on a single server; the 3-node case is in the e2e crate
/// (`tests/tests/cluster.rs`).
#[tokio::test]
async fn the_lease_stream_takes_the_logs_replica_count() {
    let h = Harness::start().await;
    let scheduler = Scheduler::build(h.settings("a"), h.bus.clone())
        .await
        .unwrap();
    let mut stream = h
        .bus
        .jetstream()
        .get_stream(govtrack_scheduler::lease::LEASE_STREAM)
        .await
        .unwrap();
    assert_eq!(stream.info().await.unwrap().config.num_replicas, 1);
    assert!(scheduler.lease().try_acquire().await.unwrap());

    // Provisioning again (every start does) keeps the stream and the lease.
    let again = Scheduler::build(h.settings("b"), h.bus.clone())
        .await
        .unwrap();
    assert!(!again.lease().try_acquire().await.unwrap(), "a holds it");
    assert_eq!(stream.info().await.unwrap().config.num_replicas, 1);
}
