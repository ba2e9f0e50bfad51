//! What every webhook delivery shares: the senders' configuration and the item store.
//! Ingest's state holds it; the delivery path (`hooks::record`) reads it.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

use super::config::HooksConfig;
use super::{azure_devops, github};
use crate::store::StoreError;
use crate::store::items as store;

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

    /// The item store: one connection, held for a delivery's whole transaction.
    pub(super) fn items(&self) -> &Mutex<Connection> {
        &self.items
    }

    /// The configuration.
    pub fn config(&self) -> &HooksConfig {
        &self.config
    }

    /// The `source` events of `sender` carry.
    pub(super) fn source(&self, sender: &str) -> String {
        let configured = match sender {
            github::SENDER => self.config.github.source.clone(),
            azure_devops::SENDER => self.config.azure_devops.source.clone(),
            _ => self.config.dataverse.source.clone(),
        };
        configured.unwrap_or_else(|| sender.to_owned())
    }
}
