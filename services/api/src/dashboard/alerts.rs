//! Open alerts on the dashboard, from the read model like every other section: the
//! projector folds the scheduler's findings (`initiative.stalled`, `key_result.overdue`,
//! …) and silences into it, so the page needs no connection to the scheduler.

use chrono::{DateTime, Utc};
use govtrack_events::EventType;
use maud::{Markup, html};

use super::actions::Actions;
use super::words;
use crate::types::AlertReport;

/// The alerts a page at `as_of` shows: the open ones that had started by then. The
/// read model keeps alerts as they stand now, so a past view cannot show alerts that
/// were open then and are resolved since.
pub fn started_by(mut alerts: Vec<AlertReport>, as_of: DateTime<Utc>) -> Vec<AlertReport> {
    alerts.retain(|a| a.since <= as_of);
    alerts
}

/// The "Open alerts" section; an admin may silence each alert from it.
pub fn section(
    alerts: &[AlertReport],
    as_of: DateTime<Utc>,
    past: bool,
    actions: &Actions,
) -> Markup {
    html! {
        section #alerts aria-labelledby="alerts-h" {
            h2 #alerts-h { "Open alerts" }
            @if past {
                p .note { "Alerts open now that had started by this date; those resolved since are not shown." }
            }
            @if alerts.is_empty() {
                p { "No open alerts." }
            } @else {
                ul .alerts {
                    @for a in alerts {
                        li {
                            strong { (a.title.as_deref().unwrap_or(&a.entity)) } " — " (a.summary)
                            span .muted {
                                " (" (a.kind) ", firing for " (words::duration(a.since, as_of))
                                @if let (true, Some(by), Some(until)) = (a.silenced, &a.silenced_by, a.silenced_until) {
                                    "; silenced by " (by) " until " (until.format("%Y-%m-%d %H:%M UTC"))
                                }
                                ")"
                            }
                            @let title = a.title.as_deref().unwrap_or(&a.entity);
                            @let prefill = actions.silence_prefill(&a.kind, &a.entity);
                            " " (actions.link(EventType::SilenceCreated, &prefill, "Silence", title))
                        }
                    }
                }
            }
        }
    }
}
