//! A [`Timeline`] saved as text, so that a later process answers from it and replays
//! only the facts that came after it ([`Timeline::extended`]) instead of the whole
//! history.
//!
//! Saved text names the model it was built under by id and by a fingerprint of the
//! model's content: a timeline is only restored under the very model it was built
//! under. An organisation moved to another model, or a model file edited under the
//! same id, gets `None`, and the caller replays the history. So does text that does
//! not parse or whose shape is not the model's: restoring never panics.

use serde::{Deserialize, Serialize};

use crate::model::Model;
use crate::timeline::Timeline;

/// What is saved: the model's fingerprint and the timeline.
#[derive(Serialize, Deserialize)]
struct Saved<T> {
    fingerprint: String,
    timeline: T,
}

impl Timeline {
    /// This timeline as text, for [`Timeline::restore`].
    pub fn save(&self, model: &Model) -> String {
        let saved = Saved {
            fingerprint: fingerprint(model),
            timeline: self,
        };
        // A timeline holds only maps with string keys, numbers, strings and times.
        serde_json::to_string(&saved).unwrap_or_default()
    }

    /// The timeline `saved` by [`Timeline::save`] under `model`; `None` if it was
    /// saved under another model (or another version of it) or is not a saved
    /// timeline.
    pub fn restore(model: &Model, saved: &str) -> Option<Timeline> {
        let saved: Saved<Timeline> = serde_json::from_str(saved).ok()?;
        if saved.fingerprint != fingerprint(model) || saved.timeline.model_id() != model.id {
            return None;
        }
        saved.timeline.restored(&model.shared.model(model))
    }
}

impl Model {
    /// The model's id and a hash of its whole content: what a saved timeline is
    /// restored under, and the key a store files it under.
    pub fn fingerprint(&self) -> String {
        fingerprint(self)
    }
}

/// The model's id and a hash of its whole content (FNV-1a over its `Debug` form, which
/// lists every field; a new compiler may change it, which only costs a replay).
pub(crate) fn fingerprint(model: &Model) -> String {
    let text = format!("{model:?}");
    let hash = (text.bytes()).fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{}:{hash:016x}", model.id)
}

#[cfg(test)]
mod tests {
    use chrono::{TimeDelta, Utc};
    use serde_json::json;

    use super::*;
    use crate::Fact;

    fn timeline(model: &Model) -> Timeline {
        let start = Utc::now() - TimeDelta::days(100);
        let facts = [
            Fact::new(
                "sponsor.named",
                start,
                json!({"sponsor": "cio", "formal": true}),
            ),
            Fact::new(
                "hackathon.held",
                start + TimeDelta::days(1),
                json!({"name": "h"}),
            ),
        ];
        Timeline::build(model, &facts, Utc::now() + TimeDelta::days(400))
    }

    #[test]
    fn a_model_edited_under_the_same_id_does_not_restore_the_timeline() {
        let model = Model::default_model();
        let saved = timeline(&model).save(&model);
        assert!(Timeline::restore(&model, &saved).is_some());
        let mut edited = model.clone();
        edited.attestation_valid_days += 1;
        assert!(Timeline::restore(&edited, &saved).is_none());
    }

    #[test]
    fn text_that_is_not_a_timeline_of_the_model_gives_none_without_a_panic() {
        let model = Model::default_model();
        let saved = timeline(&model).save(&model);
        let fingerprint = fingerprint(&model);
        let mut damaged: serde_json::Value = serde_json::from_str(&saved).unwrap();
        damaged["timeline"]["readings"]
            .as_array_mut()
            .unwrap()
            .pop();
        let mut engine_cut: serde_json::Value = serde_json::from_str(&saved).unwrap();
        engine_cut["timeline"]["frontier"]["cursor"]["engine"]["slots"][0] = json!([]);
        let cases = [
            String::new(),
            "{}".to_owned(),
            saved[..saved.len() / 2].to_owned(),
            format!("{{\"fingerprint\": \"{fingerprint}\", \"timeline\": 1}}"),
            damaged.to_string(),
            engine_cut.to_string(),
        ];
        for text in cases {
            assert!(Timeline::restore(&model, &text).is_none(), "{text:.200}");
        }
    }
}
