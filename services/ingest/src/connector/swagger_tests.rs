//! The JSON Schema → Swagger 2.0 conversion, case by case.

use super::swagger::to_swagger;
use serde_json::json;

#[test]
fn references_nulls_and_documented_variants_become_plain_swagger() {
    let schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "required": ["direction"],
        "properties": {
            "note": {"type": ["string", "null"], "description": "Free text.", "default": null},
            "direction": {"$ref": "#/$defs/Direction"},
            "goal": {"anyOf": [{"$ref": "#/$defs/Direction"}, {"type": "null"}]},
            "percent": {"type": ["integer", "null"], "format": "uint8", "minimum": 0, "maximum": 255},
            "count": {"type": "integer", "exclusiveMinimum": 0},
            "roles": {"type": "array", "items": {"$ref": "#/$defs/Direction"}},
            "measure": {"anyOf": [{"$ref": "#/$defs/Measure"}, {"type": "null"}]}
        },
        "$defs": {
            "Direction": {"oneOf": [
                {"type": "string", "const": "increase", "description": "Higher is better."},
                {"type": "string", "const": "decrease", "description": "Lower is better."}]},
            "Measure": {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]}
        }
    });
    let out = to_swagger(&schema);
    let p = &out["properties"];
    assert_eq!(out["type"], "object");
    assert!(out.get("$schema").is_none() && out.get("$defs").is_none());
    assert_eq!(p["note"]["type"], "string");
    assert!(
        p["note"].get("default").is_none(),
        "a null default is dropped"
    );
    assert_eq!(p["note"]["x-ms-summary"], "Note");
    assert_eq!(p["direction"]["enum"], json!(["increase", "decrease"]));
    assert!(
        p["direction"]["description"]
            .as_str()
            .unwrap()
            .contains("Lower is better")
    );
    assert_eq!(p["goal"]["enum"], json!(["increase", "decrease"]));
    assert_eq!(p["percent"]["format"], "int32");
    assert_eq!(
        (&p["count"]["minimum"], &p["count"]["exclusiveMinimum"]),
        (&json!(0), &json!(true))
    );
    assert_eq!(p["roles"]["items"]["enum"], json!(["increase", "decrease"]));
    assert_eq!(p["measure"]["properties"]["query"]["type"], "string");
    assert_eq!(p["measure"]["required"], json!(["query"]));
    let text = out.to_string();
    for keyword in ["oneOf", "anyOf", "null", "$ref", "const"] {
        assert!(!text.contains(keyword), "{keyword} left in {text}");
    }
}

#[test]
fn mixed_choices_keep_the_first_form_and_say_what_else_is_taken() {
    let out = to_swagger(&json!({"anyOf": [{"type": "string"}, {"type": "number"}]}));
    assert_eq!(out["type"], "string");
    assert!(out["description"].as_str().unwrap().contains("number"));
}

#[test]
fn a_recursive_reference_stops_instead_of_looping() {
    let schema = json!({"$ref": "#/$defs/Node", "$defs": {"Node": {"type": "object",
        "properties": {"next": {"$ref": "#/$defs/Node"}}}}});
    let out = to_swagger(&schema);
    assert_eq!(out["type"], "object");
}
