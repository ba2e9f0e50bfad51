//! NATS is killed and restarted while events stream in: every event that got a 2xx is
//! in the log exactly once, and requests during the outage got 503.

use crate::common;

use std::collections::HashMap;
use std::time::Duration;

use common::sponsor_named;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_events_survive_a_nats_restart_exactly_once() {
    let mut svc = common::start(None).await;
    let mut statuses: HashMap<String, u16> = HashMap::new();
    let mut during_outage = Vec::new();
    for i in 0..400 {
        if i == 100 {
            svc.nats.kill();
        }
        if i == 160 {
            svc.nats.restart();
        }
        let id = format!("evt-{i}");
        let (status, _) = svc.post(&sponsor_named(&id, &format!("s{i}"))).await;
        if (100..160).contains(&i) {
            during_outage.push(status);
        }
        statuses.insert(id, status);
        if (160..200).contains(&i) {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
    assert!(
        during_outage.iter().all(|s| *s == 503),
        "during the outage: {during_outage:?}"
    );
    let acked: Vec<&String> = statuses
        .iter()
        .filter(|(_, s)| **s == 200)
        .map(|(id, _)| id)
        .collect();
    assert!(
        acked.len() >= 200,
        "most events after the restart are accepted: {}",
        acked.len()
    );

    let client = svc.nats.client().await;
    let js = async_nats::jetstream::new(client);
    let stream = js.get_stream("GOVTRACK_EVENTS").await.unwrap();
    let mut counts: HashMap<String, u32> = HashMap::new();
    let last = stream.get_info().await.unwrap().state.last_sequence;
    for seq in 1..=last {
        let msg = stream.get_raw_message(seq).await.unwrap();
        let body: serde_json::Value = serde_json::from_slice(&msg.payload).unwrap();
        *counts
            .entry(body["id"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    for id in acked {
        assert_eq!(
            counts.get(id),
            Some(&1),
            "{id} acknowledged but stored {:?} times",
            counts.get(id)
        );
    }
    assert!(counts.values().all(|n| *n == 1), "no id is stored twice");
}
