//! The served document: utoipa's document as JSON, with the schemas `schemars` writes
//! put in place ([`finish`]), and without security for a service running without a
//! tokens file ([`without_security`]): then nothing asks for a token, and the document
//! says so.

use serde_json::{Map, Value};
use utoipa::openapi::OpenApi;

use super::bridge::{DEFS_REF, SCHEMARS_EXTENSION};

/// Where an OpenAPI document keeps its named schemas.
const COMPONENTS_REF: &str = "#/components/schemas/";

/// `openapi` as JSON, each schemars placeholder replaced by its schema and the
/// schema's `$defs` added beside it as components of their own.
///
/// # Panics
/// When two different schemas would take one component name: the types of the code
/// decide both, so any test that builds the document finds it.
pub fn finish(openapi: OpenApi) -> Value {
    let mut document = serde_json::to_value(openapi).unwrap_or_default();
    let Some(schemas) = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return document;
    };
    let placeholders: Vec<(String, Value)> = schemas
        .iter()
        .filter_map(|(name, schema)| Some((name.clone(), schema.get(SCHEMARS_EXTENSION)?.clone())))
        .collect();
    for (name, mut schema) in placeholders {
        rewrite_refs(&mut schema);
        let defs = match schema.as_object_mut() {
            Some(root) => {
                root.remove("$schema");
                root.remove("$defs")
            }
            None => None,
        };
        schemas.insert(name, schema);
        for (def_name, def) in defs
            .and_then(|d| d.as_object().cloned())
            .unwrap_or_default()
        {
            add_component(schemas, def_name, def);
        }
    }
    document
}

fn add_component(schemas: &mut Map<String, Value>, name: String, schema: Value) {
    match schemas.get(&name) {
        Some(existing) if *existing != schema => {
            panic!("two different schemas are both called {name:?} in one OpenAPI document")
        }
        Some(_) => {}
        None => {
            schemas.insert(name, schema);
        }
    }
}

/// `#/$defs/X` → `#/components/schemas/X`, all the way down.
fn rewrite_refs(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match value {
                    Value::String(target) if key == "$ref" => {
                        if let Some(name) = target.strip_prefix(DEFS_REF) {
                            *target = format!("{COMPONENTS_REF}{name}");
                        }
                    }
                    other => rewrite_refs(other),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite_refs),
        _ => {}
    }
}

/// Removes every security requirement (the document's and each operation's), the
/// security schemes and the 401 and 403 answers, for a service running without tokens.
pub fn without_security(document: &mut Value) {
    if let Some(root) = document.as_object_mut() {
        root.remove("security");
    }
    if let Some(components) = document
        .get_mut("components")
        .and_then(Value::as_object_mut)
    {
        components.remove("securitySchemes");
    }
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for operation in paths.values_mut().filter_map(Value::as_object_mut) {
        for op in operation.values_mut().filter_map(Value::as_object_mut) {
            op.remove("security");
            if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
                responses.remove("401");
                responses.remove("403");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_security_requirement_and_scheme_goes() {
        let mut doc = json!({
            "security": [{"bearer": []}],
            "paths": {"/x": {"get": {"security": [{"bearer": []}],
                "responses": {"200": {}, "401": {}, "403": {}}}}},
            "components": {"securitySchemes": {"bearer": {}}, "schemas": {"A": {}}}
        });
        without_security(&mut doc);
        assert_eq!(
            doc,
            json!({"paths": {"/x": {"get": {"responses": {"200": {}}}}},
                   "components": {"schemas": {"A": {}}}})
        );
    }
}
