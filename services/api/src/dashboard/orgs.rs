//! `/`: the organisations with events, each linking to its dashboard.

use chrono::{DateTime, Utc};
use maud::{Markup, html};

use super::layout::{SignedIn, page};
use super::words;
use crate::types::OrgList;

/// The organisations page.
pub fn org_list(list: &OrgList, now: DateTime<Utc>, who: Option<&SignedIn>) -> Markup {
    let main = html! {
        h1 { "Organisations" }
        @if list.orgs.is_empty() {
            p .note { "No organisation has events yet. Send one with " code { "govtrack emit" } " or " code { "POST /v1/events" } "." }
        } @else {
            div .scroll {
                table .orgs {
                    caption { "Organisations with events, as of " (words::date(now)) }
                    thead { tr {
                        th scope="col" { "Organisation" }
                        th scope="col" .num { "Events" }
                        th scope="col" { "Latest event" }
                    } }
                    tbody {
                        @for o in &list.orgs {
                            tr {
                                th scope="row" { a href={ "/orgs/" (o.org) } { (o.org) } }
                                td .num { (o.events) }
                                td {
                                    time datetime=(o.last_occurred_at.to_rfc3339()) { (words::date(o.last_occurred_at)) }
                                    span .muted { " (" (words::duration(o.last_occurred_at, now)) " ago)" }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    page("Organisations", who, html! {}, main)
}
