//! Benchmark of issue 5 (a command, not a timed test):
//!
//! `cargo run --release -p govtrack-scheduler --example stall_bench [initiatives] [orgs] [webhooks]`
//!
//! 1. Stall scan over 1,000,000 active initiatives in 10,000 orgs, synthesised straight
//!    into the scheduler's projection table: wall time, peak RSS (VmHWM), and the ratio
//!    to a plain SQLite full scan of the same table in the same run.
//! 2. Delivery throughput of signed webhooks to a local axum receiver that verifies
//!    every signature.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::HeaderMap;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, TimeDelta, Utc};
use govtrack_bus::streams::StreamSettings;
use govtrack_bus::{Bus, NatsSettings};
use govtrack_scheduler::alerts::{Notice, NoticeStatus, Notification, Reason};
use govtrack_scheduler::delivery::{Format, Secret};
use govtrack_scheduler::rules::stall::{self, Thresholds};
use govtrack_scheduler::store::{self, scan};
use govtrack_scheduler::{Context, Settings, WebhookConfig, deliver_due};
use hmac::{Hmac, Mac};
use rusqlite::params;
use sha2::Sha256;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

fn arg(n: usize, default: usize) -> usize {
    std::env::args()
        .nth(n)
        .and_then(|a| a.parse().ok())
        .unwrap_or(default)
}

fn vm_hwm_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

fn now() -> DateTime<Utc> {
    "2026-06-01T00:00:00Z".parse().unwrap()
}

fn synthesise(conn: &mut rusqlite::Connection, initiatives: usize, orgs: usize) {
    let per_org = initiatives / orgs;
    let tx = conn.transaction().unwrap();
    {
        let mut insert = tx
            .prepare(
                "INSERT INTO initiatives (org, initiative, title, owner, checkin_days, state, last_activity_ms)
                 VALUES (?1, ?2, NULL, 'owner', 14, 'active', ?3)",
            )
            .unwrap();
        for o in 0..orgs {
            let org = format!("org-{o:05}");
            for i in 0..per_org {
                // Last activity spread over the past 40 days: about 30 % are stalled.
                let n = (o * per_org + i) as i64;
                let ago = TimeDelta::minutes((n * 7919) % (40 * 24 * 60));
                let last = (now() - ago).timestamp_millis();
                insert
                    .execute(params![org, format!("init-{i:04}"), last])
                    .unwrap();
            }
        }
    }
    tx.commit().unwrap();
}

fn scan_bench(initiatives: usize, orgs: usize) {
    let dir = tempfile::tempdir().unwrap();
    let path = store::path_under(dir.path());
    let mut conn = store::open(&path).unwrap();
    let t = Instant::now();
    synthesise(&mut conn, initiatives, orgs);
    println!(
        "synthesised {initiatives} initiatives in {orgs} orgs in {:.2?} (VmHWM {:.1} MiB)",
        t.elapsed(),
        vm_hwm_mib()
    );
    drop(conn);
    let conn = store::open(&path).unwrap();
    let thresholds = Thresholds::default();
    let mut plain = Vec::new();
    let mut rule = Vec::new();
    let mut found = 0;
    for _ in 0..3 {
        let t = Instant::now();
        let rows = scan::plain_full_scan(&conn).unwrap();
        plain.push(t.elapsed());
        assert_eq!(rows as usize, initiatives);
        let t = Instant::now();
        let mut out = Vec::new();
        scan::for_each_initiative(&conn, |row| {
            stall::scan(row, thresholds.of(row.org), now(), &mut out)
        })
        .unwrap();
        rule.push(t.elapsed());
        found = out.len();
    }
    let best = |v: &Vec<Duration>| *v.iter().min().unwrap();
    println!(
        "plain SQLite full scan:  best {:.3?}  (runs {:?})",
        best(&plain),
        plain
    );
    println!(
        "stall scan (rule+finds): best {:.3?}  (runs {:?}), {found} stalled found",
        best(&rule),
        rule
    );
    println!(
        "ratio stall scan / plain scan: {:.2}   peak RSS (VmHWM): {:.1} MiB",
        best(&rule).as_secs_f64() / best(&plain).as_secs_f64(),
        vm_hwm_mib()
    );
}

#[derive(Clone)]
struct Counter {
    ok: Arc<AtomicU64>,
    key: Arc<Vec<u8>>,
}

async fn receive(
    State(c): State<Counter>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> axum::http::StatusCode {
    let h = |n: &str| {
        headers
            .get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(&c.key).unwrap();
    mac.update(format!("{}.{}.", h("webhook-id"), h("webhook-timestamp")).as_bytes());
    mac.update(&body);
    let expected = format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()));
    if h("webhook-signature").split(' ').any(|s| s == expected) {
        c.ok.fetch_add(1, Ordering::Relaxed);
        axum::http::StatusCode::NO_CONTENT
    } else {
        axum::http::StatusCode::UNAUTHORIZED
    }
}

async fn delivery_bench(count: usize) {
    let nats = govtrack_testkit::TestNats::start();
    let settings = NatsSettings::new(nats.url(), "bench");
    let bus = Bus::connect(&settings, &StreamSettings::default())
        .await
        .unwrap();
    let counter = Counter {
        ok: Arc::new(AtomicU64::new(0)),
        key: Arc::new(
            STANDARD
                .decode(SECRET.strip_prefix("whsec_").unwrap())
                .unwrap(),
        ),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = axum::Router::new()
        .route("/hook", axum::routing::post(receive))
        .with_state(counter.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let dir = tempfile::tempdir().unwrap();
    let mut settings = Settings::new(dir.path());
    settings.webhooks.push(WebhookConfig {
        name: "hook".into(),
        org: None,
        url: format!("http://{addr}/hook"),
        secrets: vec![Secret::parse(SECRET).unwrap()],
        format: Format::Alertmanager,
    });
    let ctx = Context::new(settings, bus).unwrap();
    ctx.db
        .call(move |c| {
            let tx = c.transaction()?;
            for i in 0..count {
                let notice = Notice {
                    status: NoticeStatus::Firing,
                    fingerprint: format!("{i:016x}"),
                    org: format!("org-{}", i % 100),
                    kind: "initiative_stalled".into(),
                    entity: format!("init-{i}"),
                    summary: format!("Initiative init-{i} has had no check-in since 2026-04-01"),
                    since: now(),
                    ends_at: None,
                    labels: Default::default(),
                };
                let n = Notification::new(
                    &notice.org.clone(),
                    Reason::Firing,
                    now() + TimeDelta::milliseconds(i as i64),
                    vec![notice],
                    None,
                );
                store::alerts::insert_notification(&tx, &n, &["hook".to_owned()])?;
            }
            tx.commit()?;
            Ok(())
        })
        .await
        .unwrap();
    let t = Instant::now();
    let report = deliver_due(&ctx, now() + TimeDelta::hours(1))
        .await
        .unwrap();
    let elapsed = t.elapsed();
    let verified = counter.ok.load(Ordering::Relaxed);
    println!(
        "webhooks: {} delivered, {verified} signatures verified by the receiver, in {elapsed:.2?} = {:.0} signed webhooks/s (concurrency {})",
        report.delivered,
        report.delivered as f64 / elapsed.as_secs_f64(),
        ctx.settings.delivery.concurrency
    );
}

#[tokio::main]
async fn main() {
    let initiatives = arg(1, 1_000_000);
    let orgs = arg(2, 10_000);
    let webhooks = arg(3, 20_000);
    scan_bench(initiatives, orgs);
    delivery_bench(webhooks).await;
}
