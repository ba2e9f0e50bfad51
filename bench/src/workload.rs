//! The events the benchmark sends: a realistic mix of types across several orgs, each
//! with a unique id (no de-duplication hits) and a varied entity, built and validated
//! before any clock starts so that the client's own work stays out of the figures.

use bytes::Bytes;
use chrono::{Duration, SecondsFormat, Utc};
use govtrack_bus::subjects::{event_subject, ingest_subject};
use govtrack_events::{Envelope, EventType, StoredEvent, example_data, validate};
use serde_json::Value;

/// Organisations the events are spread over.
const ORGS: &[&str] = &[
    "contoso",
    "fabrikam",
    "northwind",
    "tailspin",
    "woodgrove",
    "litware",
];

/// Event types and their weights: what tooling emits often comes up often.
const MIX: &[(EventType, usize)] = &[
    (EventType::EvidenceRecorded, 30),
    (EventType::KeyResultMeasured, 15),
    (EventType::InitiativeProgressed, 12),
    (EventType::EnvironmentCreated, 10),
    (EventType::DlpPolicySet, 6),
    (EventType::TrainingHeld, 5),
    (EventType::ChampionRecognized, 5),
    (EventType::SponsorReviewHeld, 4),
    (EventType::CapabilityAssessed, 4),
    (EventType::ShowAndTellHeld, 3),
    (EventType::KpiReviewed, 3),
    (EventType::CoeKitDeployed, 2),
    (EventType::HackathonHeld, 1),
];

/// `data` fields that name the entity an event is about (and so its subject).
const ENTITY_FIELDS: &[&str] = &[
    "sponsor",
    "policy",
    "environment",
    "champion",
    "capability",
    "objective",
    "key_result",
    "initiative",
];

/// Distinct entities per kind and org.
const ENTITIES: u64 = 500;

/// One message for the raw JetStream publisher: what ingest itself would publish.
pub struct RawMessage {
    pub subject: String,
    pub id: String,
    pub event_type: &'static str,
    pub payload: Bytes,
}

/// One single-event request body and the org it belongs to.
pub struct SingleRequest {
    pub ingest_subject: String,
    pub body: Bytes,
}

/// Builds numbered events; `tag` keeps the ids of each scenario and phase apart.
pub struct Workload {
    run: String,
    types: Vec<EventType>,
    occurred_at: String,
}

impl Workload {
    /// A workload whose ids are unique to this run; fails if any type of the mix
    /// does not validate (the benchmark must not measure rejections).
    pub fn new() -> anyhow::Result<Workload> {
        let now = Utc::now();
        let workload = Workload {
            run: format!("bench{}", now.timestamp_millis()),
            types: MIX
                .iter()
                .flat_map(|&(t, weight)| std::iter::repeat_n(t, weight))
                .collect(),
            occurred_at: (now - Duration::minutes(1)).to_rfc3339_opts(SecondsFormat::Millis, true),
        };
        for n in 0..workload.types.len() as u64 * 7 {
            validate(workload.envelope("check", n), now)
                .map_err(|e| anyhow::anyhow!("benchmark event {n} is invalid: {e}"))?;
        }
        Ok(workload)
    }

    /// Event number `n` of a phase.
    pub fn envelope(&self, tag: &str, n: u64) -> Envelope {
        // A multiplicative hash spreads consecutive numbers over types and entities.
        let mixed = n.wrapping_mul(2_654_435_761);
        let event_type = self.types[(mixed % self.types.len() as u64) as usize];
        let org = ORGS[(n % ORGS.len() as u64) as usize];
        let mut data = example_data(event_type);
        vary_entity(&mut data, (mixed >> 16) % ENTITIES);
        Envelope {
            id: Some(format!("{}-{tag}-{n}", self.run)),
            occurred_at: Some(self.occurred_at.clone()),
            source: Some("govtrack-bench".to_owned()),
            ..Envelope::new(event_type.name(), org, data)
        }
    }

    /// `count` messages as ingest would publish them (stored form, subject, id).
    pub fn raw(&self, tag: &str, count: u64) -> anyhow::Result<Vec<RawMessage>> {
        let now = Utc::now();
        (0..count)
            .map(|n| {
                let event = validate(self.envelope(tag, n), now)?;
                Ok(RawMessage {
                    subject: event_subject(&event),
                    id: event.id.to_string(),
                    event_type: event.event_type().name(),
                    payload: StoredEvent::from_event(&event, now).to_bytes().into(),
                })
            })
            .collect()
    }

    /// `count` single-event request bodies.
    pub fn singles(&self, tag: &str, count: u64) -> Vec<SingleRequest> {
        (0..count)
            .map(|n| {
                let envelope = self.envelope(tag, n);
                SingleRequest {
                    ingest_subject: ingest_subject(&envelope.org),
                    body: to_body(&envelope),
                }
            })
            .collect()
    }

    /// `count` events as JSON-array bodies of at most `per_batch` events.
    pub fn batches(&self, tag: &str, count: u64, per_batch: u64) -> Vec<Bytes> {
        (0..count)
            .step_by(per_batch as usize)
            .map(|first| {
                let batch: Vec<Envelope> = (first..(first + per_batch).min(count))
                    .map(|n| self.envelope(tag, n))
                    .collect();
                to_body(&batch)
            })
            .collect()
    }
}

fn to_body<T: serde::Serialize>(value: &T) -> Bytes {
    serde_json::to_vec(value)
        .expect("envelopes always serialise")
        .into()
}

/// Gives the event its own entity, so the log holds many subjects as in real use.
fn vary_entity(data: &mut Value, entity: u64) {
    let Some(fields) = data.as_object_mut() else {
        return;
    };
    for name in ENTITY_FIELDS {
        if let Some(Value::String(id)) = fields.get_mut(*name) {
            *id = format!("{id}-{entity}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_of_the_mix_is_valid_and_ids_are_unique() {
        let workload = Workload::new().unwrap();
        let raw = workload.raw("t", 500).unwrap();
        let ids: std::collections::HashSet<_> = raw.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids.len(), 500);
        let types: std::collections::HashSet<_> = raw.iter().map(|m| m.event_type).collect();
        assert!(types.len() >= 10, "only {} types", types.len());
    }

    #[test]
    fn batches_hold_at_most_the_requested_number_of_events() {
        let workload = Workload::new().unwrap();
        let bodies = workload.batches("t", 2500, 1000);
        let sizes: Vec<usize> = bodies
            .iter()
            .map(|b| serde_json::from_slice::<Vec<Value>>(b).unwrap().len())
            .collect();
        assert_eq!(sizes, [1000, 1000, 500]);
    }
}
