//! Webhooks: Azure DevOps service hooks, GitHub webhooks and Dataverse service
//! endpoints post their own payloads to `POST /v1/hooks/{sender}/{org}`; each sender's
//! module reads its payload, and this module turns what it read into events and
//! appends them through the same path as `POST /v1/events`.
//!
//! Exactly once per delivery: each event's id derives from the sender's delivery id,
//! and the envelope decided for a delivery is kept (with the items' open/closed state,
//! in ingest's `ingest-hooks.sqlite`, docs/adr/0005), so a redelivery re-sends the
//! same event, which the durable id index then answers as a duplicate: nothing is
//! appended twice, even after the items' state has moved on.

pub mod activity;
pub mod azure_devops;
mod config;
pub mod dataverse;
pub mod github;
mod parsed;
pub mod payload;

use std::path::Path;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use govtrack_events::{Envelope, Event, EventId, RecordedBy, validate_batch};
use rusqlite::Connection;
use sha2::{Digest, Sha256};

pub use config::HooksConfig;
pub use parsed::Parsed;

use crate::accept::{self, Accepted};
use crate::store::StoreError;
use crate::store::items::{self as store, ItemKey, StoredItem};
use crate::{AppState, IngestError, model_check};
use activity::{ItemState, ItemUpdate, Tally};

/// The webhooks' configuration and item store (cheap to clone).
#[derive(Clone)]
pub struct Hooks {
    config: Arc<HooksConfig>,
    items: Arc<Mutex<Connection>>,
}

impl Hooks {
    /// Opens (creating) the item store at `path`.
    pub fn open(config: HooksConfig, path: &Path) -> Result<Hooks, StoreError> {
        Ok(Hooks {
            config: Arc::new(config),
            items: Arc::new(Mutex::new(store::open(path)?)),
        })
    }

    /// The configuration.
    pub fn config(&self) -> &HooksConfig {
        &self.config
    }

    /// The `source` events of `sender` carry.
    fn source(&self, sender: &str) -> String {
        let configured = match sender {
            github::SENDER => self.config.github.source.clone(),
            azure_devops::SENDER => self.config.azure_devops.source.clone(),
            _ => self.config.dataverse.source.clone(),
        };
        configured.unwrap_or_else(|| sender.to_owned())
    }
}

/// Records what a delivery of `sender` for `org` read as: validated (422 naming the
/// field), its decision kept, then appended. `delivery` is the sender's delivery id.
pub async fn record(
    state: &AppState,
    org: &str,
    sender: &'static str,
    parsed: Parsed,
    delivery: &str,
    now: DateTime<Utc>,
) -> Result<Accepted, IngestError> {
    let events = match parsed {
        Parsed::Ignored(_) => Vec::new(),
        Parsed::Item(update) => decide_items(state, org, &update, delivery, now)?,
        Parsed::Event(mut envelope) => {
            envelope.id = Some(event_id(sender, delivery, ""));
            checked(state, vec![envelope], now)?
        }
    };
    let events = accept::recorded_by(events, &RecordedBy::hook(sender));
    accept::append(state, events, true, now).await
}

/// The event id of a delivery (and initiative): `sender:delivery[:initiative]`, or its
/// SHA-256 when that is not a valid id (too long, other characters).
pub fn event_id(sender: &str, delivery: &str, initiative: &str) -> String {
    let mut id = format!("{sender}:{delivery}");
    if !initiative.is_empty() {
        id = format!("{id}:{initiative}");
    }
    if EventId::check(&id).is_ok() {
        id
    } else {
        format!("{sender}:{}", hex::encode(Sha256::digest(id.as_bytes())))
    }
}

/// Validates envelopes as ingest validates any event, the problems as a 422.
fn checked(
    state: &AppState,
    envelopes: Vec<Envelope>,
    now: DateTime<Utc>,
) -> Result<Vec<Event>, IngestError> {
    let batch = envelopes.len() > 1;
    let events = validate_batch(envelopes, batch, now).map_err(IngestError::Unprocessable)?;
    model_check::check(&events, &state.models, batch).map_err(IngestError::Unprocessable)?;
    Ok(events)
}

/// One event per initiative the item is labelled for, decided against the stored
/// item states in one transaction that commits only when every event is valid. A
/// delivery seen before gets the envelopes decided then.
fn decide_items(
    state: &AppState,
    org: &str,
    update: &ItemUpdate,
    delivery: &str,
    now: DateTime<Utc>,
) -> Result<Vec<Event>, IngestError> {
    let unavailable = |e: StoreError| IngestError::Unavailable(format!("{e}; retry the delivery"));
    let sqlite = |e: rusqlite::Error| unavailable(e.into());
    let mut conn = state.hooks.items.lock().expect("hook items lock");
    let ids: Vec<String> = update
        .initiatives
        .iter()
        .map(|i| event_id(update.sender, delivery, i))
        .collect();
    if let Some(envelopes) = earlier_decision(&conn, &ids).map_err(unavailable)? {
        return checked(state, envelopes, now);
    }
    let tx = conn.transaction().map_err(sqlite)?;
    let source = state.hooks.source(update.sender);
    let mut envelopes = Vec::with_capacity(ids.len());
    for (initiative, id) in update.initiatives.iter().zip(&ids) {
        let envelope =
            decide_one(&tx, org, update, initiative, id, &source).map_err(unavailable)?;
        envelopes.push(envelope);
    }
    let events = checked(state, envelopes.clone(), now)?;
    for (id, envelope) in ids.iter().zip(&envelopes) {
        let text = serde_json::to_string(envelope).unwrap_or_default();
        store::record_decision(&tx, id, &text).map_err(unavailable)?;
    }
    tx.commit().map_err(sqlite)?;
    Ok(events)
}

/// The envelopes decided for these ids before, when every one was.
fn earlier_decision(
    conn: &Connection,
    ids: &[String],
) -> Result<Option<Vec<Envelope>>, StoreError> {
    let mut envelopes = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(text) = store::decided(conn, id)? else {
            return Ok(None);
        };
        match serde_json::from_str(&text) {
            Ok(envelope) => envelopes.push(envelope),
            Err(_) => return Ok(None),
        }
    }
    Ok(Some(envelopes))
}

fn decide_one(
    tx: &rusqlite::Transaction,
    org: &str,
    update: &ItemUpdate,
    initiative: &str,
    id: &str,
    source: &str,
) -> Result<Envelope, StoreError> {
    let key = ItemKey {
        org,
        initiative,
        sender: update.sender,
        item: &update.item,
    };
    let before = store::item(tx, key)?;
    // A late, older update is still activity, but does not move the item back.
    let current = before.as_ref().is_none_or(|b| update.order >= b.order);
    if current {
        let new = StoredItem {
            closed: update.closed,
            blocked: update.blocked,
            order: update.order.clone(),
        };
        store::put_item(tx, key, &new)?;
    }
    let (items, closed) = store::tally(tx, org, initiative)?;
    let before_state = before.map(|b| ItemState {
        closed: b.closed,
        blocked: b.blocked,
    });
    let effective = if current {
        update.clone()
    } else {
        ItemUpdate {
            closed: before_state.is_some_and(|b| b.closed),
            blocked: before_state.is_some_and(|b| b.blocked),
            ..update.clone()
        }
    };
    let (event_type, data) = activity::decide(
        &effective,
        initiative,
        before_state,
        Tally { items, closed },
    );
    let mut envelope = Envelope::new(event_type, org, data);
    envelope.id = Some(id.to_owned());
    envelope.source = Some(source.to_owned());
    envelope.occurred_at = update.occurred_at.clone();
    Ok(envelope)
}
