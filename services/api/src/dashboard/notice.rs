//! The notice an organisation's page shows after a record made from one of its forms:
//! "Recorded: training held — kind: onboarding · attendees: 25 (sequence 1234)", and
//! each level the record changed: "Community is now 400 Capable". The page's query
//! says which event and which levels (`?recorded=1234&levels=community:400`); the page
//! shows only what the read model confirms, the event of this organisation at that
//! sequence and levels the page itself shows, so a crafted link cannot make it say
//! anything untrue.

use govtrack_events::EventType;
use govtrack_forms::Form;
use govtrack_readmodel::read::EventRow;
use maud::{Markup, html};
use serde_json::Value;

use super::words;

/// How many of the record's fields the notice names.
const SHOWN: usize = 4;
use crate::types::CapabilityLevel;

/// What a page is told was recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// The event's stream sequence.
    pub sequence: u64,
    /// The form had been sent before: nothing new was appended.
    pub again: bool,
    /// `(capability id, level)` of each level the record changed.
    pub levels: Vec<(String, u16)>,
}

impl Recorded {
    /// The query pairs that carry it: `recorded`, `again`, `levels`.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![("recorded", self.sequence.to_string())];
        if self.again {
            pairs.push(("again", "1".to_owned()));
        }
        if !self.levels.is_empty() {
            let levels: Vec<String> = (self.levels.iter())
                .map(|(capability, level)| format!("{capability}:{level}"))
                .collect();
            pairs.push(("levels", levels.join(",")));
        }
        pairs
    }

    /// Read back from the page's query; `None` without a readable `recorded`.
    pub fn from_query(
        recorded: Option<&str>,
        again: Option<&str>,
        levels: Option<&str>,
    ) -> Option<Recorded> {
        let sequence = recorded?.parse().ok()?;
        let levels = (levels.unwrap_or_default().split(','))
            .filter_map(|pair| {
                let (capability, level) = pair.split_once(':')?;
                Some((capability.to_owned(), level.parse().ok()?))
            })
            .collect();
        Some(Recorded {
            sequence,
            again: again.is_some_and(|a| a == "1"),
            levels,
        })
    }
}

/// The notice; `event` is the recorded event as the read model has it (`None` while
/// the projector has not applied it yet), `capabilities` what the page shows.
pub fn notice(
    recorded: &Recorded,
    event: Option<&EventRow>,
    capabilities: &[CapabilityLevel],
) -> Markup {
    let what = event.map(|e| {
        let details = details(&e.event_type, &e.data);
        let name = e.event_type.replace(['.', '_'], " ");
        if details.is_empty() {
            name
        } else {
            format!("{name} — {details}")
        }
    });
    let changed: Vec<&CapabilityLevel> = (recorded.levels.iter())
        .filter_map(|(id, level)| {
            capabilities
                .iter()
                .find(|c| &c.id == id && c.level == *level)
        })
        .collect();
    html! {
        div .notice role="status" {
            @match (what, recorded.again) {
                (Some(what), false) => p { strong { "Recorded: " } (what) " " span .muted { "(sequence " (recorded.sequence) ")" } },
                (Some(what), true) => p {
                    strong { "Already recorded: " } (what) " " span .muted { "(sequence " (recorded.sequence) ")" }
                    ". This form had been sent before; nothing new was added."
                },
                (None, _) => p {
                    strong { "Recorded" } " (sequence " (recorded.sequence) "). "
                    "This page shows it as soon as the read model has caught up: reload it in a moment."
                },
            }
            @for c in changed {
                p .level-change { strong { (c.name) " is now " (c.level) } " " (words::level_name(c.level)) "." }
            }
        }
    }
}

/// `kind: onboarding · attendees: 25`: the record's fields in its form's order.
fn details(event_type: &str, data: &Value) -> String {
    let Some(form) = EventType::parse(event_type).map(Form::of) else {
        return String::new();
    };
    (form.fields.iter())
        .filter_map(|f| {
            let text = match data.get(&f.name)? {
                Value::String(s) => s.clone(),
                Value::Array(items) => (items.iter())
                    .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned))
                    .collect::<Vec<_>>()
                    .join(", "),
                Value::Object(_) | Value::Null => return None,
                other => other.to_string(),
            };
            Some(format!("{}: {text}", f.name.replace('_', " ")))
        })
        .take(SHOWN)
        .collect::<Vec<_>>()
        .join(" · ")
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use serde_json::json;

    use super::*;

    fn community(level: u16) -> CapabilityLevel {
        CapabilityLevel {
            id: "community".into(),
            name: "Community".into(),
            level,
            target: None,
            since: None,
            next: None,
        }
    }

    fn training() -> EventRow {
        EventRow {
            sequence: 1234,
            id: "01J".into(),
            event_type: "training.held".into(),
            occurred_at: Utc::now(),
            recorded_at: Utc::now(),
            source: None,
            data: json!({"kind": "onboarding", "attendees": 25}),
            recorded_by: None,
        }
    }

    #[test]
    fn the_query_carries_the_sequence_the_repeat_and_the_levels() {
        let recorded = Recorded {
            sequence: 7,
            again: true,
            levels: vec![("community".into(), 400), ("strategy".into(), 300)],
        };
        let pairs = recorded.pairs();
        let get = |n: &str| pairs.iter().find(|(k, _)| *k == n).map(|(_, v)| v.as_str());
        assert_eq!(
            Recorded::from_query(get("recorded"), get("again"), get("levels")),
            Some(recorded)
        );
        assert_eq!(Recorded::from_query(Some("x"), None, None), None);
    }

    #[test]
    fn the_notice_says_what_was_recorded_and_only_the_levels_the_page_confirms() {
        let recorded = Recorded {
            sequence: 1234,
            again: false,
            levels: vec![("community".into(), 400), ("strategy".into(), 500)],
        };
        let html = notice(&recorded, Some(&training()), &[community(400)]).into_string();
        assert!(
            html.contains("Recorded: </strong>training held — kind: onboarding · attendees: 25"),
            "{html}"
        );
        assert!(html.contains("(sequence 1234)"), "{html}");
        assert!(
            html.contains("Community is now 400</strong> Capable."),
            "{html}"
        );
        assert!(
            !html.contains("strategy") && !html.contains("500"),
            "{html}"
        );
        let html = notice(&recorded, Some(&training()), &[community(300)]).into_string();
        assert!(
            !html.contains("is now"),
            "a level the page does not show: {html}"
        );
        let again = Recorded {
            again: true,
            ..recorded.clone()
        };
        assert!(
            notice(&again, Some(&training()), &[])
                .into_string()
                .contains("Already recorded")
        );
        assert!(
            notice(&recorded, None, &[])
                .into_string()
                .contains("reload it in a moment")
        );
    }
}
