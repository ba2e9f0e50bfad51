//! Properties of the replay: extending equals rebuilding, reading only the moved
//! capabilities equals reading all, for the built-in models and a model of any-of groups.

use chrono::TimeDelta;
use proptest::prelude::*;
use serde_json::json;

use super::*;
use crate::Timeline;

#[path = "../tests/common/event_types.rs"]
mod event_types;

/// A model whose requirements are any-of groups of every kind of alternative: an entity
/// fact with removals, an event fact, a recent occurrence naming an active entity, and
/// windowed evidence, several groups sharing event types.
const ANY_OF: &str = include_str!("../tests/models/any_of.toml");

/// The built-in models and [`ANY_OF`].
fn models() -> Vec<Model> {
    vec![
        Model::default_model(),
        Model::builtin("2021").unwrap(),
        Model::parse("any.toml", ANY_OF).unwrap(),
    ]
}

fn fact() -> impl Strategy<Value = Fact> {
    let data = (
        prop::sample::select(vec!["cio", "cfo"]),
        any::<bool>(),
        prop::sample::select(vec!["default", "tenant"]),
        prop::sample::select(vec!["core", "nurture"]),
        prop::sample::select(vec!["governance", "community", "sponsorship"]),
        prop::sample::select(vec![200u16, 300, 400, 500]),
        prop::option::of(1u32..400),
        prop::sample::select(vec!["resource_cleanup_reviewed", "roles_defined"]),
        prop::sample::select(vec!["onboarding", "external"]),
    );
    (
        prop::sample::select(event_types::EVENT_TYPES.to_vec()),
        0i64..1500,
        data,
    )
        .prop_map(
            |(t, day, (sponsor, flag, scope, module, capability, level, days, signal, kind))| {
                let at = DateTime::<Utc>::UNIX_EPOCH + TimeDelta::days(20_000 + day);
                let data = json!({
                    "sponsor": sponsor, "formal": flag, "managed": flag, "policy": scope,
                    "scope": scope, "module": module, "environment": module,
                    "capability": capability, "level": level, "valid_days": days,
                    "signal": signal, "due": "2030-01-01", "kind": kind, "audience": kind,
                    "attendees": ["executive", "business", "it"], "name": "n", "restored": flag,
                });
                Fact::new(t, at, data)
            },
        )
}

/// Where a prefix of the time-ordered `facts` of about `cut` facts ends: facts at the
/// same instant as the last of the prefix go with the prefix.
fn prefix_end(facts: &[Fact], cut: usize) -> usize {
    let cut = cut.min(facts.len());
    match cut.checked_sub(1).map(|i| facts[i].occurred_at) {
        Some(at) => {
            cut + facts[cut..]
                .iter()
                .take_while(|f| f.occurred_at == at)
                .count()
        }
        None => cut,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A timeline extended with later facts equals one built over all of them.
    #[test]
    fn extending_a_timeline_equals_building_it_whole(
        mut facts in prop::collection::vec(fact(), 0..80),
        cut in 0usize..80,
    ) {
        facts.sort_by_key(|f| f.occurred_at);
        let cut = prefix_end(&facts, cut);
        let horizon = DateTime::<Utc>::UNIX_EPOCH + TimeDelta::days(22_000);
        for model in models() {
            let whole = Timeline::build(&model, &facts, horizon);
            let prefix = Timeline::build(&model, &facts[..cut], horizon);
            let grown = prefix.extended(&model, &facts[cut..]).unwrap();
            prop_assert_eq!(grown.changes(), whole.changes());
            prop_assert_eq!(grown.facts(), whole.facts());
            prop_assert_eq!(grown.last_fact_at(), whole.last_fact_at());
            for day in (19_990..22_000).step_by(5) {
                let at = DateTime::<Utc>::UNIX_EPOCH + TimeDelta::days(day);
                prop_assert_eq!(grown.assess(&model, at), whole.assess(&model, at));
            }
            // Grown twice (the frontier moved) still equals the whole.
            let half = cut + (facts.len() - cut) / 2;
            let half = half + facts[half..].iter()
                .take_while(|f| half > 0 && f.occurred_at == facts[half - 1].occurred_at)
                .count();
            let twice = (prefix.extended(&model, &facts[cut..half]))
                .and_then(|t| t.extended(&model, &facts[half..]))
                .unwrap();
            prop_assert_eq!(twice.changes(), whole.changes());
            let end = DateTime::<Utc>::UNIX_EPOCH + TimeDelta::days(21_999);
            prop_assert_eq!(twice.assess(&model, end), whole.assess(&model, end));
            // A fact not later than the last one cannot extend it.
            if let Some(last) = facts.last() {
                prop_assert!(whole.extended(&model, [last]).is_none());
            }
        }
    }

    /// A timeline saved, restored and then extended with the later facts answers as
    /// one built over all of them, before the save and after it; it is restored under
    /// its own model only.
    #[test]
    fn a_restored_timeline_extended_equals_building_it_whole(
        mut facts in prop::collection::vec(fact(), 0..80),
        cut in 0usize..80,
    ) {
        facts.sort_by_key(|f| f.occurred_at);
        let cut = prefix_end(&facts, cut);
        let horizon = DateTime::<Utc>::UNIX_EPOCH + TimeDelta::days(22_000);
        let models = models();
        for (m, model) in models.iter().enumerate() {
            let whole = Timeline::build(model, &facts, horizon);
            let saved = Timeline::build(model, &facts[..cut], horizon).save(model);
            let restored = Timeline::restore(model, &saved).unwrap();
            let grown = restored.extended(model, &facts[cut..]).unwrap();
            prop_assert_eq!(grown.changes(), whole.changes());
            prop_assert_eq!(grown.facts(), whole.facts());
            for day in (19_990..22_000).step_by(5) {
                let at = DateTime::<Utc>::UNIX_EPOCH + TimeDelta::days(day);
                prop_assert_eq!(grown.assess(model, at), whole.assess(model, at));
            }
            for (other, other_model) in models.iter().enumerate() {
                if other != m {
                    prop_assert!(Timeline::restore(other_model, &saved).is_none());
                }
            }
        }
    }

    /// Skipping the capabilities nothing happened to never changes the outcome.
    #[test]
    fn reading_only_moved_capabilities_equals_reading_all(
        facts in prop::collection::vec(fact(), 0..80),
    ) {
        for model in models() {
            let until = DateTime::<Utc>::UNIX_EPOCH + TimeDelta::days(22_000);
            let quick = replay(&model, &facts, until, false);
            let full = replay(&model, &facts, until, true);
            prop_assert_eq!(&quick.readings, &full.readings);
            prop_assert_eq!(&quick.changes, &full.changes);
        }
    }

    /// A timeline read at any instant answers as a fresh evaluation at that instant.
    #[test]
    fn a_timeline_agrees_with_a_fresh_evaluation_at_every_instant(
        facts in prop::collection::vec(fact(), 0..60),
    ) {
        let horizon = DateTime::<Utc>::UNIX_EPOCH + TimeDelta::days(21_600);
        for model in models() {
            let timeline = Timeline::build(&model, &facts, horizon);
            for day in (19_995..21_600).step_by(7) {
                let at = DateTime::<Utc>::UNIX_EPOCH + TimeDelta::days(day);
                let fresh = crate::evaluate(&model, &facts, at);
                prop_assert_eq!(timeline.assess(&model, at), Some(fresh));
            }
        }
    }
}
