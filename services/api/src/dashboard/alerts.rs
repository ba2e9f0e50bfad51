//! Open alerts on the dashboard. The alerts are the scheduler's (its own store); the api
//! reads them through [`AlertSource`], which nothing implements yet, so the section says
//! that no source is configured rather than pretending there are none.

use chrono::{DateTime, Utc};
use maud::{Markup, html};

use super::words;

/// Where open alerts come from (the scheduler's alert store, once wired).
pub trait AlertSource: Send + Sync {
    /// The alerts of `org` open at `as_of`, oldest first. Blocking is allowed: the
    /// dashboard calls it off the async runtime.
    fn open_alerts(&self, org: &str, as_of: DateTime<Utc>) -> Result<Vec<OpenAlert>, String>;
}

/// One open alert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenAlert {
    /// What fired, e.g. `initiative_stalled`.
    pub kind: String,
    /// What it is about, e.g. the initiative's title.
    pub subject: String,
    /// One sentence for a person.
    pub summary: String,
    /// When it started firing.
    pub since: DateTime<Utc>,
}

/// What the alerts section shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Alerts {
    /// No alert source is wired into the api.
    NotConfigured,
    /// The source answered.
    Open(Vec<OpenAlert>),
    /// The source failed; the rest of the page still renders.
    Unavailable(String),
}

/// The open alerts of `org`, or why there are none to show.
pub fn open_alerts(source: Option<&dyn AlertSource>, org: &str, as_of: DateTime<Utc>) -> Alerts {
    match source.map(|s| s.open_alerts(org, as_of)) {
        None => Alerts::NotConfigured,
        Some(Ok(alerts)) => Alerts::Open(alerts),
        Some(Err(reason)) => Alerts::Unavailable(reason),
    }
}

/// The "Open alerts" section.
pub fn section(alerts: &Alerts, as_of: DateTime<Utc>) -> Markup {
    html! {
        section #alerts aria-labelledby="alerts-h" {
            h2 #alerts-h { "Open alerts" }
            @match alerts {
                Alerts::NotConfigured => p .note {
                    "No alerts source configured: this api is not connected to the scheduler's alert store, so open alerts are not shown here."
                },
                Alerts::Unavailable(reason) => p .note role="status" {
                    "Alerts could not be read: " (reason)
                },
                Alerts::Open(list) if list.is_empty() => p { "No open alerts." },
                Alerts::Open(list) => ul .alerts {
                    @for a in list {
                        li {
                            strong { (a.subject) } " — " (a.summary)
                            span .muted {
                                " (" (a.kind) ", firing for " (words::duration(a.since, as_of)) ")"
                            }
                        }
                    }
                },
            }
        }
    }
}
