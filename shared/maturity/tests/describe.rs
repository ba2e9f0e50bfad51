//! A model described for display: capabilities, the five named levels, requirements in
//! words with how and source, and any-of groups nested.

use govtrack_maturity::{LEVEL_NAMES, Model, ModelDescription, level_name};
use serde_json::json;

#[test]
fn every_capability_lists_the_five_named_levels() {
    let described = Model::default_model().describe();
    assert_eq!(
        (described.id.as_str(), described.capabilities.len()),
        ("2025", 13)
    );
    for cap in &described.capabilities {
        let levels: Vec<(u16, &str)> = cap
            .levels
            .iter()
            .map(|l| (l.level, l.name.as_str()))
            .collect();
        assert_eq!(levels, LEVEL_NAMES.to_vec(), "{}", cap.id);
        assert!(cap.levels[0].requirements.is_empty());
        assert!(cap.levels[1..].iter().all(|l| !l.requirements.is_empty()));
    }
    assert_eq!(level_name(300), Some("Defined"));
    assert_eq!(level_name(250), None);
}

#[test]
fn the_description_serialises_with_words_how_source_and_nested_groups() {
    let json = serde_json::to_value(Model::default_model().describe()).unwrap();
    let sponsorship = (json["capabilities"].as_array().unwrap().iter())
        .find(|c| c["id"] == "sponsorship")
        .unwrap();
    let level_500 = &sponsorship["levels"][4];
    assert_eq!(level_500["name"], "Efficient");
    let group = &level_500["requirements"][0];
    assert_eq!(group["kind"], "any");
    assert!(group.get("how").is_none(), "{group}");
    assert_eq!(group["any"].as_array().unwrap().len(), 2);
    assert_eq!(group["any"][1]["kind"], "recent");
    assert_eq!(
        group["any"][1]["words"],
        "a key result measured in the last 90 days"
    );
    assert!(
        group["any"][1]["how"]
            .as_str()
            .unwrap()
            .starts_with("govtrack emit key_result.measured --org ORG")
    );
    let formal = &sponsorship["levels"][2]["requirements"][0];
    assert_eq!(formal["kind"], "fact");
    assert!(formal.get("any").is_none());
    assert_eq!(
        formal["source"],
        json!(
            "seeds/004 level 300: An executive sponsor is formally identified and expectations for this role are clear"
        )
    );
}

#[test]
fn the_description_reads_back_from_json() {
    for id in Model::builtin_ids() {
        let described = Model::builtin(id).unwrap().describe();
        let text = serde_json::to_string(&described).unwrap();
        let back: ModelDescription = serde_json::from_str(&text).unwrap();
        assert_eq!(back, described);
    }
}
