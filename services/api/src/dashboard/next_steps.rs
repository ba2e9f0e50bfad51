//! "What is missing for the next level", per capability, in the model's words.

use maud::{Markup, html};

use super::words;
use crate::types::CapabilityLevel;

/// One card per capability below 500: the next level and the requirements still missing.
pub fn next_steps(capabilities: &[CapabilityLevel]) -> Markup {
    html! {
        section #next aria-labelledby="next-h" {
            h2 #next-h { "What is missing for the next level" }
            div .cards {
                @for c in capabilities { (card(c)) }
            }
        }
    }
}

fn card(c: &CapabilityLevel) -> Markup {
    html! {
        article .card .next data-capability=(c.id) {
            h3 {
                (c.name)
                @if let Some(next) = &c.next {
                    " → " (next.level) " " span .muted { (words::level_name(next.level)) }
                }
            }
            @if let Some(t) = &c.target {
                p .target-line {
                    @if c.level >= t.level {
                        "Target " (t.level) " met (due " (words::day(t.due)) ")."
                    } @else {
                        "Target " (t.level) " by " (words::day(t.due)) "."
                    }
                }
            }
            @match &c.next {
                None => p { "At the top level (500 Efficient)." },
                Some(next) if next.missing.is_empty() => p { "Nothing missing." },
                Some(next) => ul {
                    @for m in &next.missing { li { (m) } }
                },
            }
        }
    }
}
