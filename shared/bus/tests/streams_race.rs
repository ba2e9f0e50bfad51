//! Services that start together provision the streams at the same instant: every one
//! of them must start, whoever creates the streams first, and the server must live
//! through it (nats-server 2.9 crashes on an update that reaches a stream it is still
//! creating, which is what racing `create_or_update_stream` calls used to send).

use std::sync::Arc;
use std::time::Duration;

use async_nats::jetstream;
use govtrack_bus::NatsServerProcess;
use govtrack_bus::streams::{StreamSettings, ensure_streams};
use govtrack_bus::subjects::{ALERTS_STREAM, EVENTS_STREAM};
use tokio::sync::Barrier;

/// Provisioners racing on each fresh server.
const RACERS: usize = 8;
/// Fresh servers, one race each: against the old provisioning, about one race in
/// fifty of identical settings failed (10065, or the server crashed).
const ROUNDS: usize = 50;
/// Fresh servers for racers with different settings (the old provisioning failed
/// every one).
const MIXED_ROUNDS: usize = 10;

/// A fresh nats-server with JetStream and its own store, deleted on drop.
struct FreshServer {
    server: NatsServerProcess,
    dir: tempfile::TempDir,
}

impl FreshServer {
    fn start() -> FreshServer {
        let dir = tempfile::tempdir().expect("temp dir");
        let server = NatsServerProcess::start(&dir.path().join("store"), None, &[])
            .unwrap_or_else(|e| panic!("cannot start nats-server for the test: {e}"));
        FreshServer { server, dir }
    }

    /// The end of the server's log: where a crash would show.
    fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(self.dir.path().join("store/nats-server.log"))
            .unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }
}

/// One connection per entry of `settings`, each provisioning the streams with those
/// settings once every connection is open; the errors, if any.
async fn race(server: &FreshServer, settings: &[StreamSettings]) -> Vec<String> {
    let barrier = Arc::new(Barrier::new(settings.len()));
    let mut racers = Vec::new();
    for settings in settings {
        let client = async_nats::connect(server.server.url())
            .await
            .expect("connect");
        let (barrier, settings) = (barrier.clone(), settings.clone());
        racers.push(tokio::spawn(async move {
            let js = jetstream::new(client);
            barrier.wait().await;
            ensure_streams(&js, &settings).await
        }));
    }
    let mut errors = Vec::new();
    for racer in racers {
        if let Err(e) = racer.await.expect("racer task") {
            errors.push(e.to_string());
        }
    }
    errors
}

async fn duplicate_window(server: &FreshServer, name: &str) -> Duration {
    let js = jetstream::new(async_nats::connect(server.server.url()).await.unwrap());
    let mut stream = js.get_stream(name).await.expect("the stream exists");
    stream.info().await.unwrap().config.duplicate_window
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn provisioners_racing_on_a_fresh_server_all_succeed() {
    for round in 0..ROUNDS {
        let server = FreshServer::start();
        let errors = race(&server, &vec![StreamSettings::default(); RACERS]).await;
        assert!(
            errors.is_empty(),
            "round {round}: {errors:#?}\nserver log:\n{}",
            server.log_tail()
        );
        for name in [EVENTS_STREAM, ALERTS_STREAM] {
            assert_eq!(
                duplicate_window(&server, name).await,
                Duration::from_secs(120)
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racers_with_other_settings_all_start_and_a_later_start_applies_its_own() {
    // Half the racers want a 2-minute duplicate window, half 5 minutes: whoever creates
    // the stream, every racer starts (the losers read the winner's stream and update
    // it to their own settings).
    let two = StreamSettings::default();
    let five = StreamSettings {
        duplicate_window: Duration::from_secs(300),
        ..StreamSettings::default()
    };
    for round in 0..MIXED_ROUNDS {
        let server = FreshServer::start();
        let mut settings = vec![two.clone(); RACERS / 2];
        settings.extend(vec![five.clone(); RACERS / 2]);
        let errors = race(&server, &settings).await;
        assert!(
            errors.is_empty(),
            "round {round}: {errors:#?}\nserver log:\n{}",
            server.log_tail()
        );
        let window = duplicate_window(&server, EVENTS_STREAM).await;
        assert!(
            [two.duplicate_window, five.duplicate_window].contains(&window),
            "{window:?}"
        );
        // A start after the race finds the stream and brings it to its settings.
        let js = jetstream::new(async_nats::connect(server.server.url()).await.unwrap());
        ensure_streams(&js, &five).await.expect("a later start");
        ensure_streams(&js, &two)
            .await
            .expect("another later start");
        let window = duplicate_window(&server, EVENTS_STREAM).await;
        assert_eq!(window, two.duplicate_window, "round {round}");
    }
}
