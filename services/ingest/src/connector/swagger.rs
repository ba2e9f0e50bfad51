//! JSON Schema (draft 2020-12, as `schemars` writes the catalogue's `data` schemas)
//! to a Swagger 2.0 Schema Object, which is all a Power Automate custom connector
//! reads.
//!
//! The conversion is generic, so event types added later convert without code here:
//! - `$ref` to `#/$defs/…` (or `#/definitions/…`, or an OpenAPI document's
//!   `#/components/schemas/…`) is inlined: a dynamic schema is returned alone, with no
//!   `definitions` beside it to point into;
//! - `"type": [T, "null"]` becomes `"type": T`. Swagger 2.0 has no null type; a field
//!   that may be null is one the catalogue also lets you leave out, so leaving it out
//!   of `required` says the same thing;
//! - `oneOf` / `anyOf` have no Swagger 2.0 form. Branches that are only `null` are
//!   dropped; branches that are all string constants (documented enum variants)
//!   become one `enum`, with `x-ms-enum-values` giving each a display name, and the
//!   variants' descriptions joined into the description; one remaining branch is
//!   used as is; otherwise the first branch's type is kept and the description says
//!   which other forms the service also takes;
//! - `const` becomes a one-value `enum`; a numeric `exclusiveMinimum` /
//!   `exclusiveMaximum` becomes `minimum` / `maximum` with the boolean flag;
//! - integer formats Swagger lacks (`uint8`, `uint32`, `uint64`, …) become `int32` or
//!   `int64`, keeping their bounds;
//! - `examples` becomes `example` (the first); keywords Swagger 2.0 does not know are
//!   dropped;
//! - every property gains `x-ms-summary` (its name in words) so the flow designer
//!   shows a label.

use serde_json::{Map, Value, json};

/// How deep `$ref`s are followed before a recursive schema is cut to `object`.
const MAX_DEPTH: usize = 16;

/// Keywords copied as they are (their meaning is the same in both dialects).
const KEPT: &[&str] = &[
    "title",
    "description",
    "default",
    "multipleOf",
    "maximum",
    "minimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "enum",
    "readOnly",
    "example",
];

/// The Swagger 2.0 form of `schema` (a root schema whose `$defs` the `$ref`s use).
pub fn to_swagger(schema: &Value) -> Value {
    let defs = definitions(schema);
    convert(schema, &defs, 0)
}

/// The Swagger 2.0 form of `schema`, a schema of an OpenAPI document whose `$ref`s
/// name the document's `components` (`schemas`).
pub fn to_swagger_in(schema: &Value, components: &Map<String, Value>) -> Value {
    convert(schema, components, 0)
}

fn definitions(schema: &Value) -> Map<String, Value> {
    let mut defs = Map::new();
    for key in ["$defs", "definitions"] {
        if let Some(Value::Object(found)) = schema.get(key) {
            defs.extend(found.clone());
        }
    }
    defs
}

fn convert(schema: &Value, defs: &Map<String, Value>, depth: usize) -> Value {
    let Value::Object(source) = schema else {
        // `true` (anything) or `false`: an open object is the nearest Swagger form.
        return json!({"type": "object"});
    };
    if depth > MAX_DEPTH {
        return json!({"type": "object", "description": "(nested too deep to describe)"});
    }
    let mut out = Map::new();
    if let Some(target) = source.get("$ref").and_then(Value::as_str) {
        let resolved = resolve(target, defs);
        if let Value::Object(inlined) = convert(&resolved, defs, depth + 1) {
            out.extend(inlined);
        }
    }
    for choice in ["oneOf", "anyOf"] {
        if let Some(Value::Array(branches)) = source.get(choice) {
            out.extend(flatten_choice(branches, defs, depth));
        }
    }
    if let Some(Value::Array(all)) = source.get("allOf") {
        for part in all {
            if let Value::Object(part) = convert(part, defs, depth + 1) {
                merge(&mut out, part);
            }
        }
    }
    copy_keywords(source, &mut out);
    if let Some(t) = swagger_type(source.get("type")) {
        out.insert("type".into(), Value::String(t));
    }
    convert_numbers(source, &mut out);
    convert_children(source, defs, depth, &mut out);
    if !out.contains_key("type") && out.contains_key("properties") {
        out.insert("type".into(), Value::String("object".into()));
    }
    Value::Object(out)
}

fn resolve(target: &str, defs: &Map<String, Value>) -> Value {
    let name = target
        .strip_prefix("#/$defs/")
        .or_else(|| target.strip_prefix("#/definitions/"))
        .or_else(|| target.strip_prefix("#/components/schemas/"));
    name.and_then(|n| defs.get(n))
        .cloned()
        .unwrap_or_else(|| json!({"type": "object"}))
}

fn copy_keywords(source: &Map<String, Value>, out: &mut Map<String, Value>) {
    for key in KEPT {
        // A `null` default or example has no Swagger 2.0 form (no null type).
        if let Some(v) = source.get(*key).filter(|v| !v.is_null()) {
            out.insert((*key).into(), v.clone());
        }
    }
    if let Some(first) = source.get("examples").and_then(|e| e.get(0)) {
        out.insert("example".into(), first.clone());
    }
    if let Some(value) = source.get("const") {
        out.insert("enum".into(), json!([value]));
        if let Some(t) = json_type_of(value) {
            out.entry("type").or_insert(Value::String(t.into()));
        }
    }
    if let Some(Value::String(format)) = source.get("format") {
        let (format, _) = swagger_format(format);
        out.insert("format".into(), Value::String(format.into()));
    }
}

/// `type` without `null`; a list of several other types keeps the first.
fn swagger_type(t: Option<&Value>) -> Option<String> {
    match t? {
        Value::String(s) if s != "null" => Some(s.clone()),
        Value::Array(types) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|s| *s != "null")
            .map(str::to_owned),
        _ => None,
    }
}

fn json_type_of(value: &Value) -> Option<&'static str> {
    match value {
        Value::String(_) => Some("string"),
        Value::Bool(_) => Some("boolean"),
        Value::Number(n) if n.is_f64() => Some("number"),
        Value::Number(_) => Some("integer"),
        _ => None,
    }
}

/// Swagger's integer formats for the Rust ones `schemars` writes.
fn swagger_format(format: &str) -> (&str, bool) {
    match format {
        "int8" | "int16" | "uint8" | "uint16" | "uint32" | "uint" => ("int32", true),
        "uint64" | "uint128" | "int128" => ("int64", true),
        other => (other, false),
    }
}

fn convert_numbers(source: &Map<String, Value>, out: &mut Map<String, Value>) {
    for (key, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        match source.get(key) {
            Some(Value::Number(n)) => {
                out.insert(bound.into(), Value::Number(n.clone()));
                out.insert(key.into(), Value::Bool(true));
            }
            Some(Value::Bool(b)) => {
                out.insert(key.into(), Value::Bool(*b));
            }
            _ => {}
        }
    }
    // "uint32" fits int32 only with its upper half cut: say the real upper bound.
    if source.get("format").and_then(Value::as_str) == Some("uint32") {
        out.entry("maximum").or_insert(json!(u32::MAX));
    }
}

fn convert_children(
    source: &Map<String, Value>,
    defs: &Map<String, Value>,
    depth: usize,
    out: &mut Map<String, Value>,
) {
    if let Some(Value::Object(properties)) = source.get("properties") {
        let converted: Map<String, Value> = properties
            .iter()
            .map(|(name, schema)| {
                (
                    name.clone(),
                    labelled(name, convert(schema, defs, depth + 1)),
                )
            })
            .collect();
        out.insert("properties".into(), Value::Object(converted));
    }
    if let Some(Value::Array(required)) = source.get("required") {
        out.insert("required".into(), Value::Array(required.clone()));
    }
    match source.get("items") {
        Some(Value::Array(tuple)) => {
            // Tuple form (older drafts): Swagger takes one schema; the first describes it.
            if let Some(first) = tuple.first() {
                out.insert("items".into(), convert(first, defs, depth + 1));
            }
        }
        Some(items) => {
            out.insert("items".into(), convert(items, defs, depth + 1));
        }
        None if out.get("type").and_then(Value::as_str) == Some("array") => {
            out.insert("items".into(), json!({"type": "string"}));
        }
        None => {}
    }
    match source.get("additionalProperties") {
        Some(Value::Bool(b)) => {
            out.insert("additionalProperties".into(), Value::Bool(*b));
        }
        Some(schema @ Value::Object(_)) => {
            out.insert(
                "additionalProperties".into(),
                convert(schema, defs, depth + 1),
            );
        }
        _ => {}
    }
}

/// A property's schema with the designer's label, and a description (its name in
/// words when the catalogue has none: the designer shows one under every input).
fn labelled(name: &str, mut schema: Value) -> Value {
    if let Value::Object(map) = &mut schema {
        map.entry("x-ms-summary")
            .or_insert_with(|| Value::String(words(name)));
        map.entry("description")
            .or_insert_with(|| Value::String(words(name)));
    }
    schema
}

/// `key_result` → `Key result`.
pub fn words(name: &str) -> String {
    let spaced = name.replace(['_', '-', '.'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn flatten_choice(
    branches: &[Value],
    defs: &Map<String, Value>,
    depth: usize,
) -> Map<String, Value> {
    let converted: Vec<Value> = branches
        .iter()
        .filter(|b| !is_null_only(b))
        .map(|b| convert(b, defs, depth + 1))
        .collect();
    if let Some(choices) = string_choices(&converted) {
        return choices;
    }
    let mut first = match converted.first() {
        Some(Value::Object(map)) => map.clone(),
        _ => return Map::new(),
    };
    if converted.len() > 1 {
        let others: Vec<String> = converted[1..]
            .iter()
            .map(|b| {
                b.get("type")
                    .and_then(Value::as_str)
                    .unwrap_or("another form")
                    .to_owned()
            })
            .collect();
        let note = format!("(also accepted: {})", others.join(", "));
        let description = match first.get("description").and_then(Value::as_str) {
            Some(d) => format!("{d} {note}"),
            None => note,
        };
        first.insert("description".into(), Value::String(description));
    }
    first
}

fn is_null_only(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("null")
        || schema.get("const").is_some_and(Value::is_null)
}

/// Branches that are each a set of string constants: one `enum`.
fn string_choices(branches: &[Value]) -> Option<Map<String, Value>> {
    if branches.is_empty() {
        return None;
    }
    let mut values = Vec::new();
    let mut display = Vec::new();
    let mut described = Vec::new();
    for branch in branches {
        let listed = branch.get("enum")?.as_array()?;
        if branch.get("type").and_then(Value::as_str) != Some("string") {
            return None;
        }
        for value in listed {
            let text = value.as_str()?;
            values.push(value.clone());
            display.push(json!({"value": text, "displayName": words(text)}));
            if let Some(d) = branch.get("description").and_then(Value::as_str) {
                described.push(format!("`{text}`: {d}"));
            }
        }
    }
    let mut out = Map::new();
    out.insert("type".into(), Value::String("string".into()));
    out.insert("enum".into(), Value::Array(values));
    out.insert("x-ms-enum-values".into(), Value::Array(display));
    if !described.is_empty() {
        out.insert("description".into(), Value::String(described.join("; ")));
    }
    Some(out)
}

fn merge(out: &mut Map<String, Value>, part: Map<String, Value>) {
    for (key, value) in part {
        match (out.get_mut(&key), value) {
            (Some(Value::Object(mine)), Value::Object(theirs)) => mine.extend(theirs),
            (Some(Value::Array(mine)), Value::Array(theirs)) if key == "required" => {
                mine.extend(theirs)
            }
            (_, value) => {
                out.insert(key, value);
            }
        }
    }
}
