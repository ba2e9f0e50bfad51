//! The builtin "Get leadership buy-in" template holds seeds/001 as the guidance writes
//! it, and template files are read with errors that name the file and the field.

use govtrack_events::data::{Direction, Goal};
use govtrack_templates::{
    TemplateError, builtin, builtin_names, builtin_templates, parse, resolve,
};

#[test]
fn the_builtin_templates_are_listed_and_parse() {
    assert_eq!(builtin_names(), ["leadership-buy-in"]);
    assert_eq!(builtin_templates().unwrap().len(), 1);
    let t = resolve("leadership-buy-in").unwrap();
    assert_eq!(t.title, "Get leadership buy-in and organization alignment");
    assert_eq!(t.goal, Goal::GetLeadershipBuyIn);
    assert!(t.source.starts_with("seeds/001"));
}

#[test]
fn leadership_buy_in_has_seven_objectives_five_key_results_and_24_initiatives() {
    let t = builtin("leadership-buy-in").unwrap();
    assert_eq!(t.objectives.len(), 7);
    assert_eq!(t.key_results.len(), 5);
    let split: Vec<usize> = t.objectives.iter().map(|o| o.initiatives.len()).collect();
    assert_eq!(split, [3, 6, 3, 3, 3, 3, 3]);
    assert_eq!(t.initiatives().count(), 24);
}

#[test]
fn titles_are_the_seed_phrases() {
    let t = builtin("leadership-buy-in").unwrap();
    assert_eq!(t.objectives[0].title, "Drive organizational improvement");
    assert_eq!(
        t.objectives[1].title,
        "Communicate the value of Power Platform effectively and elevate key stakeholder perception"
    );
    assert_eq!(
        t.objectives[6].description.as_deref(),
        Some(
            "Provide leaders with easy-to-use resources to support and encourage the adoption of new processes and technologies."
        )
    );
    assert_eq!(
        t.key_results[3].title,
        "Establish IT as an ambassador and promoter of low code/no code, with ___% of IT staff trained and actively promoting these technologies."
    );
    assert_eq!(
        t.objectives[1].initiatives[3].title,
        "Conduct stakeholder analysis to identify key segments and their specific requirements."
    );
    assert_eq!(
        t.objectives[3].initiatives[2].title,
        "Encourage leaders to participate in hands-on sessions to experience the platform’s capabilities firsthand."
    );
}

#[test]
fn the_template_keeps_what_the_seed_leaves_open() {
    let t = builtin("leadership-buy-in").unwrap();
    assert!(t.key_results.iter().all(|k| k.title.contains("___")));
    assert!(t.key_results.iter().all(|k| k.objective.is_none()));
    assert!(
        t.key_results
            .iter()
            .all(|k| k.direction == Direction::Increase)
    );
    assert!(t.initiatives().all(|(_, i)| i.horizon.is_none()));
    assert!(t.objectives.iter().all(|o| o.stakeholders.is_empty()));
}

#[test]
fn an_unknown_builtin_lists_the_known_ones() {
    let err = builtin("buy-in").unwrap_err();
    assert_eq!(
        err.to_string(),
        "no builtin template \"buy-in\"; builtin templates: leadership-buy-in"
    );
}

const MINIMAL: &str = r#"
name = "mine"
title = "Our own"
goal = "custom"
source = "our strategy day"

[[key_results]]
id = "apps"
title = "___ apps in production"
unit = "apps"
direction = "increase"
objective = "grow"

[[objectives]]
id = "grow"
title = "Grow"
stakeholders = ["sales"]

[[objectives.initiatives]]
id = "hack"
title = "Hold a hackathon"
horizon = "next_year"
"#;

#[test]
fn a_users_template_parses() {
    let t = parse(MINIMAL, "mine.toml").unwrap();
    assert_eq!(t.goal, Goal::Custom);
    assert_eq!(t.key_results[0].objective.as_deref(), Some("grow"));
}

#[test]
fn a_typo_field_names_the_file_and_the_field() {
    let text = MINIMAL.replace("title = \"Grow\"", "titel = \"Grow\"");
    let err = parse(&text, "mine.toml").unwrap_err();
    assert!(matches!(err, TemplateError::Syntax { .. }), "{err}");
    let message = err.to_string();
    assert!(message.starts_with("mine.toml: "), "{message}");
    assert!(message.contains("titel"), "{message}");
}

#[test]
fn a_wrong_goal_lists_the_seven() {
    let text = MINIMAL.replace("goal = \"custom\"", "goal = \"scale\"");
    let message = parse(&text, "mine.toml").unwrap_err().to_string();
    assert!(message.contains("get_leadership_buy_in"), "{message}");
}

#[test]
fn bad_ids_duplicates_and_links_to_nothing_are_named_by_field() {
    let cases = [
        (
            "id = \"hack\"",
            "id = \"Hack It\"",
            "objectives[0].initiatives[0].id",
        ),
        ("id = \"apps\"", "id = \"grow-\"\nid2 = 1", ""),
        (
            "objective = \"grow\"",
            "objective = \"shrink\"",
            "key_results[0].objective",
        ),
    ];
    for (from, to, field) in cases {
        let err = parse(&MINIMAL.replace(from, to), "mine.toml").unwrap_err();
        if let TemplateError::Invalid { field: got, .. } = &err {
            assert_eq!(got, field, "{err}");
        } else {
            assert!(field.is_empty(), "{err}");
        }
    }
    let twice =
        format!("{MINIMAL}\n[[objectives.initiatives]]\nid = \"hack\"\ntitle = \"Again\"\n");
    let err = parse(&twice, "mine.toml").unwrap_err();
    assert_eq!(
        err.to_string(),
        "mine.toml: objectives[0].initiatives[1].id: \"hack\" is used twice"
    );
}

#[test]
fn a_missing_file_is_named() {
    let err = resolve("/nonexistent/mine.toml").unwrap_err();
    assert!(matches!(err, TemplateError::Unreadable { .. }), "{err}");
    assert!(err.to_string().starts_with("/nonexistent/mine.toml: "));
}
