//! The digest's maturity section: per capability, the level as of `now`, the target if
//! one is set, and the next level with what it still needs. Pure: the evaluator of
//! `govtrack-maturity` over the organisation's facts from the scheduler's projection,
//! with the organisation's model — the same answer as the api's
//! `GET /v1/orgs/{org}/maturity`.

use chrono::{DateTime, Utc};
use govtrack_maturity::{CapabilityAssessment, Fact, Model, evaluate};
use serde_json::{Value, json};

/// `{"model", "capabilities": [{"capability", "name", "level", "target"?, "next"?}]}`;
/// `target` is absent when none is set, `next` at level 500.
pub fn section(model: &Model, facts: &[Fact], now: DateTime<Utc>) -> Value {
    let assessment = evaluate(model, facts, now);
    let capabilities: Vec<Value> = assessment.capabilities.iter().map(capability).collect();
    json!({ "model": assessment.model, "capabilities": capabilities })
}

fn capability(c: &CapabilityAssessment) -> Value {
    let mut out = json!({ "capability": c.id, "name": c.name, "level": c.level });
    if let Some(t) = &c.target {
        out["target"] = json!({ "level": t.level, "due": t.due });
    }
    if let Some(n) = &c.next {
        out["next"] = json!({ "level": n.level, "missing": n.missing });
    }
    out
}

/// One line per capability for chat formats: `Executive sponsorship: 200 (target 300
/// by 2026-09-30)`.
pub fn lines(section: &Value) -> Vec<(String, String)> {
    let Some(capabilities) = section["capabilities"].as_array() else {
        return Vec::new();
    };
    capabilities
        .iter()
        .map(|c| {
            let name = c["name"].as_str().unwrap_or_default().to_owned();
            let mut level = c["level"].to_string();
            if let (Some(target), Some(due)) =
                (c["target"]["level"].as_u64(), c["target"]["due"].as_str())
            {
                level.push_str(&format!(" (target {target} by {due})"));
            }
            (name, level)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn sponsorship(section: &Value) -> &Value {
        let list = section["capabilities"].as_array().unwrap();
        list.iter()
            .find(|c| c["capability"] == "sponsorship")
            .unwrap()
    }

    #[test]
    fn a_named_sponsor_is_sponsorship_200_and_the_next_level_says_what_is_missing() {
        let facts = [Fact::new(
            "sponsor.named",
            at("2026-03-01T10:00:00Z"),
            json!({"sponsor": "cio", "name": "Ada Lovelace", "formal": false}),
        )];
        let s = section(&Model::default_model(), &facts, at("2026-03-02T00:00:00Z"));
        assert_eq!(s["model"], "2025");
        let sponsorship = sponsorship(&s);
        assert_eq!(sponsorship["level"], 200);
        assert_eq!(sponsorship["next"]["level"], 300);
        assert!(
            sponsorship["next"]["missing"][0]
                .as_str()
                .unwrap()
                .contains("formal"),
            "{sponsorship}"
        );
        assert!(sponsorship.get("target").is_none());
    }

    #[test]
    fn facts_after_now_do_not_count_and_targets_are_reported() {
        let facts = [
            Fact::new(
                "sponsor.named",
                at("2026-05-01T10:00:00Z"),
                json!({"sponsor": "cio", "name": "Ada Lovelace", "formal": true}),
            ),
            Fact::new(
                "capability.target_set",
                at("2026-03-01T10:00:00Z"),
                json!({"capability": "sponsorship", "level": 300, "due": "2026-09-30"}),
            ),
        ];
        let s = section(&Model::default_model(), &facts, at("2026-04-01T00:00:00Z"));
        let sponsorship = sponsorship(&s);
        assert_eq!(sponsorship["level"], 100);
        assert_eq!(sponsorship["target"]["level"], 300);
        let lines = lines(&s);
        assert!(
            lines
                .iter()
                .any(|(_, l)| l == "100 (target 300 by 2026-09-30)"),
            "{lines:?}"
        );
    }
}
