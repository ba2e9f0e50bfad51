//! The level history as inline SVG: one lane per capability, time running left to
//! right, each stretch shaded by the level held and labelled with it when wide enough.
//! A table of the latest changes with their causes follows, for reading and for
//! screen readers.

use std::fmt::Write;

use chrono::{DateTime, Utc};
use maud::{Markup, PreEscaped, html};

use super::words;
use crate::types::{CapabilityLevel, LevelChange};

const WIDTH: f64 = 960.0;
const LABEL: f64 = 200.0;
const RIGHT: f64 = 12.0;
const LANE: f64 = 22.0;
const GAP: f64 = 6.0;
const AXIS: f64 = 26.0;
const TICKS: u32 = 5;
/// Changes listed in the table under the chart.
const TABLE_ROWS: usize = 30;

/// A stretch of time at one level.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Stretch {
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    level: u16,
}

/// The chart section: the SVG (when there is a time span) and the table of changes.
pub fn history(
    capabilities: &[CapabilityLevel],
    changes: &[LevelChange],
    span: (Option<DateTime<Utc>>, DateTime<Utc>),
) -> Markup {
    let (start, end) = span;
    html! {
        section #history aria-labelledby="history-h" {
            h2 #history-h { "Level history" }
            @match start.filter(|s| *s < end) {
                None => p .note { "No events up to this date, so no history yet." },
                Some(start) => {
                    div .scroll { (chart(capabilities, changes, (start, end))) }
                    (table(capabilities, changes))
                }
            }
        }
    }
}

fn chart(
    capabilities: &[CapabilityLevel],
    changes: &[LevelChange],
    (start, end): (DateTime<Utc>, DateTime<Utc>),
) -> Markup {
    let height = capabilities.len() as f64 * (LANE + GAP) + AXIS;
    let x = |t: DateTime<Utc>| -> f64 {
        let share = (t - start).num_seconds() as f64 / (end - start).num_seconds().max(1) as f64;
        LABEL + share.clamp(0.0, 1.0) * (WIDTH - LABEL - RIGHT)
    };
    let mut svg = String::with_capacity(4096);
    for (i, c) in capabilities.iter().enumerate() {
        let y = i as f64 * (LANE + GAP);
        lane(&mut svg, c, &stretches(c, changes, (start, end)), y, &x);
    }
    axis(&mut svg, (start, end), height - AXIS, &x);
    let summary = format!(
        "{} level changes from {} to {}, one lane per capability; the table below lists the latest.",
        changes.len(),
        words::date(start),
        words::date(end)
    );
    html! {
        svg .history viewBox=(format!("0 0 {WIDTH} {height}")) role="img"
            aria-labelledby="history-title history-desc" {
            title #history-title { "Level per capability over time" }
            desc #history-desc { (summary) }
            (PreEscaped(svg))
        }
    }
}

/// The stretches of one capability between `start` and `end`.
fn stretches(
    c: &CapabilityLevel,
    changes: &[LevelChange],
    (start, end): (DateTime<Utc>, DateTime<Utc>),
) -> Vec<Stretch> {
    let mine = changes.iter().filter(|ch| ch.capability == c.id);
    let mut out = Vec::new();
    let mut from = start;
    let mut level = None;
    for ch in mine {
        out.push(Stretch {
            from,
            to: ch.at,
            level: ch.from,
        });
        from = ch.at;
        level = Some(ch.to);
    }
    out.push(Stretch {
        from,
        to: end,
        level: level.unwrap_or(c.level),
    });
    out
}

fn lane(
    svg: &mut String,
    c: &CapabilityLevel,
    stretches: &[Stretch],
    y: f64,
    x: &dyn Fn(DateTime<Utc>) -> f64,
) {
    let mid = y + LANE / 2.0 + 4.0;
    let _ = write!(
        svg,
        r#"<text class="lane-label" x="{:.1}" y="{mid:.1}" text-anchor="end">{}</text>"#,
        LABEL - 8.0,
        maud::html! { (c.name) }.into_string()
    );
    for s in stretches {
        let (x0, x1) = (x(s.from), x(s.to));
        if x1 - x0 < 0.5 {
            continue;
        }
        let _ = write!(
            svg,
            r#"<rect class="band l{}" x="{x0:.1}" y="{y:.1}" width="{:.1}" height="{LANE}"><title>{}: {} {} from {} to {}</title></rect>"#,
            s.level,
            x1 - x0,
            maud::html! { (c.name) }.into_string(),
            s.level,
            words::level_name(s.level),
            words::date(s.from),
            words::date(s.to),
        );
        if x1 - x0 >= 34.0 {
            let _ = write!(
                svg,
                r#"<text class="band-label l{}" x="{:.1}" y="{mid:.1}">{}</text>"#,
                s.level,
                x0 + 6.0,
                s.level
            );
        }
    }
}

fn axis(
    svg: &mut String,
    (start, end): (DateTime<Utc>, DateTime<Utc>),
    y: f64,
    x: &dyn Fn(DateTime<Utc>) -> f64,
) {
    for i in 0..=TICKS {
        let t = start + (end - start) * i as i32 / TICKS as i32;
        let at = x(t);
        let anchor = match i {
            0 => "start",
            TICKS => "end",
            _ => "middle",
        };
        let _ = write!(
            svg,
            r#"<line class="tick" x1="{at:.1}" x2="{at:.1}" y1="0" y2="{:.1}"/><text class="tick-label" x="{at:.1}" y="{:.1}" text-anchor="{anchor}">{}</text>"#,
            y + 4.0,
            y + 18.0,
            words::date(t)
        );
    }
}

fn table(capabilities: &[CapabilityLevel], changes: &[LevelChange]) -> Markup {
    let name = |id: &str| {
        capabilities
            .iter()
            .find(|c| c.id == id)
            .map_or(id.to_owned(), |c| c.name.clone())
    };
    html! {
        details .changes {
            summary { "Level changes, newest first (" (changes.len().min(TABLE_ROWS)) " of " (changes.len()) ")" }
            div .scroll {
                table {
                    caption .sr { "Level changes with their causes" }
                    thead { tr { th scope="col" { "When" } th scope="col" { "Capability" } th scope="col" { "Change" } th scope="col" { "Why" } } }
                    tbody {
                        @for ch in changes.iter().rev().take(TABLE_ROWS) {
                            tr {
                                td { time datetime=(ch.at.to_rfc3339()) { (words::date(ch.at)) } }
                                td { (name(&ch.capability)) }
                                td { (ch.from) " → " (ch.to) (if ch.to > ch.from { " ▲" } else { " ▼" }) }
                                td { (ch.cause) }
                            }
                        }
                    }
                }
            }
        }
    }
}
