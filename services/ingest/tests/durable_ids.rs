//! An event id is stored once, for ever: after JetStream's duplicate window, after a
//! restart of ingest, over NATS, with two ingests racing, and when the index is lost.

use crate::common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::sponsor_named;
use govtrack_ingest::Settings;
use govtrack_runtime::CancellationToken;
use govtrack_testkit::TestNats;
use serde_json::{Value, json};

const WINDOW: Duration = Duration::from_secs(1);

/// Waits out the server's duplicate window, so only the durable index can answer.
async fn past_the_window() {
    tokio::time::sleep(WINDOW * 2).await;
}

fn settings(nats: &TestNats, data_dir: &Path) -> Settings {
    let mut settings = Settings::local(&nats.url(), data_dir);
    settings.http_addr = "127.0.0.1:0".parse().unwrap();
    settings.stream.duplicate_window = WINDOW;
    settings
}

struct Ingest {
    addr: std::net::SocketAddr,
    shutdown: CancellationToken,
    task: tokio::task::JoinHandle<anyhow::Result<()>>,
}

async fn start_ingest(nats: &TestNats, data_dir: &Path) -> Ingest {
    let app = govtrack_ingest::build(settings(nats, data_dir))
        .await
        .expect("ingest builds");
    let addr = app.local_addr();
    let shutdown = CancellationToken::new();
    let task = tokio::spawn(app.run(shutdown.clone()));
    Ingest {
        addr,
        shutdown,
        task,
    }
}

impl Ingest {
    async fn post(&self, body: &Value) -> (u16, Value) {
        let resp = govtrack_runtime::http_client()
            .post(format!("http://{}/v1/events", self.addr))
            .json(body)
            .send()
            .await
            .expect("request reaches ingest");
        let status = resp.status().as_u16();
        (status, resp.json().await.unwrap())
    }

    async fn stop(self) {
        self.shutdown.cancel();
        self.task.await.unwrap().expect("ingest stops cleanly");
    }
}

fn data_dir(nats: &TestNats, name: &str) -> PathBuf {
    nats.dir().join(name)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_id_sent_again_after_the_window_is_a_duplicate_with_its_original_sequence() {
    let nats = TestNats::start();
    let ingest = start_ingest(&nats, &data_dir(&nats, "a")).await;
    let (status, first) = ingest.post(&sponsor_named("x-1", "cio")).await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["duplicate"], false);
    ingest.post(&sponsor_named("x-2", "cfo")).await;
    past_the_window().await;

    let (status, again) = ingest.post(&sponsor_named("x-1", "cio")).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["duplicate"], true, "{again}");
    assert_eq!(
        again["sequence"], first["sequence"],
        "the original sequence"
    );
    assert_eq!(nats.log_messages().await, 2, "nothing appended");
    ingest.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_id_sent_again_after_a_restart_of_ingest_is_a_duplicate() {
    let nats = TestNats::start();
    let dir = data_dir(&nats, "a");
    let ingest = start_ingest(&nats, &dir).await;
    let (_, first) = ingest.post(&sponsor_named("r-1", "cio")).await;
    ingest.stop().await;
    past_the_window().await;

    let ingest = start_ingest(&nats, &dir).await;
    let (status, again) = ingest.post(&sponsor_named("r-1", "cio")).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["duplicate"], true, "{again}");
    assert_eq!(again["sequence"], first["sequence"]);
    assert_eq!(nats.log_messages().await, 1);
    ingest.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_index_is_rebuilt_from_the_log_before_anything_is_appended() {
    let nats = TestNats::start();
    let dir = data_dir(&nats, "a");
    let ingest = start_ingest(&nats, &dir).await;
    let (_, first) = ingest.post(&sponsor_named("l-1", "cio")).await;
    ingest.stop().await;
    std::fs::remove_dir_all(&dir).unwrap();
    past_the_window().await;

    let ingest = start_ingest(&nats, &dir).await;
    let (_, again) = ingest.post(&sponsor_named("l-1", "cio")).await;
    assert_eq!(again["duplicate"], true, "{again}");
    assert_eq!(again["sequence"], first["sequence"]);
    assert_eq!(nats.log_messages().await, 1);
    ingest.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_id_sent_again_over_nats_after_the_window_is_a_duplicate() {
    let nats = TestNats::start();
    let ingest = start_ingest(&nats, &data_dir(&nats, "a")).await;
    let client = nats.client().await;
    let request = |body: Value| {
        let client = client.clone();
        async move {
            let reply = client
                .request(
                    "govtrack.ingest.contoso",
                    serde_json::to_vec(&body).unwrap().into(),
                )
                .await
                .unwrap();
            serde_json::from_slice::<Value>(&reply.payload).unwrap()
        }
    };
    let first = request(sponsor_named("n-1", "cio")).await;
    assert_eq!(first["duplicate"], false, "{first}");
    past_the_window().await;
    let again = request(sponsor_named("n-1", "cio")).await;
    assert_eq!(again["duplicate"], true, "{again}");
    assert_eq!(again["sequence"], first["sequence"]);
    assert_eq!(nats.log_messages().await, 1);
    ingest.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_appends_only_the_ids_the_log_lacks() {
    let nats = TestNats::start();
    let ingest = start_ingest(&nats, &data_dir(&nats, "a")).await;
    let (_, first) = ingest.post(&sponsor_named("b-1", "cio")).await;
    past_the_window().await;
    let batch = json!([sponsor_named("b-1", "cio"), sponsor_named("b-2", "cfo")]);
    let (status, body) = ingest.post(&batch).await;
    assert_eq!(status, 200, "{body}");
    let results = body["results"].as_array().unwrap();
    assert_eq!(results[0]["duplicate"], true);
    assert_eq!(results[0]["sequence"], first["sequence"]);
    assert_eq!(results[1]["duplicate"], false);
    assert_eq!(results[1]["sequence"], 2);
    assert_eq!(nats.log_messages().await, 2);
    ingest.stop().await;
}

/// Posts ids `race-0` … `race-99` to `ingest`, one request each, all at once.
async fn send_all(ingest: &Ingest) -> Vec<Value> {
    let bodies: Vec<Value> = (0..100)
        .map(|i| sponsor_named(&format!("race-{i}"), "cio"))
        .collect();
    futures_util::future::join_all(bodies.iter().map(|b| ingest.post(b)))
        .await
        .into_iter()
        .map(|(status, body)| {
            assert_eq!(status, 200, "{body}");
            body
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_ingests_racing_the_same_ids_append_each_once_within_and_beyond_the_window() {
    let nats = TestNats::start();
    let a = start_ingest(&nats, &data_dir(&nats, "a")).await;
    let b = start_ingest(&nats, &data_dir(&nats, "b")).await;
    let (from_a, from_b) = tokio::join!(send_all(&a), send_all(&b));
    assert_eq!(nats.log_messages().await, 100, "racing within the window");
    for (x, y) in from_a.iter().zip(&from_b) {
        assert_eq!(x["sequence"], y["sequence"], "{x} {y}");
    }

    past_the_window().await;
    let (again_a, again_b) = tokio::join!(send_all(&b), send_all(&a));
    assert_eq!(
        nats.log_messages().await,
        100,
        "racing again beyond the window"
    );
    for (x, y) in again_a.iter().chain(&again_b).zip(from_a.iter().cycle()) {
        assert_eq!(x["duplicate"], true, "{x}");
        assert_eq!(x["sequence"], y["sequence"], "the original sequence");
    }
    a.stop().await;
    b.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_id_already_twice_on_an_old_log_answers_with_its_first_sequence() {
    let nats = TestNats::start();
    // A log written before the durable index: the same id twice, beyond the window.
    let js = async_nats::jetstream::new(nats.client().await);
    let stream = settings(&nats, &data_dir(&nats, "unused")).stream;
    govtrack_bus::streams::ensure_streams(&js, &stream)
        .await
        .unwrap();
    let publish = |id: &'static str| {
        let js = js.clone();
        async move {
            let body = json!({"id": id, "type": "sponsor.named", "org": "contoso",
                "data": {"sponsor": "cio", "name": "Ada", "formal": true}});
            let mut headers = async_nats::HeaderMap::new();
            headers.insert("Nats-Msg-Id", id);
            let subject = "govtrack.events.contoso.sponsor.cio";
            let ack = js
                .publish_with_headers(subject, headers, serde_json::to_vec(&body).unwrap().into())
                .await
                .unwrap()
                .await
                .unwrap();
            assert!(!ack.duplicate);
            ack.sequence
        }
    };
    assert_eq!(publish("old-1").await, 1);
    publish("old-2").await;
    past_the_window().await;
    assert_eq!(publish("old-1").await, 3, "the old log holds old-1 twice");

    let ingest = start_ingest(&nats, &data_dir(&nats, "a")).await;
    let (_, again) = ingest.post(&sponsor_named("old-1", "cio")).await;
    assert_eq!(again["duplicate"], true, "{again}");
    assert_eq!(again["sequence"], 1, "the first message of the id");
    assert_eq!(nats.log_messages().await, 3);
    ingest.stop().await;
}
