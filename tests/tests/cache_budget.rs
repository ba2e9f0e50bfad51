//! The api's cache budget (`GOVTRACK_API_CACHE_MB`): an api whose caches hold about a
//! third of what its organisations need answers exactly what an api with room for all
//! of them answers, while it evicts; its caches never pass the budget.

use crate::common;

use std::sync::Arc;

use common::*;
use govtrack_api::cache::ReadCache;
use govtrack_api::{App, AppState, Settings};
use govtrack_events::{Event, EventType};
use tokio_util::sync::CancellationToken;

const ORGS: usize = 6;

/// Every type of the catalogue for `org`, a day apart, starting `from` days ago.
fn history(org: &str, round: usize, from: i64) -> Vec<Event> {
    (EventType::ALL.iter().enumerate())
        .map(|(n, t)| {
            let id = format!("{org}-{round}-{n}");
            example_event(&id, org, *t, days_ago(from - n as i64), None)
        })
        .collect()
}

/// An api over `data` with `budget` bytes of cache; its base URL and its cache.
async fn api(
    data: &std::path::Path,
    budget: usize,
    shutdown: CancellationToken,
) -> (String, Arc<ReadCache>) {
    let mut settings = Settings::new(data);
    settings.http_addr = "127.0.0.1:0".parse().unwrap();
    settings.cache_bytes = budget;
    let state = AppState::new(&settings).with_clock(Arc::new(now));
    let cache = state.cache.clone();
    let app = App::with_state(&settings, state).await.unwrap();
    let base_url = format!("http://{}", app.local_addr().unwrap());
    tokio::spawn(app.run(shutdown));
    (base_url, cache)
}

/// What an api answers for `org` on every read route, as text.
async fn answers(http: &reqwest::Client, base: &str, org: &str) -> Vec<String> {
    let mut out = Vec::new();
    for route in [
        "maturity",
        "maturity?as_of=2025-12-01",
        "maturity/history",
        "okrs",
        "initiatives",
        "events?limit=1000",
    ] {
        let url = format!("{base}/v1/orgs/{org}/{route}");
        let response = http.get(&url).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200, "{url}");
        out.push(response.text().await.unwrap());
    }
    out
}

#[tokio::test]
async fn a_tiny_cache_budget_evicts_and_still_answers_what_a_roomy_one_does() {
    let h = Harness::start().await;
    let orgs: Vec<String> = (0..ORGS).map(|n| format!("org-{n}")).collect();
    for org in &orgs {
        h.append(&history(org, 0, 200)).await;
    }
    // How much every organisation takes, measured on a roomy api.
    let (roomy_url, roomy) = api(h.data.path(), 256 << 20, h.shutdown.clone()).await;
    for org in &orgs {
        answers(&h.http, &roomy_url, org).await;
    }
    let needed = roomy.bytes();
    assert!(needed > 0, "the roomy api keeps what it read");
    assert_eq!(roomy.evictions(), 0);

    let budget = needed / 3;
    let (tiny_url, tiny) = api(h.data.path(), budget, h.shutdown.clone()).await;
    for round in 1..=3 {
        for org in &orgs {
            let got = answers(&h.http, &tiny_url, org).await;
            let want = answers(&h.http, &roomy_url, org).await;
            assert_eq!(got, want, "round {round}, {org}");
            assert!(tiny.bytes() <= budget, "{} > {budget}", tiny.bytes());
        }
        // The log moves on between rounds: cached entries go stale.
        h.append(&history(&orgs[round % ORGS], round, 100)).await;
    }
    assert!(tiny.evictions() > 0, "a third of the room must evict");
    h.stop().await;
}
