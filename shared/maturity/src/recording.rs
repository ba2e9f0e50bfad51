//! How a requirement is recorded, read from its `how` line: the event type that meets
//! it, and the data fields the requirement itself fixes (the values its matchers ask
//! for, an evidence's capability and signal). The dashboard turns this into a "Record"
//! link that opens the type's form with those fields filled in; the rest of the `how`
//! line's data is an example ("Spring hack", 40 participants), which a person replaces
//! with what really happened, so it is not filled in.

use serde_json::Value;

use crate::requirement::{Requirement, RequirementKind};

/// The record that meets a requirement.
#[derive(Debug, Clone, PartialEq)]
pub struct Recording {
    /// The event type, e.g. `training.held`.
    pub event_type: String,
    /// The data fields the requirement fixes, e.g. `kind = "onboarding"`, by name.
    pub fields: Vec<(String, Value)>,
}

impl Requirement {
    /// How to record this requirement; `None` for an any-of group (each alternative is
    /// recorded its own way) and for a `how` line that is not a `govtrack emit` line.
    pub fn recording(&self) -> Option<Recording> {
        let (event_type, data) = emitted(self.how.as_deref()?)?;
        let fixed = self.fixed_fields();
        let fields = (data.as_object()?.iter())
            .filter(|(name, _)| fixed.contains(&name.as_str()))
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect();
        Some(Recording { event_type, fields })
    }

    /// The data fields whose values decide whether a record counts for this requirement.
    fn fixed_fields(&self) -> Vec<&str> {
        match &self.kind {
            RequirementKind::Fact { matcher, .. } | RequirementKind::Recent { matcher, .. } => {
                let equals = matcher.equals.iter().map(|(field, _)| field.as_str());
                let includes = matcher.includes.iter().map(|(field, _)| field.as_str());
                equals.chain(includes).collect()
            }
            RequirementKind::Evidence { .. } => vec!["capability", "signal"],
            RequirementKind::Any(_) => Vec::new(),
        }
    }
}

/// `govtrack emit TYPE --org ORG --data '{…}'` → (TYPE, data).
fn emitted(how: &str) -> Option<(String, Value)> {
    let rest = how.strip_prefix("govtrack emit ")?;
    let event_type = rest.split_whitespace().next()?.to_owned();
    let data = match rest.split_once(" --data '") {
        Some((_, data)) => serde_json::from_str(data.strip_suffix('\'')?).ok()?,
        None => Value::Object(Default::default()),
    };
    Some((event_type, data))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::Model;

    fn models() -> Vec<Model> {
        Model::builtin_ids()
            .map(|id| Model::builtin(id).unwrap())
            .collect()
    }

    #[test]
    fn a_recording_fixes_what_the_requirement_matches_and_leaves_the_example_out() {
        let model = Model::builtin("2025").unwrap();
        let community = model.capability("community").unwrap();
        let onboarding = (community.requirements().iter())
            .find(|r| r.words().starts_with("new makers trained"))
            .unwrap();
        let recording = onboarding.recording().unwrap();
        assert_eq!(recording.event_type, "training.held");
        assert_eq!(recording.fields, [("kind".to_owned(), json!("onboarding"))]);
        let security = model.capability("security").unwrap();
        let evidence = (security.requirements().iter())
            .find(|r| r.kind_name() == "evidence")
            .unwrap();
        let fields = evidence.recording().unwrap().fields;
        assert_eq!(fields[0], ("capability".to_owned(), json!("security")));
        assert_eq!(fields[1].0, "signal");
    }

    #[test]
    fn every_requirement_but_a_group_is_recorded_with_the_values_its_matchers_ask_for() {
        for model in models() {
            for (cap, req) in model.requirements() {
                let at = format!("{} {cap} `{}`", model.id(), req.words());
                if req.kind_name() == "any" {
                    assert_eq!(req.recording(), None, "{at}");
                    continue;
                }
                let recording = req
                    .recording()
                    .unwrap_or_else(|| panic!("{at}: no recording"));
                let value = |name: &str| {
                    (recording.fields.iter())
                        .find(|(field, _)| field == name)
                        .map(|(_, v)| v.clone())
                };
                match &req.kind {
                    RequirementKind::Fact { matcher, .. }
                    | RequirementKind::Recent { matcher, .. } => {
                        for (field, want) in &matcher.equals {
                            let got = value(field).unwrap_or_else(|| panic!("{at}: {field}"));
                            let same = got.as_f64().zip(want.as_f64()).map(|(a, b)| a == b);
                            assert!(same.unwrap_or(&got == want), "{at}: {field}");
                        }
                        for (field, wanted) in &matcher.includes {
                            assert!(value(field).is_some(), "{at}: {field} {wanted:?}");
                        }
                    }
                    RequirementKind::Evidence { signal, .. } => {
                        assert_eq!(value("signal"), Some(json!(signal)), "{at}");
                        assert_eq!(value("capability"), Some(json!(cap)), "{at}");
                    }
                    RequirementKind::Any(_) => unreachable!(),
                }
            }
        }
    }

    #[test]
    fn a_line_that_is_not_an_emit_line_records_nothing() {
        assert_eq!(emitted("ask the CoE lead"), None);
        assert_eq!(emitted("govtrack emit x.y --data '{broken'"), None);
        let (t, data) = emitted("govtrack emit pipeline.enabled --org ORG").unwrap();
        assert_eq!((t.as_str(), data), ("pipeline.enabled", json!({})));
    }
}
