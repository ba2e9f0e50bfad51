//! A 3-node NATS cluster from the repository's own configuration
//! (deploy/cluster/nats-node.conf) with an R3 log: the stream leader is killed while
//! events are ingested. Every acknowledged event is in the log exactly once (clients
//! retry with the same ids), and the projector's read model equals a clean rebuild.
//! The scheduler's lease stream takes the log's replica count, so it too outlives the
//! loss of a node.

use crate::support;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use govtrack_bus::streams::StreamSettings;
use govtrack_bus::{Bus, NatsSettings};
use govtrack_runtime::CancellationToken;
use serde_json::{Value, json};
use support::{ConfiguredNats, deploy_file, free_port};

const EVENTS: usize = 240;

fn start_cluster(dir: &std::path::Path) -> Vec<ConfiguredNats> {
    let client: Vec<u16> = (0..3).map(|_| free_port()).collect();
    let cluster: Vec<u16> = (0..3).map(|_| free_port()).collect();
    let route = |i: usize| format!("nats-route://127.0.0.1:{}", cluster[i]);
    (0..3)
        .map(|i| {
            let env = [
                ("GOVTRACK_NODE_NAME", format!("n{}", i + 1)),
                ("GOVTRACK_CLIENT_PORT", client[i].to_string()),
                ("GOVTRACK_CLUSTER_PORT", cluster[i].to_string()),
                (
                    "GOVTRACK_STORE_DIR",
                    dir.join(format!("n{}", i + 1)).to_str().unwrap().to_owned(),
                ),
                ("GOVTRACK_ROUTE_1", route(0)),
                ("GOVTRACK_ROUTE_2", route(1)),
                ("GOVTRACK_ROUTE_3", route(2)),
            ];
            ConfiguredNats::start(&deploy_file("cluster/nats-node.conf"), client[i], &[], &env)
        })
        .collect()
}

/// The R3 stream can be created once the cluster has elected its meta leader.
async fn bus_when_ready(urls: &str) -> Bus {
    let started = Instant::now();
    loop {
        let attempt = async {
            let client = govtrack_bus::connect(&NatsSettings::new(urls, "cluster-test")).await?;
            Bus::new(
                client,
                &StreamSettings {
                    replicas: 3,
                    ..Default::default()
                },
            )
            .await
        };
        match attempt.await {
            Ok(bus) => return bus,
            Err(e) if started.elapsed() < Duration::from_secs(30) => {
                eprintln!("cluster not ready yet: {e}");
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            Err(e) => panic!("cluster never became ready: {e}"),
        }
    }
}

/// A three-node cluster under `dir`: its nodes, their client URLs (comma-separated),
/// and a bus with the R3 streams once the cluster can hold them.
async fn cluster(dir: &std::path::Path) -> (Vec<ConfiguredNats>, String, Bus) {
    let nodes = start_cluster(dir);
    let urls: Vec<String> = nodes.iter().map(ConfiguredNats::url).collect();
    let urls = urls.join(",");
    let bus = bus_when_ready(&urls).await;
    (nodes, urls, bus)
}

async fn stream_leader(bus: &Bus) -> Option<String> {
    let mut stream = bus.jetstream().get_stream("GOVTRACK_EVENTS").await.ok()?;
    stream.info().await.ok()?.cluster.as_ref()?.leader.clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killing_the_stream_leader_loses_nothing_and_views_equal_a_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let (mut nodes, urls, bus) = cluster(dir.path()).await;

    let mut settings = govtrack_ingest::Settings::local(&urls, &dir.path().join("ingest"));
    settings.http_addr = "127.0.0.1:0".parse().unwrap();
    let ingest = govtrack_ingest::build_with_bus(settings, bus.clone())
        .await
        .unwrap();
    let url = format!("http://{}/v1/events", ingest.local_addr());
    let shutdown = CancellationToken::new();
    let _guard = shutdown.clone().drop_guard();
    tokio::spawn(ingest.run(shutdown.child_token()));
    let data = dir.path().join("data");
    let projector =
        govtrack_projector::Projector::build(govtrack_projector::Settings::new(&data)).unwrap();
    tokio::spawn(projector.run(bus.clone(), shutdown.child_token()));

    let http = govtrack_runtime::http_client_builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let mut acked: HashMap<String, u64> = HashMap::new();
    let mut unavailable = 0;
    for i in 0..EVENTS {
        if i == EVENTS / 3 {
            let leader = stream_leader(&bus).await.expect("the stream has a leader");
            let index: usize = leader.trim_start_matches('n').parse::<usize>().unwrap() - 1;
            eprintln!("killing the stream leader {leader}");
            nodes[index].kill();
        }
        let id = format!("c-{i}");
        let event = json!({"id": id, "type": "champion.recognized", "org": "contoso", "data": {"champion": format!("c{i}")}});
        // A real client: retry with the same id until acknowledged.
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let response = http.post(&url).json(&event).send().await;
            if let Ok(r) = response {
                let status = r.status().as_u16();
                let body: Value = r.json().await.unwrap_or(Value::Null);
                if status == 200 {
                    acked.insert(id.clone(), body["sequence"].as_u64().unwrap());
                    break;
                }
                assert_eq!(status, 503, "only unavailability is expected: {body}");
                unavailable += 1;
            }
            assert!(Instant::now() < deadline, "{id} never acknowledged");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
    eprintln!("{unavailable} answers were 503 during the fail-over");
    assert_eq!(acked.len(), EVENTS);

    let stream = bus.jetstream().get_stream("GOVTRACK_EVENTS").await.unwrap();
    let last = stream.get_info().await.unwrap().state.last_sequence;
    let mut stored: HashMap<String, u32> = HashMap::new();
    for seq in 1..=last {
        if let Ok(msg) = stream.get_raw_message(seq).await {
            let body: Value = serde_json::from_slice(&msg.payload).unwrap();
            *stored
                .entry(body["id"].as_str().unwrap().to_owned())
                .or_default() += 1;
        }
    }
    for id in acked.keys() {
        assert_eq!(
            stored.get(id),
            Some(&1),
            "{id} acknowledged but stored {:?} times",
            stored.get(id)
        );
    }

    // The projector followed the fail-over; its views equal a clean rebuild.
    let dir_of = govtrack_readmodel::ReadModelDir::under(&data);
    govtrack_testkit::wait_for_read_model(&data, last).await;
    let dump = || {
        let conn =
            govtrack_readmodel::open_reader(&dir_of.current().unwrap().unwrap().path).unwrap();
        govtrack_readmodel::dump(&conn).unwrap()
    };
    let live = dump();
    shutdown.cancel();
    govtrack_projector::rebuild(
        &govtrack_projector::Settings::new(&data),
        &bus,
        CancellationToken::new(),
    )
    .await
    .unwrap();
    let rebuilt = dump();
    assert_eq!(live, rebuilt, "the live read model equals a clean rebuild");
    let events = live
        .iter()
        .find(|(t, _)| t == "events")
        .expect("events table");
    assert_eq!(
        events.1.len(),
        EVENTS,
        "every event exactly once in the read model"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_scheduler_lease_has_three_replicas_and_survives_losing_its_leader() {
    use govtrack_scheduler::lease::{LEASE_STREAM, Lease};
    let dir = tempfile::tempdir().unwrap();
    let (mut nodes, _, bus) = cluster(dir.path()).await;
    let settings = |name: &str| {
        let mut s = govtrack_scheduler::Settings::new(dir.path().join(name));
        s.lease.holder = name.to_owned();
        s.stream_replicas = 3;
        s
    };
    // A lease stream left by an earlier version with one replica is scaled up.
    Lease::new(bus.jetstream(), &settings("old").lease, 1)
        .await
        .unwrap();
    let a = govtrack_scheduler::Scheduler::build(settings("a"), bus.clone())
        .await
        .unwrap();
    let b = govtrack_scheduler::Scheduler::build(settings("b"), bus.clone())
        .await
        .unwrap();
    let mut stream = bus.jetstream().get_stream(LEASE_STREAM).await.unwrap();
    assert_eq!(stream.info().await.unwrap().config.num_replicas, 3);
    // The re-scaled stream answers once its group has elected a leader.
    retry("a to take the lease", async || {
        a.lease().try_acquire().await.map(|ok| ok.then_some(()))
    })
    .await;
    let info = stream.info().await.unwrap();

    let leader = (info.cluster.as_ref().and_then(|c| c.leader.clone())).expect("a stream leader");
    let index: usize = leader.trim_start_matches('n').parse::<usize>().unwrap() - 1;
    eprintln!("killing the lease stream's leader {leader}");
    nodes[index].kill();

    // Once a new leader is elected, the lease is still a's: b cannot take it and a
    // renews it.
    let holder = retry("the lease stream to recover", async || {
        b.lease().holder().await
    })
    .await;
    assert_eq!(holder, "a");
    assert!(
        !b.lease().try_acquire().await.unwrap(),
        "the lease was lost with the node"
    );
    assert!(a.lease().try_acquire().await.unwrap());
}

/// Retries `attempt` until it answers `Ok(Some(_))`, for up to 30 s (a Raft group
/// electing its leader answers with time-outs meanwhile).
async fn retry<T>(
    what: &str,
    mut attempt: impl AsyncFnMut() -> Result<Option<T>, govtrack_scheduler::lease::LeaseError>,
) -> T {
    let started = Instant::now();
    loop {
        match attempt().await {
            Ok(Some(value)) => return value,
            Ok(None) => eprintln!("waiting for {what}"),
            Err(e) => eprintln!("waiting for {what}: {e}"),
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}
