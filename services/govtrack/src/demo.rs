//! The demo organisation: two years of a realistic adoption programme at "contoso",
//! drawn from the adoption guidance — a sponsor first informal then formal, CoE Starter
//! Kit modules deployed over time, DLP on the default environment, hackathons and
//! trainings, champions, OKRs from the common goals, and initiatives across the three
//! horizons (on track, blocked, stalled, done).
//!
//! Its leadership buy-in goal follows the guidance: three weeks ago the CoE applied the
//! `leadership-buy-in` template (seeds/001's 7 objectives, 5 key results with blank
//! targets and 24 initiatives), gave each initiative a horizon, and filled the blanks
//! with `key_result.target_set`.
//!
//! Times are relative to `now`, ids are fixed (`demo-001`, …, and the template's own
//! `tpl:…` ids): seeding twice stores nothing new, and the first seeding's times stay.
//!
//! What the story implies (asserted by `tests/up.rs`): sponsorship 400 (a formal
//! sponsor and a full review, but no hackathon sponsored by an active sponsor in the
//! last year), governance 300, community 300; `app-in-a-day` stalled,
//! `champion-network` blocked.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde_json::{Value, json};

/// The demo org's id.
pub const DEMO_ORG: &str = "contoso";

struct Story {
    now: DateTime<Utc>,
    events: Vec<Value>,
}

impl Story {
    fn at(&mut self, days_ago: i64, event_type: &str, data: Value) {
        let n = self.events.len() + 1;
        let when = self.now - Duration::days(days_ago);
        self.events.push(json!({
            "id": format!("demo-{n:03}"),
            "type": event_type,
            "org": DEMO_ORG,
            "occurred_at": when.to_rfc3339_opts(SecondsFormat::Secs, true),
            "source": "govtrack-demo",
            "data": data,
        }));
    }
}

fn date(now: DateTime<Utc>, days_from_now: i64) -> String {
    (now + Duration::days(days_from_now))
        .date_naive()
        .to_string()
}

/// The demo's events, oldest first.
pub fn demo_events(now: DateTime<Utc>) -> Vec<Value> {
    let mut s = Story {
        now,
        events: Vec::new(),
    };
    strategy_and_governance(&mut s);
    sponsorship(&mut s);
    community(&mut s);
    okrs(&mut s);
    s.events
}

fn strategy_and_governance(s: &mut Story) {
    s.at(730, "vision.published", json!({"title": "Every team can automate its own work", "url": "https://intranet.contoso.example/lowcode/vision"}));
    s.at(
        720,
        "coe_kit.deployed",
        json!({"module": "core", "version": "4.20"}),
    );
    s.at(
        715,
        "dlp_policy.set",
        json!({"policy": "default-env", "scope": "default"}),
    );
    s.at(
        700,
        "intake_process.established",
        json!({"url": "https://intranet.contoso.example/lowcode/intake"}),
    );
    s.at(
        560,
        "environment_strategy.published",
        json!({"note": "dev/test/prod per department"}),
    );
    s.at(
        550,
        "environment.created",
        json!({"environment": "finance-prod", "kind": "production", "managed": true}),
    );
    s.at(
        540,
        "environment.created",
        json!({"environment": "finance-dev", "kind": "developer", "managed": true}),
    );
    s.at(
        500,
        "product_owner.named",
        json!({"name": "Grace Hopper", "title": "Platform product owner"}),
    );
    s.at(
        480,
        "tenant_isolation.configured",
        json!({"direction": "both"}),
    );
    s.at(
        300,
        "dlp_policy.set",
        json!({"policy": "tenant-baseline", "scope": "tenant"}),
    );
    s.at(
        30,
        "capability.target_set",
        json!({"capability": "governance", "level": 400, "due": date(s.now, 180)}),
    );
    s.at(
        30,
        "capability.target_set",
        json!({"capability": "sponsorship", "level": 500, "due": date(s.now, 120)}),
    );
    s.at(470, "evidence.recorded", json!({"capability": "security", "signal": "sharing_limits_set", "note": "sharing limited to security groups"}));
    s.at(
        460,
        "evidence.recorded",
        json!({"capability": "business_value", "signal": "business_cases_documented"}),
    );
    s.at(450, "evidence.recorded", json!({"capability": "operations", "signal": "community_support_channel", "note": "Teams channel for makers"}));
}

fn sponsorship(s: &mut Story) {
    s.at(
        690,
        "sponsor.named",
        json!({"sponsor": "cio", "name": "Ada Lovelace", "title": "CIO", "formal": false}),
    );
    s.at(
        420,
        "sponsor.named",
        json!({"sponsor": "cio", "name": "Ada Lovelace", "title": "CIO", "formal": true}),
    );
    s.at(
        200,
        "sponsor.review_held",
        json!({"sponsor": "cio", "attendees": ["executive", "coe"]}),
    );
    s.at(
        40,
        "sponsor.review_held",
        json!({"sponsor": "cio", "attendees": ["executive", "business", "it", "coe"]}),
    );
}

fn community(s: &mut Story) {
    s.at(
        650,
        "welcome_email.enabled",
        json!({"note": "sent to every new maker"}),
    );
    s.at(
        600,
        "training.held",
        json!({"kind": "app_in_a_day", "attendees": 22}),
    );
    s.at(
        520,
        "hackathon.held",
        json!({"name": "First automation hackathon", "participants": 35, "sponsor": "cio"}),
    );
    s.at(
        400,
        "champion_program.launched",
        json!({"note": "monthly champion calls"}),
    );
    s.at(
        380,
        "coe_kit.deployed",
        json!({"module": "nurture", "version": "4.31"}),
    );
    s.at(
        360,
        "champion.recognized",
        json!({"champion": "jdoe", "name": "Jane Doe"}),
    );
    s.at(
        250,
        "training.held",
        json!({"kind": "app_in_a_day", "attendees": 30}),
    );
    s.at(
        150,
        "hackathon.held",
        json!({"name": "Spring hack", "participants": 48}),
    );
    s.at(
        120,
        "success_story.published",
        json!({"title": "Expense approvals in a day"}),
    );
    s.at(
        90,
        "champion.recognized",
        json!({"champion": "rkhan", "name": "Rahul Khan"}),
    );
    s.at(
        60,
        "show_and_tell.held",
        json!({"topic": "Field inspection app", "attendees": 70}),
    );
}

/// Where each of the template's key results belongs: the guidance leaves it open.
const LINKS: [(&str, &str); 5] = [
    ("strategic-use-cases", "drive-improvement"),
    ("central-it-projects", "uphold-accountability"),
    ("self-sufficient-teams", "teams-change"),
    ("it-staff-trained", "leadership-upskilling"),
    ("executives-participating", "sponsorship-governance"),
];

/// The targets the CoE chose for the template's blanks.
const TARGETS: [(&str, f64); 5] = [
    ("strategic-use-cases", 6.0),
    ("central-it-projects", 12.0),
    ("self-sufficient-teams", 25.0),
    ("it-staff-trained", 60.0),
    ("executives-participating", 50.0),
];

/// Days since the template was applied.
const APPLIED: i64 = 21;

/// The template's events as applied `APPLIED` days ago, each initiative given a
/// horizon by its place under its objective (first now, second next year, the rest
/// three years), then the blanks filled.
fn leadership_template(s: &mut Story) {
    let template = govtrack_templates::builtin("leadership-buy-in").expect("built-in template");
    let links: Vec<govtrack_templates::Link> = LINKS
        .iter()
        .map(|(kr, o)| govtrack_templates::Link {
            key_result: (*kr).to_owned(),
            objective: (*o).to_owned(),
        })
        .collect();
    let start = (s.now - Duration::days(APPLIED)).date_naive();
    let plan = govtrack_templates::plan(&template, DEMO_ORG, start, 12, Some("coe-lead"), &links)
        .expect("the demo's links cover every key result");
    let when = (s.now - Duration::days(APPLIED)).to_rfc3339_opts(SecondsFormat::Secs, true);
    let mut place: std::collections::HashMap<String, usize> = Default::default();
    for envelope in plan.events {
        let mut event = serde_json::to_value(envelope).expect("an envelope is JSON");
        event["occurred_at"] = json!(when);
        event["source"] = json!("govtrack-template");
        if event["type"] == "initiative.started" {
            let objective = event["data"]["objective"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let n = place.entry(objective).or_default();
            event["data"]["horizon"] =
                json!(["now", "next_year"].get(*n).unwrap_or(&"three_years"));
            *n += 1;
        }
        s.events.push(event);
    }
    for (kr, target) in TARGETS {
        s.at(
            APPLIED - 2,
            "key_result.target_set",
            json!({"key_result": kr, "target": target}),
        );
    }
}

fn okrs(s: &mut Story) {
    // A one-year OKR period, three quarters through.
    let defined = 270;
    let start = date(s.now, -defined);
    let end = date(s.now, 95);
    s.at(defined, "key_result.defined", json!({"key_result": "sponsor-reviews", "objective": "sponsorship-governance", "title": "Sponsor reviews held with business and IT", "unit": "reviews", "baseline": 0.0, "target": 4.0, "direction": "increase", "due": end}));
    s.at(defined, "objective.defined", json!({"objective": "maker-community", "title": "Nurture a maker community", "goal": "nurture_maker_community", "stakeholders": ["hr", "it_leadership"], "period_start": start, "period_end": end}));
    s.at(defined, "key_result.defined", json!({"key_result": "makers-trained", "objective": "maker-community", "title": "Makers trained", "unit": "makers", "baseline": 0.0, "target": 200.0, "direction": "increase", "due": end}));
    s.at(defined, "key_result.defined", json!({"key_result": "champions", "objective": "maker-community", "title": "Active champions", "unit": "champions", "baseline": 2.0, "target": 20.0, "direction": "increase", "due": end}));
    s.at(defined, "key_result.defined", json!({"key_result": "ticket-days", "objective": "maker-community", "title": "Days to answer a maker's support ticket", "unit": "days", "baseline": 10.0, "target": 2.0, "direction": "decrease", "due": end}));
    s.at(250, "initiative.started", json!({"initiative": "dlp-rollout", "objective": "sponsorship-governance", "title": "Roll out tenant DLP baseline", "owner": "platform-admins", "horizon": "now"}));
    s.at(
        200,
        "initiative.completed",
        json!({"initiative": "dlp-rollout", "note": "baseline live"}),
    );
    s.at(80, "initiative.started", json!({"initiative": "sponsor-cadence", "objective": "sponsorship-governance", "key_results": ["sponsor-reviews"], "title": "Quarterly sponsor review cadence", "owner": "coe-lead", "horizon": "now", "checkin_days": 14}));
    s.at(70, "initiative.started", json!({"initiative": "app-in-a-day", "objective": "maker-community", "key_results": ["makers-trained"], "title": "Monthly App in a Day trainings", "owner": "nurture-team", "horizon": "now", "checkin_days": 14}));
    s.at(65, "initiative.started", json!({"initiative": "champion-network", "objective": "maker-community", "key_results": ["champions"], "title": "Champion network in every department", "owner": "coe-lead", "horizon": "next_year", "checkin_days": 21}));
    s.at(60, "initiative.started", json!({"initiative": "fusion-teams-pilot", "objective": "maker-community", "title": "Fusion teams pilot with pro developers", "owner": "it-architecture", "horizon": "next_year", "checkin_days": 30}));
    s.at(50, "initiative.started", json!({"initiative": "ai-in-every-app", "objective": "drive-improvement", "title": "Responsible AI embedded in every project", "owner": "cto-office", "horizon": "three_years", "checkin_days": 60}));
    s.at(
        50,
        "key_result.measured",
        json!({"key_result": "makers-trained", "value": 150.0}),
    );
    s.at(
        45,
        "initiative.progressed",
        json!({"initiative": "app-in-a-day", "note": "first two sessions booked", "percent": 20}),
    );
    s.at(
        40,
        "key_result.measured",
        json!({"key_result": "sponsor-reviews", "value": 2.0}),
    );
    leadership_template(s);
    s.at(
        12,
        "key_result.measured",
        json!({"key_result": "executives-participating", "value": 20.0}),
    );
    s.at(
        8,
        "key_result.measured",
        json!({"key_result": "strategic-use-cases", "value": 2.0}),
    );
    s.at(7, "initiative.progressed", json!({"initiative": "governance-committee", "note": "committee chartered with HR, finance and IT", "percent": 30}));
    s.at(
        15,
        "key_result.measured",
        json!({"key_result": "champions", "value": 4.0}),
    );
    s.at(
        12,
        "key_result.measured",
        json!({"key_result": "ticket-days", "value": 5.0}),
    );
    s.at(10, "initiative.blocked", json!({"initiative": "champion-network", "reason": "waiting for HR to approve champion time"}));
    s.at(
        9,
        "initiative.progressed",
        json!({"initiative": "fusion-teams-pilot", "note": "two teams formed", "percent": 25}),
    );
    s.at(6, "initiative.progressed", json!({"initiative": "sponsor-cadence", "note": "Q3 review booked with business and IT", "percent": 60}));
    s.at(
        3,
        "initiative.progressed",
        json!({"initiative": "ai-in-every-app", "note": "policy draft circulated", "percent": 10}),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_event_is_valid_and_ids_are_unique() {
        let now = Utc::now();
        let events = demo_events(now);
        let mut ids = std::collections::HashSet::new();
        for e in &events {
            let envelope: govtrack_events::Envelope = serde_json::from_value(e.clone()).unwrap();
            govtrack_events::validate(envelope, now).unwrap_or_else(|err| panic!("{e}: {err}"));
            assert!(ids.insert(e["id"].as_str().unwrap().to_owned()));
        }
        assert!(events.len() > 50);
    }
}
