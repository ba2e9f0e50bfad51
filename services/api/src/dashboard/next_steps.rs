//! "What is missing for the next level", per capability, in the model's words, each
//! requirement with a "Record" link to the form its `how` names (one per alternative of
//! an any-of group), the fields it fixes filled in.

use govtrack_events::EventType;
use govtrack_forms::{Form, Values};
use govtrack_maturity::{Model, Requirement};
use maud::{Markup, html};
use serde_json::Value;

use super::actions::Actions;
use super::words;
use crate::types::CapabilityLevel;

/// One way to record a missing requirement.
#[derive(Debug, Clone, PartialEq)]
pub struct Way {
    pub event_type: EventType,
    /// The fields the requirement fixes, as the form's query.
    pub prefill: Vec<(String, String)>,
    /// For an alternative of an any-of group: what it is, in words.
    pub alternative: Option<String>,
}

/// Per capability, per missing requirement (in `next.missing` order): the ways to
/// record it, found by its words among the capability's requirements in `model`.
pub fn ways(model: &Model, capabilities: &[CapabilityLevel]) -> Vec<Vec<Vec<Way>>> {
    (capabilities.iter())
        .map(|c| {
            let requirements = model
                .capability(&c.id)
                .map(|cap| cap.requirements())
                .unwrap_or_default();
            let missing = c
                .next
                .as_ref()
                .map(|n| n.missing.as_slice())
                .unwrap_or_default();
            (missing.iter())
                .map(
                    |words| match requirements.iter().find(|r| r.words() == words) {
                        Some(r) => ways_of(r),
                        None => Vec::new(),
                    },
                )
                .collect()
        })
        .collect()
}

fn ways_of(requirement: &Requirement) -> Vec<Way> {
    match requirement.alternatives() {
        [] => way(requirement, None).into_iter().collect(),
        alternatives => (alternatives.iter())
            .filter_map(|a| way(a, Some(a.words().to_owned())))
            .collect(),
    }
}

fn way(requirement: &Requirement, alternative: Option<String>) -> Option<Way> {
    let recording = requirement.recording()?;
    let event_type = EventType::parse(&recording.event_type).filter(|t| !t.is_reserved())?;
    let fields: serde_json::Map<String, Value> = recording.fields.into_iter().collect();
    let prefill = Values::of_data(&Value::Object(fields));
    Some(Way {
        event_type,
        prefill: prefill
            .pairs()
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
            .collect(),
        alternative,
    })
}

/// One card per capability below 500: the next level and the requirements still missing.
pub fn next_steps(
    capabilities: &[CapabilityLevel],
    ways: &[Vec<Vec<Way>>],
    actions: &Actions,
) -> Markup {
    html! {
        section #next aria-labelledby="next-h" {
            h2 #next-h { "What is missing for the next level" }
            div .cards {
                @for (i, c) in capabilities.iter().enumerate() {
                    (card(c, ways.get(i).map(Vec::as_slice).unwrap_or_default(), actions))
                }
            }
        }
    }
}

fn card(c: &CapabilityLevel, ways: &[Vec<Way>], actions: &Actions) -> Markup {
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
                    @for (j, m) in next.missing.iter().enumerate() {
                        li {
                            (m)
                            @let links = ways.get(j).map(Vec::as_slice).unwrap_or_default();
                            @if !links.is_empty() {
                                " " span .acts { @for w in links { (link(w, m, actions)) } }
                            }
                        }
                    }
                },
            }
        }
    }
}

fn link(way: &Way, words: &str, actions: &Actions) -> Markup {
    let prefill: Vec<(&str, String)> = way
        .prefill
        .iter()
        .map(|(n, v)| (n.as_str(), v.clone()))
        .collect();
    match &way.alternative {
        None => actions.link(way.event_type, &prefill, "Record", words),
        Some(alternative) => {
            let text = format!("Record: {}", Form::of(way.event_type).title());
            actions.link(way.event_type, &prefill, &text, alternative)
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use govtrack_auth::Caller;

    use super::*;
    use crate::types::NextLevel;

    fn missing(id: &str, words: &[&str]) -> CapabilityLevel {
        CapabilityLevel {
            id: id.into(),
            name: id.into(),
            level: 300,
            target: None,
            since: None,
            next: Some(NextLevel {
                level: 400,
                missing: words.iter().map(|w| (*w).to_owned()).collect(),
            }),
        }
    }

    fn model_words(model: &Model, capability: &str, starting: &str) -> String {
        let cap = model.capability(capability).unwrap();
        cap.requirements()
            .iter()
            .find(|r| r.words().starts_with(starting))
            .unwrap()
            .words()
            .to_owned()
    }

    #[test]
    fn each_missing_requirement_links_to_the_form_its_how_names_and_a_group_to_each_alternative() {
        let model = Model::default_model();
        let onboarding = model_words(&model, "community", "new makers trained");
        let kpis = model_words(&model, "sponsorship", "KPIs or OKRs");
        let caps = [
            missing("community", &[&onboarding, "words no requirement has"]),
            missing("sponsorship", &[&kpis]),
        ];
        let found = ways(&model, &caps);
        assert_eq!(found[0][0].len(), 1);
        assert_eq!(found[0][0][0].event_type, EventType::TrainingHeld);
        assert_eq!(
            found[0][0][0].prefill,
            [("kind".to_owned(), "onboarding".to_owned())]
        );
        assert!(found[0][1].is_empty());
        let types: Vec<EventType> = found[1][0].iter().map(|w| w.event_type).collect();
        assert_eq!(
            types,
            [EventType::KpiReviewed, EventType::KeyResultMeasured]
        );

        let local = Actions::for_caller(&Caller::local(), "contoso", Utc::now(), false);
        let html = next_steps(&caps, &found, &local).into_string();
        assert!(html.contains(r#"<a class="act" href="/orgs/contoso/record/training.held?kind=onboarding">Record<span class="sr"> — new makers trained"#), "{html}");
        assert!(html.contains(">Record: KPI reviewed<"), "{html}");
        assert!(html.contains(">Record: Key result measured<"), "{html}");
        let none = next_steps(&caps, &found, &Actions::none()).into_string();
        assert!(!none.contains("record/"), "{none}");
    }
}
