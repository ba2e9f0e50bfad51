//! The long-running scheduler: schedule state, missed runs, and the lease between
//! two schedulers against one NATS.

mod common;

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
    let hook = webhook("hook", &receiver.url(), &[OLD_SECRET], Format::Native);
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
