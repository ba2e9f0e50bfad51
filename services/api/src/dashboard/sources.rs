//! The feeds section: every source seen on the organisation's log, when it last sent
//! something, the cadence expected of it, and its status in a coloured badge that also
//! says the word (ok, late, silent, failed, unwatched), so colour is never the only cue.
//! Statuses are as of now, also on a past view: the read model keeps feeds as they
//! stand.

use chrono::{DateTime, Utc};
use govtrack_events::EventType;
use maud::{Markup, html};

use super::actions::Actions;
use super::words;
use crate::types::SourceReport;

/// The badge class of a status (the OKR status colours: green, amber, red, dark red,
/// grey).
fn badge(status: &str) -> &'static str {
    match status {
        "ok" => "st-on-track",
        "late" => "st-at-risk",
        "silent" => "st-off-track",
        "failed" => "st-overdue",
        _ => "st-not-started",
    }
}

/// The "Feeds" section; `now` is when the statuses were decided. An admin may set
/// each feed's expected cadence from it ("Expect every…").
pub fn section(
    sources: &[SourceReport],
    now: DateTime<Utc>,
    past: bool,
    actions: &Actions,
) -> Markup {
    html! {
        section #sources aria-labelledby="sources-h" {
            h2 #sources-h { "Feeds" }
            @if past {
                p .note { "Feeds as they stand now, not as they were on this date." }
            }
            @if sources.is_empty() {
                p { "No event has named its source yet. Tools that set the envelope's "
                    code { "source" } " appear here; expect a cadence with "
                    code { "govtrack source expect NAME --every 24h" } "." }
            } @else {
                table .sources {
                    caption { "Each tool that sends events, and whether it is on time" }
                    thead { tr { th scope="col" { "Source" } th scope="col" { "Last seen" } th scope="col" { "Expected every" } th scope="col" { "Status" } } }
                    tbody {
                        @for s in sources {
                            tr {
                                th scope="row" { (s.name) }
                                td {
                                    @match s.last_seen_at {
                                        Some(t) => { (words::duration(t, now)) " ago" }
                                        None => "never",
                                    }
                                }
                                td {
                                    @match s.every_hours {
                                        Some(h) => { (h) " hours" }
                                        None => span .muted { "no cadence set" },
                                    }
                                    @let prefill = [("source", s.name.clone()), ("every_hours", s.every_hours.unwrap_or(24).to_string())];
                                    " " (actions.link(EventType::SourceExpected, &prefill, "Expect every…", &s.name))
                                }
                                td {
                                    span class={ "badge " (badge(&s.status)) } { (s.status) }
                                    @if let Some(error) = &s.error {
                                        " " span .muted { (error) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-03-05T12:00:00Z".parse().unwrap()
    }

    fn source(name: &str, status: &str, error: Option<&str>) -> SourceReport {
        SourceReport {
            name: name.into(),
            last_seen_at: Some("2026-03-02T12:00:00Z".parse().unwrap()),
            every_hours: Some(24),
            status: status.into(),
            error: error.map(str::to_owned),
        }
    }

    #[test]
    fn every_status_is_a_word_in_a_coloured_badge() {
        let html = section(
            &[
                source("hr-sync", "silent", None),
                source("inventory-sync", "failed", Some("401 Unauthorized")),
            ],
            now(),
            false,
            &Actions::none(),
        )
        .into_string();
        assert!(
            html.contains(r#"<span class="badge st-off-track">silent</span>"#),
            "{html}"
        );
        assert!(html.contains(r#"<span class="badge st-overdue">failed</span>"#));
        assert!(html.contains("401 Unauthorized"));
        assert!(html.contains("24 hours"));
    }

    #[test]
    fn no_source_yet_says_how_to_get_one() {
        let html = section(&[], now(), false, &Actions::none()).into_string();
        assert!(html.contains("govtrack source expect"));
    }
}
