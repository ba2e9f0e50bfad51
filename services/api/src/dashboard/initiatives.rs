//! "Needs attention": stalled and blocked initiatives, longest silence first, with how
//! long they have been silent, and for a reader who may record, a "Check in" link on
//! each.

use chrono::{DateTime, Utc};
use maud::{Markup, html};

use super::actions::Actions;
use super::okrs::initiative_links;
use super::words;
use crate::types::InitiativeReport;

/// The open initiatives that are stalled or blocked, longest silent first.
pub fn needing_attention(initiatives: &[InitiativeReport]) -> Vec<&InitiativeReport> {
    let mut list: Vec<&InitiativeReport> = initiatives
        .iter()
        .filter(|i| i.state.is_open())
        .filter(|i| i.stalled || i.state == govtrack_okr::InitiativeState::Blocked)
        .collect();
    list.sort_by_key(|i| i.last_activity_at);
    list
}

/// The section.
pub fn attention(
    initiatives: &[InitiativeReport],
    as_of: DateTime<Utc>,
    actions: &Actions,
) -> Markup {
    let list = needing_attention(initiatives);
    html! {
        section #attention aria-labelledby="attention-h" {
            h2 #attention-h { "Stalled and blocked initiatives" }
            @if list.is_empty() {
                p .ok { "None: every open initiative has checked in on time." }
            } @else {
                div .scroll {
                    table .attention {
                        caption .sr { "Initiatives that are stalled or blocked" }
                        thead { tr {
                            th scope="col" { "Initiative" }
                            th scope="col" { "Owner" }
                            th scope="col" { "Status" }
                            th scope="col" { "Silent for" }
                            th scope="col" { "Horizon" }
                            th scope="col" { "Check-in every" }
                        } }
                        tbody { @for i in list { (row(i, as_of, actions)) } }
                    }
                }
            }
        }
    }
}

fn row(i: &InitiativeReport, as_of: DateTime<Utc>, actions: &Actions) -> Markup {
    let (label, class) = words::initiative_status(i.state, i.checkin, i.stalled);
    html! {
        tr data-initiative=(i.initiative) data-status=(label) {
            th scope="row" {
                (i.title.as_deref().unwrap_or(&i.initiative))
                @if let Some(note) = &i.note { span .cap-level { "Last note: " (note) } }
                (initiative_links(i, actions))
            }
            td { (i.owner.as_deref().unwrap_or("—")) }
            td {
                span class={ "badge " (class) } { (label) }
                @if i.stalled && i.state == govtrack_okr::InitiativeState::Blocked { " " span .badge .st-overdue { "Blocked" } }
            }
            td {
                strong { (words::duration(i.last_activity_at, as_of)) }
                span .cap-level { "since " (words::date(i.last_activity_at)) }
            }
            td { (super::words::horizon(i.horizon.as_deref())) }
            td { (i.checkin_days) " days" }
        }
    }
}
