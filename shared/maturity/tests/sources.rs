//! Every rule says where it comes from: each requirement of both built-in models has
//! words a CoE lead reads, a way to record it and a source, and the words name no events
//! or fields.

use govtrack_maturity::Model;

fn models() -> Vec<Model> {
    Model::builtin_ids()
        .map(|id| Model::builtin(id).unwrap())
        .collect()
}

#[test]
fn every_requirement_has_words_how_and_source() {
    for model in models() {
        for (cap, req) in model.requirements() {
            let at = format!("{} {cap} `{}`", model.id(), req.words());
            assert!(req.words().len() > 5, "{at}: words");
            assert!(req.source().is_some_and(|s| s.len() > 10), "{at}: source");
            match req.kind_name() {
                // A group is recorded through one of its alternatives.
                "any" => assert!(req.alternatives().len() >= 2, "{at}"),
                _ => assert!(
                    req.how().is_some_and(|h| h.starts_with("govtrack emit ")),
                    "{at}: how"
                ),
            }
        }
    }
}

/// Why `words` fails the plain-words rule, if it does.
fn field_syntax(words: &str, fields: &[&str]) -> Option<String> {
    let chars: Vec<char> = words.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let around = |j: usize| chars.get(j).is_some_and(|c| c.is_ascii_alphanumeric());
        if *c == '.' && i > 0 && around(i - 1) && around(i + 1) {
            return Some("a dotted event name".into());
        }
    }
    if words.contains('_') {
        return Some("an underscore field name".into());
    }
    if words.contains('(') || words.contains(')') {
        return Some("parentheses".into());
    }
    for (before, after) in words.split(':').zip(words.split(':').skip(1)) {
        let key = before.rsplit(' ').next().unwrap_or_default();
        let value = after.trim_start().split(' ').next().unwrap_or_default();
        let literal = ["true", "false"].contains(&value) || value.parse::<f64>().is_ok();
        if fields.contains(&key) || literal || key == "evidence" {
            return Some(format!("field syntax `{key}: {value}`"));
        }
    }
    None
}

#[test]
fn words_name_no_events_fields_or_field_syntax() {
    for model in models() {
        let mut fields: Vec<&str> = model.event_fields().into_iter().map(|(_, f)| f).collect();
        fields.extend(["signal", "capability", "kind", "module", "scope", "formal"]);
        for (cap, req) in model.requirements() {
            if let Some(why) = field_syntax(req.words(), &fields) {
                panic!("{} {cap}: `{}` has {why}", model.id(), req.words());
            }
            for t in model.event_types() {
                assert!(
                    !req.words().contains(t),
                    "{cap}: `{}` names {t}",
                    req.words()
                );
            }
        }
    }
}

#[test]
fn the_plain_words_rule_catches_the_old_descriptions() {
    let fields = ["formal", "module", "scope"];
    for old in [
        "an active executive sponsor with formal: true (sponsor.named)",
        "adoption roles and responsibilities defined (evidence: roles_defined)",
        "a DLP policy on the default environment, scope: default",
        "the core kit, module: core",
    ] {
        assert!(field_syntax(old, &fields).is_some(), "{old}");
    }
    for plain in [
        "extended DLP: a policy that covers the whole tenant",
        "regular hackathons: at least 2 in the last 365 days",
        "big-picture dashboards that show executives the platform's impact",
    ] {
        assert_eq!(field_syntax(plain, &fields), None, "{plain}");
    }
}
