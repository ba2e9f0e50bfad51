//! The events the benchmark sends: a realistic mix of types across several orgs, each
//! with a unique id (no de-duplication hits) and a varied entity, built and validated
//! before any clock starts so that the client's own work stays out of the figures.
//! Validated as ingest validates them: against the catalogue and against the maturity
//! model the bench starts ingest with ([`crate::model`]); capabilities and evidence
//! signals are drawn from that model, never made up like entity ids.

use bytes::Bytes;
use chrono::{Duration, SecondsFormat, Utc};
use govtrack_bus::subjects::{event_subject, ingest_subject};
use govtrack_events::{Envelope, Event, EventType, StoredEvent, example_data};
use serde_json::Value;

use crate::model::ModelChoices;

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

/// `data` fields that name the entity an event is about (and so its subject). Not
/// `capability`: a capability is one of the model's, chosen by [`ModelChoices`].
const ENTITY_FIELDS: &[&str] = &[
    "sponsor",
    "policy",
    "environment",
    "champion",
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
    model: ModelChoices,
}

impl Workload {
    /// A workload whose ids are unique to this run, drawing capabilities from `model`.
    pub fn new(model: ModelChoices) -> Workload {
        let now = Utc::now();
        Workload {
            run: format!("bench{}", now.timestamp_millis()),
            types: MIX
                .iter()
                .flat_map(|&(t, weight)| std::iter::repeat_n(t, weight))
                .collect(),
            occurred_at: (now - Duration::minutes(1)).to_rfc3339_opts(SecondsFormat::Millis, true),
            model,
        }
    }

    /// Event number `n` of a phase.
    pub fn envelope(&self, tag: &str, n: u64) -> Envelope {
        // A multiplicative hash spreads consecutive numbers over types and entities.
        let mixed = n.wrapping_mul(2_654_435_761);
        let event_type = self.types[(mixed % self.types.len() as u64) as usize];
        let org = ORGS[(n % ORGS.len() as u64) as usize];
        let mut data = example_data(event_type);
        vary_entity(&mut data, (mixed >> 16) % ENTITIES);
        self.choose_capability(&mut data, event_type, mixed >> 24);
        Envelope {
            id: Some(format!("{}-{tag}-{n}", self.run)),
            occurred_at: Some(self.occurred_at.clone()),
            source: Some("govtrack-bench".to_owned()),
            ..Envelope::new(event_type.name(), org, data)
        }
    }

    /// Event number `n` of a phase, checked as ingest checks it: the benchmark must
    /// not measure refusals.
    fn checked(&self, tag: &str, n: u64) -> anyhow::Result<(Envelope, Event)> {
        let envelope = self.envelope(tag, n);
        let event = (self.model.client_event(envelope.clone()))
            .map_err(|e| anyhow::anyhow!("benchmark event {tag}-{n} would be refused: {e}"))?;
        Ok((envelope, event))
    }

    /// The model's capability (and, for evidence, one of its signals) in `data`.
    fn choose_capability(&self, data: &mut Value, event_type: EventType, r: u64) {
        let Some(fields) = data.as_object_mut() else {
            return;
        };
        match event_type {
            EventType::EvidenceRecorded => {
                let (capability, signal) = self.model.signal(r);
                fields.insert("capability".to_owned(), capability.into());
                fields.insert("signal".to_owned(), signal.into());
            }
            EventType::CapabilityAssessed | EventType::CapabilityTargetSet => {
                fields.insert("capability".to_owned(), self.model.capability(r).into());
            }
            _ => {}
        }
    }

    /// `count` messages as ingest would publish them (stored form, subject, id).
    pub fn raw(&self, tag: &str, count: u64) -> anyhow::Result<Vec<RawMessage>> {
        let now = Utc::now();
        (0..count)
            .map(|n| {
                let (_, event) = self.checked(tag, n)?;
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
    pub fn singles(&self, tag: &str, count: u64) -> anyhow::Result<Vec<SingleRequest>> {
        (0..count)
            .map(|n| {
                let (envelope, _) = self.checked(tag, n)?;
                Ok(SingleRequest {
                    ingest_subject: ingest_subject(&envelope.org),
                    body: to_body(&envelope),
                })
            })
            .collect()
    }

    /// `count` events as JSON-array bodies of at most `per_batch` events.
    pub fn batches(&self, tag: &str, count: u64, per_batch: u64) -> anyhow::Result<Vec<Bytes>> {
        (0..count)
            .step_by(per_batch as usize)
            .map(|first| {
                let batch = (first..(first + per_batch).min(count))
                    .map(|n| self.checked(tag, n).map(|(envelope, _)| envelope))
                    .collect::<anyhow::Result<Vec<Envelope>>>()?;
                Ok(to_body(&batch))
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

    fn workload() -> Workload {
        Workload::new(ModelChoices::load().unwrap())
    }

    #[test]
    fn every_event_of_the_mix_is_valid_for_the_catalogue_and_the_model_and_ids_are_unique() {
        let workload = workload();
        let raw = workload.raw("t", 500).unwrap();
        let ids: std::collections::HashSet<_> = raw.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids.len(), 500);
        let types: std::collections::HashSet<_> = raw.iter().map(|m| m.event_type).collect();
        assert!(types.len() >= 10, "only {} types", types.len());
    }

    #[test]
    fn capability_events_name_several_capabilities_of_the_model() {
        let workload = workload();
        let mut capabilities = std::collections::HashSet::new();
        for n in 0..2000 {
            let (envelope, _) = workload.checked("t", n).unwrap();
            if let Some(Value::String(c)) = envelope.data.get("capability") {
                capabilities.insert(c.clone());
            }
        }
        assert!(capabilities.len() >= 5, "{capabilities:?}");
    }

    #[test]
    fn batches_hold_at_most_the_requested_number_of_events() {
        let workload = workload();
        let bodies = workload.batches("t", 2500, 1000).unwrap();
        let sizes: Vec<usize> = bodies
            .iter()
            .map(|b| serde_json::from_slice::<Vec<Value>>(b).unwrap().len())
            .collect();
        assert_eq!(sizes, [1000, 1000, 500]);
    }
}
