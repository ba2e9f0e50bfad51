//! How much memory the evaluator's values hold, so that a cache of them can keep to a
//! byte budget. Estimates, not exact counts: the sizes of the values themselves plus
//! their heap parts (strings, vectors, maps at their lengths), without allocator
//! overhead. They grow and shrink with what is held, which is what a budget needs.

use std::mem::size_of;

use serde_json::Value;

use crate::fact::Fact;

/// Bytes a map entry costs beyond its key and value (hash table slot, control bytes).
pub(crate) const MAP_ENTRY: usize = 16;

/// The heap bytes of a JSON value (its own size excluded).
pub fn json_heap_bytes(value: &Value) -> usize {
    match value {
        Value::Null | Value::Bool(_) | Value::Number(_) => 0,
        Value::String(s) => s.capacity(),
        Value::Array(items) => items
            .iter()
            .map(|v| size_of::<Value>() + json_heap_bytes(v))
            .sum(),
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| {
                MAP_ENTRY
                    + size_of::<String>()
                    + k.capacity()
                    + size_of::<Value>()
                    + json_heap_bytes(v)
            })
            .sum(),
    }
}

impl Fact {
    /// The bytes this fact holds, itself included.
    pub fn weight(&self) -> usize {
        size_of::<Fact>() + self.event_type.capacity() + json_heap_bytes(&self.data)
    }
}

/// The bytes of the elements of a vector and its spare capacity.
pub(crate) fn vec_bytes<T>(v: &[T], capacity: usize) -> usize {
    size_of::<T>() * capacity.max(v.len())
}

#[cfg(test)]
mod tests {
    use chrono::{TimeDelta, Utc};
    use serde_json::json;

    use crate::{Model, Timeline};

    use super::*;

    #[test]
    fn a_larger_fact_weighs_more_and_nothing_weighs_less_than_its_size() {
        let small = Fact::new("training.held", Utc::now(), json!({}));
        let large = Fact::new(
            "training.held",
            Utc::now(),
            json!({ "kind": "a".repeat(1000), "attendees": [1, 2, 3] }),
        );
        assert!(small.weight() >= size_of::<Fact>());
        assert!(large.weight() > small.weight() + 1000);
    }

    #[test]
    fn a_timeline_weighs_what_changed_not_how_many_facts_it_replayed() {
        let model = Model::default_model();
        let start = Utc::now() - TimeDelta::days(3000);
        let facts = |n: i64| -> Vec<Fact> {
            (0..n)
                .map(|i| {
                    let at = start + TimeDelta::minutes(i * 20);
                    Fact::new(
                        "vision.published",
                        at,
                        json!({ "note": format!("revision {i}") }),
                    )
                })
                .collect()
        };
        let horizon = Utc::now() + TimeDelta::days(400);
        let (few, many) = (facts(100), facts(10_000));
        let small = Timeline::build(&model, &few, horizon).weight();
        let large = Timeline::build(&model, &many, horizon).weight();
        let facts_weight: usize = many.iter().map(Fact::weight).sum();
        assert!(small > 1000, "{small}");
        assert!(
            large < small * 2,
            "100 facts: {small} B, 10,000 facts: {large} B"
        );
        assert!(
            large * 10 < facts_weight,
            "{large} B against {facts_weight} B of facts"
        );
    }

    #[test]
    fn a_timeline_keeps_what_its_entities_matched_not_their_data() {
        let model = Model::default_model();
        let start = Utc::now() - TimeDelta::days(300);
        let environments = |note: &str| -> Vec<Fact> {
            (0..400)
                .map(|i| {
                    let data = json!({
                        "environment": format!("env-{i}"),
                        "kind": "production",
                        "managed": true,
                        "note": note,
                    });
                    Fact::new("environment.created", start + TimeDelta::hours(i), data)
                })
                .collect()
        };
        let horizon = Utc::now() + TimeDelta::days(400);
        let plain = Timeline::build(&model, &environments(""), horizon).weight();
        let verbose = Timeline::build(&model, &environments(&"x".repeat(500)), horizon).weight();
        assert_eq!(plain, verbose, "400 environments of 500 more bytes each");
    }
}
