//! Why a level changed, in words a CoE lead understands.

use crate::fact::Fact;
use crate::model::{Capability, Model};
use crate::requirement::Requirement;
use crate::requirement::RequirementKind;
use crate::state::CapabilityState;

/// The causes of a level change between two readings of `cap`, joined by `; `.
/// `applied` are the facts folded in at the instant of the change.
pub(crate) fn explain(
    model: &Model,
    cap: &Capability,
    (was, now): (&CapabilityState, &CapabilityState),
    applied: &[&Fact],
) -> String {
    let rising = now.level > was.level;
    let top = was.level.max(now.level);
    let mut causes: Vec<String> = Vec::new();
    for (i, req) in cap.requirements.iter().enumerate() {
        let flipped = was.met(req, i) != now.met(req, i) && now.met(req, i) == rising;
        if req.level > top || !flipped {
            continue;
        }
        let cause = if was.signals[i] == now.signals[i] {
            attestation_cause(cap, (was, now), applied, rising)
        } else {
            signal_cause(model, cap, req, applied, rising)
        };
        if !causes.contains(&cause) {
            causes.push(cause);
        }
    }
    if causes.is_empty() {
        return "re-evaluated".to_owned();
    }
    causes.join("; ")
}

fn attestation_cause(
    cap: &Capability,
    (was, now): (&CapabilityState, &CapabilityState),
    applied: &[&Fact],
    rising: bool,
) -> String {
    let assessed = (applied.iter().rev()).find(|f| {
        f.event_type == "capability.assessed" && f.str_field("capability") == Some(cap.id.as_str())
    });
    match (assessed, rising) {
        (Some(f), true) => format!("{} — attested up to level {}", f.describe(), now.attested),
        (Some(f), false) => format!(
            "{} — re-assessed, now vouches for level {}",
            f.describe(),
            now.attested
        ),
        (None, false) => format!(
            "attestation expired: the level {} assessment is no longer valid",
            was.attested
        ),
        (None, true) => "attestation".to_owned(),
    }
}

fn signal_cause(
    model: &Model,
    cap: &Capability,
    req: &Requirement,
    applied: &[&Fact],
    rising: bool,
) -> String {
    let types = req.kind.relevant_types(&model.entities, rising);
    let fact = (applied.iter().rev()).find(|f| {
        types.contains(&f.event_type.as_str()) && concerns(f, (model, cap), &req.kind, rising)
    });
    match fact {
        Some(f) if rising => format!("{} — {}", f.describe(), req.words),
        Some(f) => format!("{} — no longer: {}", f.describe(), req.words),
        None if rising => req.words.clone(),
        None => lapsed(req),
    }
}

/// Whether an evidence fact is about this requirement (other kinds: any of its types;
/// a group: any of its alternatives).
fn concerns(
    fact: &Fact,
    (model, cap): (&Model, &Capability),
    kind: &RequirementKind,
    rising: bool,
) -> bool {
    match kind {
        RequirementKind::Evidence { signal, .. } => {
            fact.event_type == "evidence.recorded"
                && fact.str_field("capability") == Some(cap.id.as_str())
                && fact.str_field("signal") == Some(signal.as_str())
        }
        RequirementKind::Any(alternatives) => alternatives.iter().any(|a| {
            let types = a.kind.relevant_types(&model.entities, rising);
            types.contains(&fact.event_type.as_str())
                && concerns(fact, (model, cap), &a.kind, rising)
        }),
        _ => true,
    }
}

/// A requirement that stopped holding with no event: time moved it out of its window.
fn lapsed(req: &Requirement) -> String {
    match &req.kind {
        RequirementKind::Recent {
            event,
            count,
            within_days,
            matcher,
        } => {
            let matching = if *matcher == Default::default() {
                ""
            } else {
                "matching "
            };
            let how_many = if *count == 1 {
                "no".to_owned()
            } else {
                format!("fewer than {count}")
            };
            format!("window expired: {how_many} {matching}{event} in the last {within_days} days")
        }
        RequirementKind::Evidence {
            signal,
            within_days,
        } => {
            let days = within_days.unwrap_or_default();
            format!("evidence expired: no {signal} evidence in the last {days} days")
        }
        RequirementKind::Fact { .. } => format!("no longer: {}", req.words),
        RequirementKind::Any(_) => format!("window expired: no longer {}", req.words),
    }
}
