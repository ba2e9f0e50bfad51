//! The OpenAPI documents say what the service answers: without a tokens file nothing
//! asks for a token, so the served document declares no security either.

use serde_json::Value;

/// Removes every security requirement (the document's and each operation's) and the
/// security schemes, for a service running without tokens.
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
