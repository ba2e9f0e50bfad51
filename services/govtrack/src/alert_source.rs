//! The dashboard's open alerts, read from the scheduler's store on the same host.

use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use govtrack_api::dashboard::{AlertSource, OpenAlert};
use govtrack_scheduler::Settings;

/// Alerts of the scheduler whose store is under the data dir.
pub struct SchedulerAlerts(pub Settings);

impl SchedulerAlerts {
    /// As the api's source.
    pub fn shared(settings: Settings) -> Arc<dyn AlertSource> {
        Arc::new(SchedulerAlerts(settings))
    }
}

fn at(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}

impl AlertSource for SchedulerAlerts {
    fn open_alerts(&self, org: &str, as_of: DateTime<Utc>) -> Result<Vec<OpenAlert>, String> {
        if !self.0.store_path().exists() {
            return Ok(Vec::new());
        }
        let alerts = govtrack_scheduler::commands::list_alerts(&self.0, Some(org))
            .map_err(|e| e.to_string())?;
        let mut open: Vec<OpenAlert> = alerts
            .into_iter()
            .filter(|a| at(a.starts_ms) <= as_of && a.ends_ms.is_none_or(|end| at(end) > as_of))
            .map(|a| OpenAlert {
                kind: a.kind,
                subject: a.entity,
                summary: a.summary,
                since: at(a.starts_ms),
            })
            .collect();
        open.sort_by_key(|a| a.since);
        Ok(open)
    }
}
