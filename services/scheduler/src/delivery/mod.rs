//! Delivering notifications: to the `GOVTRACK_ALERTS` stream ([`nats`]) and to webhooks
//! ([`webhook`]) in four body formats ([`format`]), signed per Standard Webhooks
//! ([`sign`]), from an outbox retried with back-off and jitter ([`backoff`]) by the
//! [`worker`]. Its keys of the scheduler TOML are in [`settings`].

pub mod backoff;
pub mod format;
pub mod nats;
pub mod settings;
pub mod sign;
pub mod webhook;
pub mod worker;

pub use format::Format;
pub use settings::{DeliverySettings, WebhookConfig};
pub use sign::{Secret, SecretError};
