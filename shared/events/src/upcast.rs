//! Upcasting: reading `data` written under an older schema version.
//!
//! When a type's data changes shape, bump its version in the catalogue and add a step
//! `(type, from_version, fn)` to [`STEPS`]; readers then see every stored event in the
//! current shape. The log itself is never rewritten.

use serde_json::Value;

use crate::{DecodeError, EventType};

/// One upcasting step: data of `(type, version)` to `version + 1`.
type Step = (EventType, u32, fn(Value) -> Value);

/// The registered steps.
const STEPS: &[Step] = &[(EventType::ObjectiveDefined, 1, goal_from_text)];

/// `objective.defined` v1 → v2: v1 took any text as `goal`; v2 takes one of the seven
/// common goals or `custom`. A v1 goal outside the list reads as `custom` (the log
/// keeps the words it was sent with).
fn goal_from_text(mut data: Value) -> Value {
    let known = |g: &str| g.parse::<crate::Goal>().is_ok();
    let unknown = |g: &&mut Value| g.as_str().is_some_and(|g| !known(g));
    if let Some(goal) = data.get_mut("goal").filter(unknown) {
        *goal = Value::from(crate::Goal::Custom.as_str());
    }
    data
}

/// Brings `data` of `event_type` at `version` up to the current version.
pub fn upcast(
    event_type: EventType,
    version: u32,
    data: Value,
) -> Result<(u32, Value), DecodeError> {
    upcast_with(STEPS, event_type, version, data)
}

fn upcast_with(
    steps: &[Step],
    event_type: EventType,
    mut version: u32,
    mut data: Value,
) -> Result<(u32, Value), DecodeError> {
    let current = event_type.version();
    if version > current {
        return Err(DecodeError::TooNew {
            event_type: event_type.name().to_owned(),
            version,
            current,
        });
    }
    while version < current {
        let step = steps
            .iter()
            .find(|(t, v, _)| *t == event_type && *v == version);
        let Some((_, _, f)) = step else {
            return Err(DecodeError::InvalidData(format!(
                "no upcaster from {event_type} v{version}"
            )));
        };
        data = f(data);
        version += 1;
    }
    Ok((version, data))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn current_version_passes_through_unchanged() {
        let data = json!({"policy": "p1"});
        let (v, out) = upcast(EventType::DlpPolicyRemoved, 1, data.clone()).unwrap();
        assert_eq!((v, out), (1, data));
    }

    #[test]
    fn a_newer_version_than_this_build_is_refused() {
        let err = upcast(EventType::DlpPolicyRemoved, 2, json!({})).unwrap_err();
        assert!(matches!(
            err,
            DecodeError::TooNew {
                version: 2,
                current: 1,
                ..
            }
        ));
    }

    #[test]
    fn an_old_version_without_a_step_is_refused() {
        let err = upcast(EventType::DlpPolicyRemoved, 0, json!({})).unwrap_err();
        assert!(err.to_string().contains("no upcaster"));
    }

    #[test]
    fn a_v1_goal_outside_the_seven_reads_as_custom() {
        let v1 = json!({"objective": "o", "title": "T", "goal": "scale_adoption",
            "period_start": "2026-01-01", "period_end": "2026-12-31"});
        let (v, out) = upcast(EventType::ObjectiveDefined, 1, v1).unwrap();
        assert_eq!((v, &out["goal"]), (2, &json!("custom")));
        let known = json!({"objective": "o", "title": "T", "goal": "realize_value",
            "period_start": "2026-01-01", "period_end": "2026-12-31"});
        let (_, out) = upcast(EventType::ObjectiveDefined, 1, known.clone()).unwrap();
        assert_eq!(out, known);
        assert!(crate::EventData::decode(EventType::ObjectiveDefined, out).is_ok());
    }

    #[test]
    fn steps_apply_in_order_up_to_the_current_version() {
        fn rename(mut v: Value) -> Value {
            let old = v.as_object_mut().unwrap().remove("id").unwrap();
            v["policy"] = old;
            v
        }
        let steps: &[Step] = &[(EventType::DlpPolicyRemoved, 0, rename)];
        let (v, out) =
            upcast_with(steps, EventType::DlpPolicyRemoved, 0, json!({"id": "p1"})).unwrap();
        assert_eq!((v, out), (1, json!({"policy": "p1"})));
    }
}
