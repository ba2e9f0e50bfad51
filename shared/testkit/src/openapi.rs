//! Checks of the services' OpenAPI documents: a document validates
//! (openapi-spec-validator, from the venv `scripts/test.sh` keeps in `target/venv`),
//! every operation it lists reaches the route it names, and every route has its entry.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use axum::Router;
use axum::body::Body;
use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use govtrack_runtime::openapi::{Routes, finish};
use serde_json::Value;
use tower::ServiceExt;

/// The header [`unrouted`] stamps each answer with: the route that matched.
const MATCHED: &str = "x-test-matched-route";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The Python that has openapi-spec-validator: `SWAGGER_VALIDATOR_PYTHON`, else the
/// venv `scripts/test.sh` keeps in `target/venv`. Missing is a failure, never a skip.
pub fn validator_python() -> PathBuf {
    let python = std::env::var_os("SWAGGER_VALIDATOR_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target/venv/bin/python"));
    let ready = Command::new(&python)
        .args(["-c", "import openapi_spec_validator, jsonschema"])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        ready,
        "the OpenAPI validator is missing ({} cannot import openapi_spec_validator). \
         Install it with scripts/test.sh, or: python3 -m venv target/venv && \
         target/venv/bin/pip install 'openapi-spec-validator>=0.7'",
        python.display()
    );
    python
}

/// Runs the validator (`validate_openapi.py`, which says what it takes) on `files`;
/// panics with its report when it refuses one.
pub fn validate_files(files: &[&Path]) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("validate_openapi.py");
    let out = Command::new(validator_python())
        .arg(script)
        .args(files)
        .output()
        .expect("the validator runs");
    let report =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "validation failed:\n{report}");
    assert!(report.contains("ok"), "{report}");
}

/// Validates one document (OpenAPI 3.x or Swagger 2.0).
pub fn validate(document: &Value) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("openapi.json");
    std::fs::write(&path, document.to_string()).expect("the document is written");
    validate_files(&[&path]);
}

/// A document a service may serve: OpenAPI 3.1, valid by openapi-spec-validator,
/// and with every one of its (more than twenty) references resolving.
pub fn assert_sound(document: &Value) {
    assert_eq!(document["openapi"], "3.1.0");
    validate(document);
    let (unresolved, count) = unresolved_references(document);
    assert!(count > 20, "only {count} references");
    assert!(unresolved.is_empty(), "pointing at nothing: {unresolved:?}");
}

/// Every route of `routes` has its document entry or is listed in `exempt` (its path,
/// and why), and no path is both.
pub fn assert_every_route_documented<S>(routes: Routes<S>, exempt: &[(&str, &str)])
where
    S: Clone + Send + Sync + 'static,
{
    let documented: BTreeSet<String> = routes.documented_paths().iter().cloned().collect();
    let undocumented: BTreeSet<&str> = routes.undocumented_paths().iter().copied().collect();
    let document = finish(routes.split().1);
    assert_eq!(
        paths(&document),
        documented,
        "the document's paths are not the documented routes"
    );
    let exempt: BTreeSet<&str> = exempt.iter().map(|(path, _)| *path).collect();
    assert_eq!(
        undocumented, exempt,
        "the routes without a document entry are not the ones UNDOCUMENTED lists"
    );
    for path in &exempt {
        assert!(
            !documented.contains(*path),
            "{path} is both documented and exempt"
        );
    }
}

/// `document` lists at least `at_least` paths, and each of its operations reaches its
/// route in `router` (see [`unrouted`]).
pub async fn assert_every_operation_routed(router: Router, document: &Value, at_least: usize) {
    assert!(paths(document).len() >= at_least, "{:?}", paths(document));
    let missing = unrouted(router, document).await;
    assert!(
        missing.is_empty(),
        "documented without a route: {missing:?}"
    );
}

/// The paths of `document`.
pub fn paths(document: &Value) -> BTreeSet<String> {
    document["paths"]
        .as_object()
        .map(|paths| paths.keys().cloned().collect())
        .unwrap_or_default()
}

/// The `$ref`s of `document` that point at nothing in it, and how many there are in
/// all (a document whose references went missing has fewer than expected).
pub fn unresolved_references(document: &Value) -> (Vec<String>, usize) {
    let mut targets = Vec::new();
    references(document, &mut targets);
    let count = targets.len();
    let unresolved = targets
        .into_iter()
        .filter(|target| {
            let pointer = target.strip_prefix('#').unwrap_or(target);
            document.pointer(pointer).is_none()
        })
        .collect();
    (unresolved, count)
}

fn references(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match value {
                    Value::String(target) if key == "$ref" => found.push(target.clone()),
                    other => references(other, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, found)),
        _ => {}
    }
}

/// Each operation of `document` as `(method, path template)`.
pub fn operations(document: &Value) -> Vec<(Method, String)> {
    let mut operations = Vec::new();
    for (path, item) in document["paths"].as_object().into_iter().flatten() {
        for method in item.as_object().into_iter().flat_map(|m| m.keys()) {
            if let Ok(method) = Method::from_bytes(method.to_uppercase().as_bytes()) {
                operations.push((method, path.clone()));
            }
        }
    }
    operations
}

/// The operations of `document` that `router` does not route to the path they name,
/// as `METHOD /path`: each is sent once (path parameters filled with `probe`, no
/// body), and the route that matched is read off the answer; a 405 means the path has
/// a route but not for that method.
pub async fn unrouted(router: Router, document: &Value) -> Vec<String> {
    let router = router.layer(middleware::from_fn(stamp));
    let mut missing = Vec::new();
    for (method, template) in operations(document) {
        let uri = concrete(&template);
        let request = Request::builder()
            .method(method.clone())
            .uri(&uri)
            .body(Body::empty())
            .expect("a request");
        let response = router.clone().oneshot(request).await.expect("an answer");
        let matched = response
            .headers()
            .get(MATCHED)
            .and_then(|v| v.to_str().ok());
        if matched != Some(template.as_str()) {
            missing.push(format!("{method} {template} (matched {matched:?})"));
        } else if response.status() == StatusCode::METHOD_NOT_ALLOWED {
            missing.push(format!("{method} {template} (no route for {method})"));
        }
    }
    missing
}

/// `/v1/orgs/{org}/okrs` → `/v1/orgs/probe/okrs`.
fn concrete(template: &str) -> String {
    let segments = template.split('/').map(|segment| {
        if segment.starts_with('{') && segment.ends_with('}') {
            "probe"
        } else {
            segment
        }
    });
    segments.collect::<Vec<_>>().join("/")
}

async fn stamp(request: Request, next: Next) -> Response {
    let matched = request
        .extensions()
        .get::<MatchedPath>()
        .and_then(|m| HeaderValue::from_str(m.as_str()).ok());
    let mut response = next.run(request).await;
    if let Some(matched) = matched {
        response.headers_mut().insert(MATCHED, matched);
    }
    response
}

#[cfg(test)]
mod tests {
    use axum::routing::{get, post};
    use serde_json::json;

    use super::*;

    #[tokio::test]
    async fn an_operation_without_its_route_or_method_is_named() {
        let router = Router::new()
            .route("/items/{id}", get(|| async { "item" }))
            .route("/items", post(|| async { "added" }));
        let document = json!({"paths": {
            "/items/{id}": {"get": {}},
            "/items": {"get": {}, "post": {}},
            "/gone": {"get": {}}
        }});
        let mut missing = unrouted(router, &document).await;
        missing.sort();
        assert_eq!(missing.len(), 2, "{missing:?}");
        assert!(missing[0].starts_with("GET /gone"), "{missing:?}");
        assert!(missing[1].starts_with("GET /items "), "{missing:?}");
    }

    #[test]
    fn a_reference_to_nothing_is_named() {
        let document = json!({"a": {"$ref": "#/components/schemas/A"},
            "b": [{"$ref": "#/components/schemas/B"}],
            "components": {"schemas": {"A": {}}}});
        assert_eq!(
            unresolved_references(&document),
            (vec!["#/components/schemas/B".to_owned()], 2)
        );
    }

    #[test]
    fn path_parameters_are_filled_in() {
        assert_eq!(concrete("/v1/orgs/{org}/okrs"), "/v1/orgs/probe/okrs");
    }
}
