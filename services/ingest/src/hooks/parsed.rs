//! What a sender's module read from a delivery, before any state or validation: the
//! senders' modules make it, [`super::record`] turns it into events.

use govtrack_events::Envelope;

use super::activity::ItemUpdate;

/// What a sender's module read from a delivery.
#[derive(Debug)]
pub enum Parsed {
    /// A labelled item changed (built-in mapping).
    Item(ItemUpdate),
    /// A mapped event (Dataverse).
    Event(Envelope),
    /// Nothing to record, and why (202 `{"ignored": why}`).
    Ignored(String),
}
