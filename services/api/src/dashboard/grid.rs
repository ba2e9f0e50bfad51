//! The maturity grid: capabilities × levels 100–500, reached levels filled, the current
//! level labelled "Now" and the target marked. Every cell says in text what its fill
//! and marks show, for screen readers and for printing without colour.

use chrono::{DateTime, Utc};
use maud::{Markup, html};

use super::words::{self, LEVELS};
use crate::types::CapabilityLevel;

/// The grid as a table with a caption, column and row headers.
pub fn grid(capabilities: &[CapabilityLevel], as_of: DateTime<Utc>) -> Markup {
    html! {
        section #maturity aria-labelledby="maturity-h" {
            h2 #maturity-h { "Maturity by capability" }
            div .scroll {
                table .grid {
                    caption {
                        "Level reached per capability as of " (words::date(as_of))
                        ". Filled cells are reached; " span .mark-target aria-hidden="true" { "◎" }
                        " marks the target."
                    }
                    thead {
                        tr {
                            th scope="col" { "Capability" }
                            @for level in LEVELS {
                                th scope="col" .lvl-head {
                                    span .num { (level) }
                                    span .name { (words::level_name(level)) }
                                }
                            }
                        }
                    }
                    tbody {
                        @for c in capabilities { (row(c)) }
                    }
                }
            }
        }
    }
}

fn row(c: &CapabilityLevel) -> Markup {
    html! {
        tr data-capability=(c.id) data-level=(c.level) {
            th scope="row" {
                span .cap { (c.name) }
                span .cap-level {
                    "Level " (c.level) " · " (words::level_name(c.level))
                    @if let Some(since) = c.since { " since " (words::date(since)) }
                }
            }
            @for level in LEVELS { (cell(c, level)) }
        }
    }
}

fn cell(c: &CapabilityLevel, level: u16) -> Markup {
    let reached = level <= c.level;
    let target = c.target.as_ref().filter(|t| t.level == level);
    let mut class = format!("cell l{level}");
    if reached {
        class.push_str(" reached");
    }
    if level == c.level {
        class.push_str(" current");
    }
    if target.is_some() {
        class.push_str(" target");
    }
    html! {
        td class=(class) {
            @if level == c.level { span .now { "Now" } }
            @if let Some(t) = target {
                span .tgt {
                    span aria-hidden="true" { "◎" }
                    span .tgt-word { " Target" }
                    span .sr { " " (level) ", due " (words::day(t.due)) }
                    @if reached { span .met { " met" } }
                }
            }
            @if reached && level != c.level { span .sr { "reached" } }
            @if !reached && target.is_none() { span .sr { "not reached" } }
        }
    }
}
