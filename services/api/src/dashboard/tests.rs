//! Rendering tests: the page's pieces against known read models, asserting on the HTML.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use govtrack_maturity::Fact;
use govtrack_okr::{CheckIn, Direction, InitiativeState, KrStatus};
use serde_json::json;

use super::actions::Actions;
use super::alerts;
use super::view::{OrgView, Recent};
use super::{grid, history_chart, initiatives, next_steps, okrs, orgs, page, timeline};
use crate::types::{
    AlertReport, CapabilityLevel, InitiativeReport, KeyResultReport, LevelChange, NextLevel,
    ObjectiveReport, OrgList, OrgSummary, TargetLevel,
};

fn now() -> DateTime<Utc> {
    "2026-03-01T12:00:00Z".parse().unwrap()
}

fn days_ago(days: i64) -> DateTime<Utc> {
    now() - TimeDelta::days(days)
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn capability(id: &str, name: &str, level: u16, target: Option<u16>) -> CapabilityLevel {
    CapabilityLevel {
        id: id.to_owned(),
        name: name.to_owned(),
        level,
        target: target.map(|level| TargetLevel {
            level,
            due: day("2026-12-31"),
        }),
        since: (level > 100).then(|| days_ago(30)),
        next: (level < 500).then(|| NextLevel {
            level: level + 100,
            missing: vec![format!("{name} evidence for {}", level + 100)],
        }),
    }
}

fn key_result(id: &str, title: &str, status: KrStatus, progress: f64) -> KeyResultReport {
    KeyResultReport {
        key_result: id.to_owned(),
        title: title.to_owned(),
        unit: "reviews".to_owned(),
        baseline: 0.0,
        target: Some(4.0),
        direction: Direction::Increase,
        due: day("2026-12-31"),
        current: Some(progress * 4.0),
        measured_at: Some(days_ago(3)),
        progress: Some(progress),
        expected: 0.4,
        status,
    }
}

fn initiative(id: &str, title: &str, state: InitiativeState, silent_days: i64) -> InitiativeReport {
    let checkin = match silent_days {
        d if d > 28 => CheckIn::Stalled,
        d if d > 14 => CheckIn::DueForCheckIn,
        _ => CheckIn::Fresh,
    };
    InitiativeReport {
        initiative: id.to_owned(),
        objective: Some("buy-in".to_owned()),
        title: Some(title.to_owned()),
        owner: Some("coe-lead".to_owned()),
        horizon: Some("now".to_owned()),
        key_results: vec![],
        state,
        percent: None,
        note: None,
        checkin_days: 14,
        due: None,
        started_at: Some(days_ago(200)),
        last_activity_at: days_ago(silent_days),
        checkin,
        stalled: state.is_open() && checkin == CheckIn::Stalled,
    }
}

fn objective(title: &str, key_results: Vec<KeyResultReport>) -> ObjectiveReport {
    ObjectiveReport {
        objective: "buy-in".to_owned(),
        title: title.to_owned(),
        goal: Some("get_leadership_buy_in".to_owned()),
        goal_title: Some("Get leadership buy-in and organization alignment".to_owned()),
        stakeholders: vec!["it_leadership".to_owned()],
        period_start: day("2026-01-01"),
        period_end: day("2026-12-31"),
        closed_at: None,
        progress: 0.5,
        status: KrStatus::AtRisk,
        key_results,
        initiatives: vec![initiative(
            "cadence",
            "Sponsor cadence",
            InitiativeState::Active,
            3,
        )],
    }
}

fn view() -> OrgView {
    OrgView {
        org: "contoso".to_owned(),
        model: "Adoption maturity (2025)".to_owned(),
        as_of: now(),
        past: false,
        now: now(),
        sources: Vec::new(),
        capabilities: vec![
            capability("sponsorship", "Executive sponsorship", 300, Some(400)),
            capability("governance", "Governance", 200, Some(200)),
            capability("community", "Community", 100, None),
        ],
        changes: vec![LevelChange {
            capability: "sponsorship".to_owned(),
            at: days_ago(30),
            from: 100,
            to: 300,
            cause: "sponsor.named (cio) — an active sponsor".to_owned(),
        }],
        first_event_at: Some(days_ago(90)),
        events: 3,
        objectives: vec![objective(
            "Get leadership buy-in",
            vec![key_result(
                "exec-reviews",
                "Quarterly reviews",
                KrStatus::OnTrack,
                0.5,
            )],
        )],
        initiatives: vec![
            initiative("old", "Old initiative", InitiativeState::Active, 90),
            initiative("stuck", "Stuck initiative", InitiativeState::Blocked, 5),
            initiative("fine", "Fine initiative", InitiativeState::Active, 2),
        ],
        ways: Vec::new(),
        recent: vec![Recent {
            fact: Fact::new(
                "sponsor.named",
                days_ago(30),
                json!({"sponsor": "cio", "name": "Ada", "formal": true}),
            ),
            recorded_by: None,
        }],
        alerts: Vec::new(),
    }
}

/// The HTML of one `<tr data-capability=…>` row.
fn grid_row<'a>(html: &'a str, capability: &str) -> &'a str {
    let start = html
        .find(&format!(r#"data-capability="{capability}""#))
        .unwrap_or_else(|| panic!("no row for {capability}"));
    let end = html[start..].find("</tr>").unwrap() + start;
    &html[start..end]
}

#[test]
fn grid_fills_reached_levels_labels_now_and_marks_the_target() {
    let html = grid::grid(&view().capabilities, now()).into_string();
    let row = grid_row(&html, "sponsorship");
    assert!(
        row.starts_with(r#"data-capability="sponsorship" data-level="300""#),
        "{row}"
    );
    for filled in [r#""cell l100 reached""#, r#""cell l200 reached""#] {
        assert!(row.contains(filled), "{filled}: {row}");
    }
    assert_eq!(
        row.matches(r#"<span class="sr">reached</span>"#).count(),
        2,
        "{row}"
    );
    assert!(
        row.contains(r#"class="cell l300 reached current""#),
        "{row}"
    );
    assert!(row.contains(r#"<span class="now">Now</span>"#), "{row}");
    assert!(row.contains(r#"class="cell l400 target""#), "{row}");
    assert!(
        row.contains(
            r#"<span class="tgt-word"> Target</span><span class="sr"> 400, due 31 Dec 2026</span>"#
        ),
        "{row}"
    );
    assert!(
        row.contains("Level 300 · Defined since 30 Jan 2026"),
        "{row}"
    );
    assert_eq!(
        row.matches("not reached").count(),
        1,
        "only 500 is plainly not reached: {row}"
    );
}

#[test]
fn grid_says_a_target_at_the_current_level_is_met() {
    let html = grid::grid(&view().capabilities, now()).into_string();
    let row = grid_row(&html, "governance");
    assert!(
        row.contains(r#"class="cell l200 reached current target""#),
        "{row}"
    );
    assert!(row.contains(" met"), "{row}");
}

#[test]
fn grid_has_a_caption_and_scoped_headers() {
    let html = grid::grid(&view().capabilities, now()).into_string();
    assert!(
        html.contains("<caption>Level reached per capability as of 1 Mar 2026"),
        "{html}"
    );
    assert_eq!(html.matches(r#"scope="col""#).count(), 6);
    assert_eq!(html.matches(r#"<th scope="row">"#).count(), 3);
    assert!(html.contains(r#"<span class="name">Repeatable</span>"#));
}

#[test]
fn next_steps_list_what_is_missing_and_the_target() {
    let html = next_steps::next_steps(&view().capabilities, &[], &Actions::none()).into_string();
    assert!(html.contains("Executive sponsorship → 400"), "{html}");
    assert!(
        html.contains("<li>Executive sponsorship evidence for 400</li>"),
        "{html}"
    );
    assert!(html.contains("Target 400 by 31 Dec 2026."), "{html}");
    assert!(html.contains("Target 200 met"), "{html}");
    let top = capability("x", "Top", 500, None);
    let html = next_steps::next_steps(&[top], &[], &Actions::none()).into_string();
    assert!(html.contains("At the top level"), "{html}");
}

#[test]
fn key_results_show_status_in_words_and_as_an_accessible_progress_bar() {
    let o = objective(
        "Buy-in",
        vec![
            key_result("a", "Reviews", KrStatus::OnTrack, 0.5),
            key_result("b", "Trained", KrStatus::OffTrack, 0.1),
            key_result("c", "Apps", KrStatus::Done, 1.0),
        ],
    );
    let html = okrs::okrs(&[o], now(), &Actions::none()).into_string();
    for (label, class) in [
        ("On track", "st-on-track"),
        ("Off track", "st-off-track"),
        ("Done", "st-done"),
    ] {
        assert!(
            html.contains(&format!(r#"<span class="badge {class}">{label}</span>"#)),
            "{label}: {html}"
        );
        assert!(
            html.contains(&format!(r#"class="fill {class}""#)),
            "{class}: {html}"
        );
    }
    assert!(html.contains(r#"role="progressbar" aria-labelledby="kr-a" aria-valuemin="0" aria-valuemax="100" aria-valuenow="50" aria-valuetext="50% — On track""#), "{html}");
    assert!(
        html.contains("2 of 4 reviews · 50% done, 40% expected by now"),
        "{html}"
    );
    assert!(html.contains(r#"width="100" height="10""#), "{html}");
    assert!(
        html.contains("Goal: Get leadership buy-in and organization alignment"),
        "{html}"
    );
    assert!(html.contains("stakeholders: IT leadership"), "{html}");
    assert!(
        html.contains(r#"<span class="badge st-at-risk">At risk</span>"#),
        "objective status: {html}"
    );
}

#[test]
fn an_objective_lists_its_initiatives_with_their_status() {
    let html = okrs::okrs(&view().objectives, now(), &Actions::none()).into_string();
    assert!(html.contains("<h5>Initiatives</h5>"), "{html}");
    assert!(
        html.contains(
            r#"<span class="badge st-on-track">Active</span> <strong>Sponsor cadence</strong>"#
        ),
        "{html}"
    );
    assert!(html.contains("last activity 3 days ago"), "{html}");
}

#[test]
fn stalled_and_blocked_initiatives_are_listed_longest_silent_first_with_how_long() {
    let v = view();
    let html = initiatives::attention(&v.initiatives, now(), &Actions::none()).into_string();
    let old = html
        .find(r#"data-initiative="old""#)
        .expect("stalled listed");
    let stuck = html
        .find(r#"data-initiative="stuck""#)
        .expect("blocked listed");
    assert!(old < stuck, "longest silence first");
    assert!(!html.contains(r#"data-initiative="fine""#), "{html}");
    assert!(html.contains(r#"data-status="Stalled""#), "{html}");
    assert!(html.contains(r#"data-status="Blocked""#), "{html}");
    assert!(
        html.contains("<strong>90 days</strong>"),
        "90 days silent: {html}"
    );
    assert!(html.contains("<strong>5 days</strong>"), "{html}");
}

#[test]
fn no_stalled_initiative_says_so() {
    let list = [initiative("fine", "Fine", InitiativeState::Active, 1)];
    let html = initiatives::attention(&list, now(), &Actions::none()).into_string();
    assert!(
        html.contains("None: every open initiative has checked in on time."),
        "{html}"
    );
}

fn alert(title: &str, summary: &str) -> AlertReport {
    AlertReport {
        kind: "initiative_stalled".to_owned(),
        entity: "old".to_owned(),
        title: Some(title.to_owned()),
        summary: summary.to_owned(),
        since: days_ago(60),
        last_activity_at: Some(days_ago(90)),
        silenced: false,
        silenced_by: None,
        silenced_until: None,
    }
}

#[test]
fn an_open_alert_is_listed_with_how_long_it_fires() {
    let list = vec![alert("Old initiative", "no activity for 90 days")];
    let html = alerts::section(&list, now(), false, &Actions::none()).into_string();
    assert!(
        html.contains("<strong>Old initiative</strong> — no activity for 90 days"),
        "{html}"
    );
    assert!(html.contains("firing for 60 days"), "{html}");
    let empty = alerts::section(&[], now(), false, &Actions::none()).into_string();
    assert!(empty.contains("No open alerts."), "{empty}");
}

#[test]
fn a_silenced_alert_says_by_which_silence_until_when() {
    let mut silenced = alert("Old initiative", "no activity for 90 days");
    silenced.silenced = true;
    silenced.silenced_by = Some("holiday-freeze".to_owned());
    silenced.silenced_until = Some("2026-03-08T00:00:00Z".parse().unwrap());
    let html = alerts::section(&[silenced], now(), false, &Actions::none()).into_string();
    assert!(
        html.contains("silenced by holiday-freeze until 2026-03-08 00:00 UTC"),
        "{html}"
    );
}

#[test]
fn a_past_view_shows_only_alerts_started_by_then() {
    let list = vec![alert("Old initiative", "stalled")];
    assert_eq!(alerts::started_by(list.clone(), days_ago(30)).len(), 1);
    assert!(alerts::started_by(list, days_ago(61)).is_empty());
}

#[test]
fn history_chart_is_an_svg_image_with_a_lane_per_capability_and_a_table() {
    let v = view();
    let html = history_chart::history(&v.capabilities, &v.changes, (v.first_event_at, now()))
        .into_string();
    assert!(
        html.contains(r#"role="img" aria-labelledby="history-title history-desc""#),
        "{html}"
    );
    assert_eq!(html.matches(r#"class="lane-label""#).count(), 3, "{html}");
    // Sponsorship: 100 for 60 days, then 300 for 30; the others one band each.
    assert!(html.contains(r#"<rect class="band l100""#), "{html}");
    assert!(html.contains(r#"<rect class="band l300""#), "{html}");
    assert_eq!(html.matches("<rect ").count(), 4, "{html}");
    assert!(
        html.contains("Executive sponsorship: 300 Defined from 30 Jan 2026 to 1 Mar 2026"),
        "{html}"
    );
    assert!(html.contains("<td>100 → 300 ▲</td>"), "{html}");
    assert!(
        html.contains("sponsor.named (cio) — an active sponsor"),
        "{html}"
    );
}

#[test]
fn history_without_events_before_the_date_says_so() {
    let v = view();
    let html = history_chart::history(&v.capabilities, &[], (None, now())).into_string();
    assert!(html.contains("No events up to this date"), "{html}");
    assert!(!html.contains("<svg"), "{html}");
}

#[test]
fn timeline_shows_type_date_and_telling_fields() {
    let v = view();
    let html = timeline::timeline(&v.recent, 3, now()).into_string();
    assert!(
        html.contains("The latest 1 of 3 events up to 1 Mar 2026."),
        "{html}"
    );
    assert!(html.contains("<code>sponsor.named</code>"), "{html}");
    assert!(html.contains("name: Ada · sponsor: cio"), "{html}");
    assert!(
        html.contains(r#"<time datetime="2026-01-30T12:00:00+00:00">30 Jan 2026</time>"#),
        "{html}"
    );
}

#[test]
fn user_text_is_escaped_everywhere() {
    let evil = "<script>alert(1)</script>";
    let mut v = view();
    v.capabilities[0].name = evil.to_owned();
    v.capabilities[0].next.as_mut().unwrap().missing = vec![evil.to_owned()];
    v.objectives[0].title = evil.to_owned();
    v.objectives[0].key_results[0].title = evil.to_owned();
    v.objectives[0].key_results[0].unit = evil.to_owned();
    v.initiatives[0].title = Some(evil.to_owned());
    v.initiatives[0].note = Some(evil.to_owned());
    v.changes[0].cause = evil.to_owned();
    v.recent[0].fact.data = json!({"title": evil});
    v.alerts = vec![alert(evil, evil)];
    let html = page::org_page(&v, None, &Actions::none(), None).into_string();
    assert!(!html.contains("<script"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(html.matches("&lt;script&gt;").count() >= 10, "{html}");
}

#[test]
fn the_page_has_landmarks_the_as_of_form_and_every_section() {
    let html = page::org_page(&view(), None, &Actions::none(), None).into_string();
    assert!(
        html.starts_with("<!DOCTYPE html><html lang=\"en\">"),
        "{html}"
    );
    assert!(html.contains(r#"<meta name="viewport""#));
    assert!(html.contains(r#"<link rel="stylesheet" href="/static/govtrack.css">"#));
    assert!(html.contains(r#"<main id="main">"#));
    assert!(
        html.contains(r#"<form class="asof" method="get" action="/orgs/contoso">"#),
        "{html}"
    );
    assert!(html.contains(r#"<label for="as_of">As of</label><input id="as_of" type="date" name="as_of" value="2026-03-01">"#), "{html}");
    for id in [
        "maturity",
        "attention",
        "alerts",
        "okrs",
        "next",
        "history",
        "timeline",
    ] {
        assert!(
            html.contains(&format!(r#"<section id="{id}" aria-labelledby="{id}-h">"#)),
            "{id}"
        );
    }
    assert!(!html.contains("Back to today"), "not a past view");
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no external resource"
    );
}

#[test]
fn a_past_view_says_what_is_reconstructed_and_links_back_to_today() {
    let mut v = view();
    v.past = true;
    v.as_of = days_ago(40);
    let html = page::org_page(&v, None, &Actions::none(), None).into_string();
    assert!(
        html.contains("Showing <strong>20 Jan 2026</strong>"),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="/orgs/contoso">Back to today</a>"#),
        "{html}"
    );
    assert!(html.contains(r#"value="2026-01-20""#), "{html}");
}

#[test]
fn the_summary_counts_targets_key_results_and_initiatives_needing_attention() {
    let html = page::org_page(&view(), None, &Actions::none(), None).into_string();
    assert!(
        html.contains(r#"<span class="stat-num">1/2</span><span class="stat-label">targets met"#),
        "{html}"
    );
    assert!(html.contains(r#"<span class="stat-num">1/1</span><span class="stat-label">key results on track or done"#), "{html}");
    assert!(
        html.contains("initiatives need attention (1 stalled, 1 blocked)"),
        "{html}"
    );
}

#[test]
fn the_org_list_links_each_organisation() {
    let list = OrgList {
        orgs: vec![OrgSummary {
            org: "contoso".to_owned(),
            events: 42,
            last_sequence: 42,
            last_occurred_at: days_ago(2),
        }],
    };
    let html = orgs::org_list(&list, now(), None).into_string();
    assert!(
        html.contains(
            r#"<th scope="row"><a href="/orgs/contoso">contoso</a></th><td class="num">42</td>"#
        ),
        "{html}"
    );
    assert!(html.contains("(2 days ago)"), "{html}");
    let empty = orgs::org_list(&OrgList { orgs: vec![] }, now(), None).into_string();
    assert!(empty.contains("No organisation has events yet"), "{empty}");
}

/// The cache keeps one history up to a horizon and cuts it at each `as_of`; that is only
/// right if the history up to T is the prefix (changes at or before T) of any longer one,
/// lapses included.
#[test]
fn a_longer_level_history_cut_at_t_equals_the_history_up_to_t() {
    let model = govtrack_maturity::Model::default_model();
    let at = |days: i64| days_ago(days);
    let facts = vec![
        Fact::new(
            "sponsor.named",
            at(400),
            json!({"sponsor": "cio", "name": "A", "formal": true}),
        ),
        Fact::new(
            "sponsor.review_held",
            at(300),
            json!({"sponsor": "cio", "attendees": ["executive", "business", "it"]}),
        ),
        Fact::new(
            "dlp_policy.set",
            at(250),
            json!({"policy": "p", "scope": "default"}),
        ),
        Fact::new("coe_kit.deployed", at(200), json!({"module": "core"})),
        Fact::new(
            "capability.assessed",
            at(150),
            json!({"capability": "automation", "level": 300, "assessor": "x", "valid_days": 30}),
        ),
        Fact::new(
            "hackathon.held",
            at(100),
            json!({"name": "h", "participants": 3, "sponsor": "cio"}),
        ),
        Fact::new("welcome_email.enabled", at(90), json!({})),
        Fact::new("dlp_policy.removed", at(20), json!({"policy": "p"})),
    ];
    let horizon = now() + TimeDelta::days(400);
    let long = govtrack_maturity::level_history(&model, &facts, horizon);
    assert!(
        long.iter().any(|c| c.to < c.from),
        "lapses are in the test: {long:?}"
    );
    for days in [500, 300, 211, 150, 120, 101, 60, 0, -200] {
        let t = at(days);
        let cut: Vec<_> = long.iter().filter(|c| c.at <= t).cloned().collect();
        assert_eq!(
            cut,
            govtrack_maturity::level_history(&model, &facts, t),
            "as of {t}"
        );
    }
}

#[test]
fn a_key_result_without_a_target_reads_target_not_set_and_has_no_bar() {
    let mut kr = key_result("blank", "Use cases built", KrStatus::TargetNotSet, 0.0);
    kr.target = None;
    kr.progress = None;
    kr.current = None;
    let html = okrs::okrs(&[objective("Buy-in", vec![kr])], now(), &Actions::none()).into_string();
    assert!(html.contains("Target not set"), "{html}");
    assert!(
        !html.contains("aria-labelledby=\"kr-blank\""),
        "no progress bar: {html}"
    );
}

#[test]
fn a_decrease_key_result_reads_from_its_baseline_down_to_its_target() {
    let mut kr = key_result("lead-time", "Request lead time", KrStatus::OnTrack, 0.33);
    kr.direction = Direction::Decrease;
    kr.unit = "days".to_owned();
    kr.baseline = 5.0;
    kr.target = Some(2.0);
    kr.current = Some(4.0);
    let html = okrs::okrs(&[objective("Speed", vec![kr])], now(), &Actions::none()).into_string();
    assert!(
        html.contains("4 days now, from 5 days down to 2 days"),
        "{html}"
    );
    assert!(!html.contains("4 of 2"), "{html}");
}

/// Every link to a record form on a page.
fn record_links(html: &str) -> Vec<String> {
    html.split(r#"<a class="act" href=""#)
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().replace("&amp;", "&"))
        .collect()
}

#[test]
fn a_reader_who_may_record_acts_where_they_read_and_a_viewer_sees_no_link() {
    use govtrack_auth::{Caller, OrgPattern, Role};
    use govtrack_events::RecordedBy;

    let mut v = view();
    v.objectives[0].key_results[0].target = None;
    v.alerts = vec![alert("Old initiative", "silent for 90 days")];
    v.sources = vec![crate::types::SourceReport {
        name: "hr-sync".into(),
        last_seen_at: Some(days_ago(3)),
        every_hours: None,
        status: "unwatched".into(),
        error: None,
    }];
    let person = |role| {
        Caller::with_roles(
            RecordedBy::user("oid", Some("ada@contoso.com".into())),
            vec![(OrgPattern::One("contoso".into()), role)],
        )
    };
    let page_for = |caller: &Caller| {
        let actions = Actions::for_caller(caller, "contoso", now(), false);
        record_links(&page::org_page(&v, None, &actions, None).into_string())
    };
    let editor = page_for(&person(Role::Editor));
    for wanted in [
        "/orgs/contoso/record/key_result.measured?key_result=exec-reviews",
        "/orgs/contoso/record/key_result.target_set?key_result=exec-reviews",
        "/orgs/contoso/record/initiative.progressed?initiative=old",
        "/orgs/contoso/record/initiative.completed?initiative=old",
        "/orgs/contoso/record/initiative.blocked?initiative=old",
        "/orgs/contoso/record/initiative.progressed?initiative=stuck",
    ] {
        assert!(editor.iter().any(|l| l == wanted), "{wanted}: {editor:#?}");
    }
    assert!(
        !editor
            .iter()
            .any(|l| l.contains("initiative.blocked?initiative=stuck")),
        "already blocked"
    );
    assert!(
        !editor
            .iter()
            .any(|l| l.contains("silence") || l.contains("source.expected"))
    );
    let admin = page_for(&person(Role::Admin));
    assert!(admin.iter().any(|l| l.starts_with(
        "/orgs/contoso/record/silence.created?silence=old-20260301&matchers.kind=initiative_stalled&matchers.entity=old"
    )), "{admin:#?}");
    assert!(
        admin
            .iter()
            .any(|l| l == "/orgs/contoso/record/source.expected?source=hr-sync&every_hours=24")
    );
    assert_eq!(page_for(&person(Role::Viewer)), Vec::<String>::new());
    let past = Actions::for_caller(&Caller::local(), "contoso", now(), true);
    assert!(record_links(&page::org_page(&v, None, &past, None).into_string()).is_empty());
}

#[test]
fn the_timeline_says_who_recorded_each_event_and_nothing_for_older_ones() {
    use govtrack_events::RecordedBy;

    let mut v = view();
    let older = v.recent[0].clone();
    v.recent[0].recorded_by = Some(RecordedBy::user("oid", Some("ada@contoso.com".into())));
    v.recent.push(Recent {
        recorded_by: Some(RecordedBy::token("hr-sync")),
        ..older.clone()
    });
    v.recent.push(older);
    let html = timeline::timeline(&v.recent, 3, now()).into_string();
    assert!(
        html.contains(r#"<span class="by">recorded by ada@contoso.com</span>"#),
        "{html}"
    );
    assert!(html.contains("recorded by the token hr-sync"), "{html}");
    assert_eq!(html.matches("recorded by").count(), 2, "{html}");
}
