//! A rebuild swaps a new read model in while the api answers a steady stream of
//! requests: no request fails, and answers afterwards include everything.

use crate::common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use chrono::TimeDelta;
use common::*;
use govtrack_events::EventType;

fn load(prefix: &str, count: usize) -> Vec<govtrack_events::Event> {
    (0..count)
        .map(|n| {
            let event_type = EventType::ALL[n % EventType::ALL.len()];
            let at = days_ago(300) + TimeDelta::minutes(n as i64 * 37);
            example_event(
                &format!("{prefix}-{n}"),
                &format!("org-{}", n % 4),
                event_type,
                at,
                None,
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rebuild_while_the_api_serves_requests_fails_none_of_them() {
    let h = Harness::start().await;
    h.append(&load("a", 2000)).await;

    let stop = Arc::new(AtomicBool::new(false));
    let served = Arc::new(AtomicU64::new(0));
    let mut readers = Vec::new();
    for reader in 0..4 {
        let (http, base, stop, served) = (
            h.http.clone(),
            h.base_url.clone(),
            stop.clone(),
            served.clone(),
        );
        readers.push(tokio::spawn(async move {
            let paths = [
                "maturity",
                "okrs",
                "initiatives",
                "events?limit=50",
                "maturity/history",
            ];
            let mut failures = Vec::new();
            let mut n = reader;
            while !stop.load(Ordering::Relaxed) {
                let path = format!("/v1/orgs/org-{}/{}", n % 4, paths[n % paths.len()]);
                let response = http.get(format!("{base}{path}")).send().await.unwrap();
                if !response.status().is_success() {
                    failures.push(format!(
                        "{path}: {} {}",
                        response.status(),
                        response.text().await.unwrap()
                    ));
                }
                served.fetch_add(1, Ordering::Relaxed);
                n += 1;
            }
            failures
        }));
    }

    let settings = govtrack_projector::Settings::new(h.data.path());
    let mut total = 2000;
    for round in 0..3 {
        let report = govtrack_projector::rebuild(&settings, &h.bus, Default::default())
            .await
            .unwrap();
        assert!(report.sequence >= total as u64);
        h.append(&load(&format!("r{round}"), 300)).await;
        total += 300;
    }
    stop.store(true, Ordering::Relaxed);
    let mut failures = Vec::new();
    for reader in readers {
        failures.extend(reader.await.unwrap());
    }
    assert!(
        failures.is_empty(),
        "{} failed requests, e.g. {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
    assert!(
        served.load(Ordering::Relaxed) > 20,
        "the readers were not exercised"
    );

    let counted: u64 = h
        .client
        .orgs()
        .await
        .unwrap()
        .orgs
        .iter()
        .map(|o| o.events)
        .sum();
    assert_eq!(counted, total as u64);
    h.stop().await;
}
