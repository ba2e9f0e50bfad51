//! The lease that lets only one scheduler act at a time, kept on NATS so it outlives
//! any holder: a stream `GOVTRACK_SCHEDULER_LEASE` with one message per lease subject
//! holding `{holder, expires_at_ms}`, changed only by compare-and-set on the subject's
//! last sequence (`Nats-Expected-Last-Subject-Sequence`). A holder that dies simply
//! stops renewing; the lease is free again after its time-to-live.
//!
//! The stream has as many replicas as the log (`GOVTRACK_STREAM_REPLICAS`): on an R3
//! cluster a lost node takes neither the log nor the lease with it.
//!
//! Works on nats-server 2.9 (no KV API needed). Expiry compares wall clocks, so hosts
//! need clocks in sync to well under the TTL.

use std::time::Duration;

use async_nats::jetstream::context::{
    CreateStreamError, GetStreamError, PublishError, PublishErrorKind,
};
use async_nats::jetstream::stream::LastRawMessageError;
use async_nats::jetstream::{self, message::PublishMessage, stream};
use govtrack_runtime::deserialize_duration;
use serde::{Deserialize, Serialize};

/// The lease stream.
pub const LEASE_STREAM: &str = "GOVTRACK_SCHEDULER_LEASE";
const LEASE_SUBJECTS: &str = "govtrack.scheduler.lease.>";
/// How long creating or re-scaling the lease stream may take.
const PROVISION_TIMEOUT: Duration = Duration::from_secs(15);

/// The lease stream's configuration: one message per lease subject, file storage,
/// `replicas` copies.
pub fn stream_config(replicas: usize) -> stream::Config {
    stream::Config {
        name: LEASE_STREAM.to_owned(),
        subjects: vec![LEASE_SUBJECTS.to_owned()],
        storage: stream::StorageType::File,
        max_messages_per_subject: 1,
        num_replicas: replicas.max(1),
        allow_direct: true,
        ..Default::default()
    }
}

/// The lease that lets one scheduler act at a time (`[lease]` in the scheduler TOML).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LeaseSettings {
    /// Lease name (schedulers sharing a name exclude each other).
    pub name: String,
    /// How long a lease lasts without renewal (the holder renews every tick).
    #[serde(deserialize_with = "deserialize_duration")]
    pub ttl: Duration,
    /// This process's identity (default `HOSTNAME-PID`).
    pub holder: String,
    /// How long `run_once` waits for the lease (not a key of the file).
    #[serde(skip)]
    pub wait: Duration,
}

impl Default for LeaseSettings {
    fn default() -> Self {
        LeaseSettings {
            name: "scheduler".to_owned(),
            ttl: Duration::from_secs(30),
            holder: format!("{}-{}", hostname(), std::process::id()),
            wait: Duration::from_secs(60),
        }
    }
}

fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname")
        .map(|h| h.trim().to_owned())
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "scheduler".to_owned())
}

/// Why the lease could not be read or written (not: "someone else holds it").
#[derive(Debug, thiserror::Error)]
pub enum LeaseError {
    /// The lease stream could not be looked up.
    #[error("scheduler lease: cannot open {LEASE_STREAM}")]
    Stream(#[source] GetStreamError),
    /// The lease could not be read.
    #[error("scheduler lease: cannot read the lease")]
    Read(#[source] LastRawMessageError),
    /// The lease could not be written (other than "someone else wrote it first").
    #[error("scheduler lease: cannot write the lease")]
    Write(#[source] PublishError),
    /// The lease stream could not be created or re-scaled.
    #[error("scheduler lease: cannot provision {LEASE_STREAM}")]
    Provision(#[source] CreateStreamError),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Record {
    holder: String,
    expires_at_ms: i64,
}

/// One process's handle on the lease.
#[derive(Clone)]
pub struct Lease {
    js: jetstream::Context,
    subject: String,
    settings: LeaseSettings,
}

impl Lease {
    /// Creates the lease stream with `replicas` (the log's replica count: 1 on one
    /// server, 3 on a cluster, so the lease outlives a lost node). A stream created by
    /// an earlier version with one replica is scaled up in place.
    pub async fn new(
        js: &jetstream::Context,
        settings: &LeaseSettings,
        replicas: usize,
    ) -> Result<Lease, LeaseError> {
        provision(js, replicas).await?;
        Ok(Lease {
            js: js.clone(),
            subject: format!("govtrack.scheduler.lease.{}", settings.name),
            settings: settings.clone(),
        })
    }

    /// Takes or renews the lease; false when another live holder has it.
    pub async fn try_acquire(&self) -> Result<bool, LeaseError> {
        let now = now_ms();
        let (sequence, current) = self.read().await?;
        if let Some(r) = &current
            && r.holder != self.settings.holder
            && r.expires_at_ms > now
        {
            return Ok(false);
        }
        let ttl = self.settings.ttl.as_millis() as i64;
        let record = Record {
            holder: self.settings.holder.clone(),
            expires_at_ms: now + ttl,
        };
        self.write(sequence, &record).await
    }

    /// Waits up to `wait` for the lease.
    pub async fn acquire_within(&self, wait: Duration) -> Result<bool, LeaseError> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if self.try_acquire().await? {
                return Ok(true);
            }
            if tokio::time::Instant::now() >= deadline {
                return Ok(false);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Gives the lease up if this process holds it.
    pub async fn release(&self) -> Result<(), LeaseError> {
        let (sequence, current) = self.read().await?;
        if current.is_some_and(|r| r.holder == self.settings.holder) {
            let free = Record {
                holder: String::new(),
                expires_at_ms: 0,
            };
            self.write(sequence, &free).await?;
        }
        Ok(())
    }

    /// The current holder, if the lease is held.
    pub async fn holder(&self) -> Result<Option<String>, LeaseError> {
        let (_, current) = self.read().await?;
        Ok(current
            .filter(|r| r.expires_at_ms > now_ms() && !r.holder.is_empty())
            .map(|r| r.holder))
    }

    async fn read(&self) -> Result<(u64, Option<Record>), LeaseError> {
        let stream = self
            .js
            .get_stream(LEASE_STREAM)
            .await
            .map_err(LeaseError::Stream)?;
        match stream.get_last_raw_message_by_subject(&self.subject).await {
            Ok(msg) => Ok((msg.sequence, serde_json::from_slice(&msg.payload).ok())),
            Err(e) if e.kind() == jetstream::stream::LastRawMessageErrorKind::NoMessageFound => {
                Ok((0, None))
            }
            Err(e) => Err(LeaseError::Read(e)),
        }
    }

    async fn write(&self, expected: u64, record: &Record) -> Result<bool, LeaseError> {
        let body = serde_json::to_vec(record).unwrap_or_default();
        let message = PublishMessage::build()
            .payload(body.into())
            .expected_last_subject_sequence(expected);
        let sent = self.js.send_publish(self.subject.clone(), message).await;
        let acked = match sent {
            Ok(ack) => ack.await,
            Err(e) => Err(e),
        };
        match acked {
            Ok(_) => Ok(true),
            Err(e) if e.kind() == PublishErrorKind::WrongLastSequence => Ok(false),
            Err(e) => Err(LeaseError::Write(e)),
        }
    }
}

/// Creates the stream if it is missing, and re-scales it only when its replica count
/// differs (an update of a replicated stream goes through its Raft group: no need on
/// every start). Creating or re-scaling waits for that group, which takes longer than
/// a publish ack, so provisioning has its own, longer time-out.
async fn provision(js: &jetstream::Context, replicas: usize) -> Result<(), LeaseError> {
    let mut admin = js.clone();
    admin.set_timeout(PROVISION_TIMEOUT);
    let config = stream_config(replicas);
    let stream = admin
        .get_or_create_stream(config.clone())
        .await
        .map_err(LeaseError::Provision)?;
    let found = stream.cached_info().config.num_replicas;
    if found != config.num_replicas {
        tracing::info!(
            from = found,
            to = config.num_replicas,
            "re-scaling the scheduler lease stream"
        );
        (admin.update_stream(config).await).map_err(LeaseError::Provision)?;
    }
    Ok(())
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
