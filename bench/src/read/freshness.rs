//! (c) Freshness: how long after ingest acknowledges an event the api shows it.
//!
//! Method. With ingest, projector and api running over the filled log, [`SENDERS`]
//! senders (tools, each on its own keep-alive connection) post one event per
//! `POST /v1/events` to ingest on a fixed schedule that adds up to [`RATE`] events/s:
//! event `i` is due at `start + i / RATE` and sent by sender `i % SENDERS`, spread over
//! every seeded organisation. The acknowledgement is the 200 answer carrying the
//! event's stream sequence `S`; its arrival starts the clock. Every [`SAMPLE_EVERY`]-th
//! event is then probed through the api over HTTP by a task of its own, with
//! `GET /v1/orgs/{org}/events?after=S-1&limit=1` (one indexed row), at once and then
//! every [`PROBE_INTERVAL`] until the answer holds sequence `S`; the clock stops when
//! that answer arrives.
//!
//! What that means for the figures: a sample is an upper bound, late by at most one
//! probe interval plus one probe round trip (both reported). Probing a sample rather
//! than every event keeps the probes' own load small (a few hundred cheap requests/s,
//! reported as probes/s, against an api and projector that otherwise idle); no
//! inference across events is made, each sample is seen by a probe of its own. The
//! events are built before the clock starts.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use serde::Deserialize;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use super::http_conn::HttpConnection;
use super::workload::History;
use crate::measure::Tally;

/// Events per second sent to ingest.
pub const RATE: u64 = 1000;
/// Concurrent senders, each with its own connection to ingest.
pub const SENDERS: usize = 16;
/// One acknowledged event in this many is probed.
pub const SAMPLE_EVERY: u64 = 10;
/// Time between two probes of one sample.
pub const PROBE_INTERVAL: Duration = Duration::from_millis(1);
/// A sample not visible after this long counts as a failure.
const GIVE_UP: Duration = Duration::from_secs(10);
/// Samples slower than this are listed with the moment they were acknowledged.
pub const SLOW: Duration = Duration::from_millis(50);

/// The phase's figures.
pub struct Freshness {
    /// Events sent.
    pub sent: u64,
    /// From the first scheduled send to the last acknowledgement.
    pub send_elapsed: Duration,
    /// Acknowledgement to visibility, one entry per sample.
    pub visibility: Tally,
    /// Ingest's answer time (POST to acknowledgement), every event.
    pub acks: Tally,
    /// Probe round trips.
    pub probes: Tally,
    /// Samples slower than [`SLOW`]: (seconds after the start when acknowledged, ms).
    pub slow: Vec<(f64, f64)>,
}

/// One event to send: its org and its request body.
pub struct Outgoing {
    org: String,
    body: Vec<u8>,
}

/// `seconds × RATE` events of `history` tagged `tag`, ready to send.
pub fn prepare(history: &History, tag: &str, seconds: u64) -> anyhow::Result<Vec<Outgoing>> {
    (0..seconds * RATE)
        .map(|i| {
            let envelope = history.live(tag, i)?;
            Ok(Outgoing {
                org: envelope.org.clone(),
                body: serde_json::to_vec(&envelope)?,
            })
        })
        .collect()
}

/// Sends `events` to ingest at `ingest_url` on schedule and measures each sample
/// through the api at `api_url`.
pub async fn run(
    ingest_url: &str,
    api_url: &str,
    events: Vec<Outgoing>,
) -> anyhow::Result<Freshness> {
    let sent = events.len() as u64;
    let events = Arc::new(events);
    let probes = ProbePool::new(api_url);
    let start = Instant::now() + Duration::from_millis(10);
    let senders: Vec<_> = (0..SENDERS)
        .map(|s| {
            let connection = HttpConnection::new(ingest_url)?;
            let sender = Sender {
                connection,
                events: events.clone(),
                probes: probes.clone(),
            };
            Ok(tokio::spawn(sender.run(s, start)))
        })
        .collect::<anyhow::Result<_>>()?;
    let mut acks = Tally::new();
    let mut watches = Vec::new();
    for sender in senders {
        let (tally, handles) = sender.await.context("a sender died")?;
        acks.merge(tally);
        watches.extend(handles);
    }
    let send_elapsed = start.elapsed();
    let (mut visibility, mut probe_times, mut slow) = (Tally::new(), Tally::new(), Vec::new());
    for watch in watches {
        let watched = watch.await.context("a probe task died")?;
        visibility.merge(watched.seen);
        probe_times.merge(watched.probes);
        slow.extend(watched.slow);
    }
    slow.sort_by(|a: &(f64, f64), b| a.0.total_cmp(&b.0));
    Ok(Freshness {
        sent,
        send_elapsed,
        visibility,
        acks,
        probes: probe_times,
        slow,
    })
}

/// A tool posting every `SENDERS`-th event on schedule.
struct Sender {
    connection: HttpConnection,
    events: Arc<Vec<Outgoing>>,
    probes: ProbePool,
}

type Watch = JoinHandle<Watched>;

impl Sender {
    async fn run(mut self, first: usize, start: Instant) -> (Tally, Vec<Watch>) {
        let mut acks = Tally::new();
        let mut watches = Vec::new();
        let period = Duration::from_secs(1) / RATE as u32;
        for i in (first..self.events.len()).step_by(SENDERS) {
            tokio::time::sleep_until(start + period * i as u32).await;
            let event = &self.events[i];
            let posted = Instant::now();
            match post(&mut self.connection, &event.body).await {
                Ok(sequence) => {
                    acks.record(posted.into_std());
                    if (i as u64).is_multiple_of(SAMPLE_EVERY) {
                        let url = probe_path(&event.org, sequence);
                        let probes = self.probes.clone();
                        let acked = Instant::now();
                        let sample = Sample {
                            path: url,
                            sequence,
                            acked,
                            start,
                        };
                        watches.push(tokio::spawn(watch(probes, sample)));
                    }
                }
                Err(e) => acks.fail(e),
            }
        }
        (acks, watches)
    }
}

/// Posts one event; answers its stream sequence.
async fn post(connection: &mut HttpConnection, body: &[u8]) -> Result<u64, String> {
    #[derive(Deserialize)]
    struct Ack {
        sequence: u64,
        duplicate: bool,
    }
    let answer = connection.post_json("/v1/events", body).await?;
    if answer.status != 200 {
        return Err(format!(
            "POST /v1/events: HTTP {}: {}",
            answer.status,
            String::from_utf8_lossy(answer.body)
        ));
    }
    match serde_json::from_slice::<Ack>(answer.body) {
        Ok(ack) if ack.duplicate => Err("ingest reported a duplicate for a fresh id".to_owned()),
        Ok(ack) => Ok(ack.sequence),
        Err(e) => Err(format!("unexpected answer from ingest ({e})")),
    }
}

fn probe_path(org: &str, sequence: u64) -> String {
    format!(
        "/v1/orgs/{org}/events?after={}&limit=1",
        sequence.saturating_sub(1)
    )
}

/// One acknowledged event to watch for.
struct Sample {
    path: String,
    sequence: u64,
    acked: Instant,
    start: Instant,
}

/// What watching one sample found.
struct Watched {
    /// The sample's acknowledgement-to-visibility time (or its failure).
    seen: Tally,
    /// The probes' round trips.
    probes: Tally,
    /// (seconds after the start, ms) if slower than [`SLOW`].
    slow: Option<(f64, f64)>,
}

/// Probes the sample's page every [`PROBE_INTERVAL`] until it shows the sample; the
/// sample's time runs from its acknowledgement to the answer that showed it.
async fn watch(pool: ProbePool, sample: Sample) -> Watched {
    let mut watched = Watched {
        seen: Tally::new(),
        probes: Tally::new(),
        slow: None,
    };
    let mut connection = match pool.take() {
        Ok(connection) => connection,
        Err(e) => {
            watched.seen.fail(e);
            return watched;
        }
    };
    loop {
        let sent = Instant::now();
        match shows(&mut connection, &sample.path, sample.sequence).await {
            Ok(true) => {
                watched.probes.record(sent.into_std());
                let took = sample.acked.elapsed();
                watched.seen.record(sample.acked.into_std());
                if took > SLOW {
                    let at = sample.acked.duration_since(sample.start).as_secs_f64();
                    watched.slow = Some((at, took.as_secs_f64() * 1000.0));
                }
                break;
            }
            Ok(false) => watched.probes.record(sent.into_std()),
            Err(e) => {
                watched.seen.fail(e);
                break;
            }
        }
        if sample.acked.elapsed() > GIVE_UP {
            watched.seen.fail(format!(
                "sequence {} was not visible {} s after its acknowledgement",
                sample.sequence,
                GIVE_UP.as_secs()
            ));
            break;
        }
        tokio::time::sleep_until(sent + PROBE_INTERVAL).await;
    }
    pool.give_back(connection);
    watched
}

/// True when the page at `path` starts with `sequence`.
async fn shows(connection: &mut HttpConnection, path: &str, sequence: u64) -> Result<bool, String> {
    #[derive(Deserialize)]
    struct Page {
        events: Vec<Seen>,
    }
    #[derive(Deserialize)]
    struct Seen {
        sequence: u64,
    }
    let answer = connection.get(path).await?;
    if answer.status != 200 {
        return Err(format!(
            "GET {path}: HTTP {}: {}",
            answer.status,
            String::from_utf8_lossy(answer.body)
        ));
    }
    let page: Page = serde_json::from_slice(answer.body)
        .map_err(|e| format!("GET {path}: unexpected answer ({e})"))?;
    Ok(page.events.first().is_some_and(|e| e.sequence == sequence))
}

/// Keep-alive connections to the api shared by the probe tasks.
#[derive(Clone)]
struct ProbePool {
    base_url: Arc<str>,
    idle: Arc<Mutex<Vec<HttpConnection>>>,
}

impl ProbePool {
    fn new(base_url: &str) -> ProbePool {
        ProbePool {
            base_url: base_url.into(),
            idle: Arc::default(),
        }
    }

    fn take(&self) -> Result<HttpConnection, String> {
        let idle = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        match idle {
            Some(connection) => Ok(connection),
            None => HttpConnection::new(&self.base_url).map_err(|e| e.to_string()),
        }
    }

    fn give_back(&self, connection: HttpConnection) {
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(connection);
        }
    }
}
