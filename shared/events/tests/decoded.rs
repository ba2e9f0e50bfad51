//! The one-pass decoder agrees with the tree-based one on every type, and refuses what
//! it refuses, naming the same problem.

use chrono::{TimeZone, Utc};
use govtrack_events::{
    DecodeError, DecodedEvent, Envelope, EventType, StoredEvent, example_data, validate_trusted,
};
use serde_json::{Value, json};

fn stored(t: EventType) -> StoredEvent {
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap();
    let envelope = Envelope::new(t.name(), "contoso", example_data(t));
    let event = validate_trusted(envelope, now).unwrap();
    let mut stored = StoredEvent::from_event(&event, now);
    stored.source = Some("coe-kit".to_owned());
    stored
}

fn body(value: Value) -> Vec<u8> {
    serde_json::to_vec(&value).unwrap()
}

#[test]
fn every_type_decodes_as_the_tree_based_decoder_decodes_it() {
    for &t in EventType::ALL {
        let bytes = stored(t).to_bytes();
        let mut tree = StoredEvent::decode(&bytes).unwrap();
        let one_pass = DecodedEvent::decode(&bytes).unwrap_or_else(|e| panic!("{t}: {e}"));
        assert_eq!(one_pass.id, tree.id, "{t}");
        assert_eq!(one_pass.event_type.name(), tree.event_type, "{t}");
        assert_eq!(one_pass.v, tree.v, "{t}");
        assert_eq!(one_pass.org, tree.org, "{t}");
        assert_eq!(one_pass.occurred_at, tree.occurred_at, "{t}");
        assert_eq!(one_pass.recorded_at, tree.recorded_at, "{t}");
        assert_eq!(one_pass.source, tree.source, "{t}");
        let data_json: Value = serde_json::from_str(&one_pass.data_json).unwrap();
        assert_eq!(data_json, tree.data, "{t}: data text");
        assert_eq!(one_pass.data, tree.take_typed().unwrap(), "{t}: typed data");
    }
}

#[test]
fn escaped_strings_and_offsets_are_read_like_the_tree_based_decoder() {
    let mut value = serde_json::to_value(stored(EventType::SponsorNamed)).unwrap();
    value["id"] = json!("evt-\u{e9}t\u{e9}-\"1\"");
    value["data"]["name"] = json!("Zo\u{eb} \"the CIO\"\n");
    value["occurred_at"] = json!("2026-03-01T12:00:00+02:00");
    value["recorded_at"] = json!("2026-03-01T10:00:00.123456789Z");
    let bytes = body(value);
    let tree = StoredEvent::decode(&bytes).unwrap();
    let one_pass = DecodedEvent::decode(&bytes).unwrap();
    assert_eq!(one_pass.id, tree.id);
    assert_eq!(one_pass.occurred_at, tree.occurred_at);
    assert_eq!(
        one_pass.occurred_at,
        Utc.with_ymd_and_hms(2026, 3, 1, 10, 0, 0).unwrap()
    );
    assert_eq!(one_pass.recorded_at, tree.recorded_at);
    assert_eq!(one_pass.data, tree.typed().unwrap());
}

#[test]
fn what_the_tree_based_decoder_refuses_is_refused_with_the_same_kind_of_error() {
    let good = serde_json::to_value(stored(EventType::DlpPolicySet)).unwrap();
    let with = |edit: &dyn Fn(&mut Value)| {
        let mut value = good.clone();
        edit(&mut value);
        body(value)
    };
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("not JSON", b"{\"id\": ".to_vec()),
        (
            "no id",
            with(&|v| drop(v.as_object_mut().unwrap().remove("id"))),
        ),
        (
            "no data",
            with(&|v| drop(v.as_object_mut().unwrap().remove("data"))),
        ),
        (
            "unknown type",
            with(&|v| v["type"] = json!("sponsor.hired")),
        ),
        ("newer version", with(&|v| v["v"] = json!(9))),
        ("older version, no upcaster", with(&|v| v["v"] = json!(0))),
        ("bad time", with(&|v| v["occurred_at"] = json!("yesterday"))),
        (
            "missing data field",
            with(&|v| drop(v["data"].as_object_mut().unwrap().remove("policy"))),
        ),
        (
            "unknown data field",
            with(&|v| v["data"]["notte"] = json!(1)),
        ),
        (
            "data of the wrong shape",
            with(&|v| v["data"] = json!([1, 2])),
        ),
    ];
    for (case, bytes) in cases {
        let tree = StoredEvent::decode(&bytes).and_then(|mut e| e.take_typed().map(|_| e));
        let one_pass = DecodedEvent::decode(&bytes);
        let (Err(tree), Err(one_pass)) = (tree, one_pass) else {
            panic!("{case}: both decoders must refuse it");
        };
        assert_eq!(
            std::mem::discriminant(&tree),
            std::mem::discriminant(&one_pass),
            "{case}: {tree} / {one_pass}"
        );
        if let (DecodeError::InvalidData(_), DecodeError::InvalidData(_)) = (&tree, &one_pass) {
            assert_eq!(
                tree.to_string(),
                one_pass.to_string(),
                "{case}: the same words"
            );
        }
    }
}
