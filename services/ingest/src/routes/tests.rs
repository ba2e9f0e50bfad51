//! The router and its OpenAPI document agree: every route has its entry or is listed
//! in [`UNDOCUMENTED`], every entry reaches its route, and the document is valid
//! OpenAPI 3.1 whose references all resolve.

use std::collections::BTreeSet;
use std::sync::Arc;

use govtrack_runtime::Readiness;
use govtrack_runtime::openapi::finish;
use govtrack_testkit::TestNats;
use govtrack_testkit::openapi::{assert_sound, paths, unrouted};

use super::{UNDOCUMENTED, openapi_document, router, routes};
use crate::Settings;

#[test]
fn every_route_has_a_document_entry_or_is_listed_as_undocumented() {
    let routes = routes(Arc::default(), Readiness::always());
    let documented: BTreeSet<String> = routes.documented_paths().iter().cloned().collect();
    let undocumented: BTreeSet<&str> = routes.undocumented_paths().iter().copied().collect();
    let document = finish(routes.split().1);
    assert_eq!(
        paths(&document),
        documented,
        "the document's paths are not the documented routes"
    );
    let exempt: BTreeSet<&str> = UNDOCUMENTED.iter().map(|(path, _)| *path).collect();
    assert_eq!(
        undocumented, exempt,
        "the routes without a document entry are not the ones UNDOCUMENTED lists"
    );
}

#[tokio::test]
async fn every_documented_operation_reaches_its_route() {
    let nats = TestNats::start();
    let settings = Settings::local(&nats.url(), &nats.dir().join("ingest"));
    let app = crate::build(settings).await.unwrap();
    let document = openapi_document();
    assert!(paths(&document).len() >= 13, "{:?}", paths(&document));
    let missing = unrouted(router(app.state().clone()), &document).await;
    assert!(
        missing.is_empty(),
        "documented without a route: {missing:?}"
    );
}

#[test]
fn the_document_is_valid_openapi_3_1_and_every_reference_resolves() {
    assert_sound(&openapi_document());
}

#[test]
fn the_envelope_is_the_catalogues_schema_and_the_typed_one_lacks_only_its_type() {
    let document = openapi_document();
    let schemas = &document["components"]["schemas"];
    let envelope = serde_json::to_value(schemars::schema_for!(govtrack_events::Envelope)).unwrap();
    assert_eq!(schemas["Envelope"]["properties"], envelope["properties"]);
    let mut typed = envelope["properties"].clone();
    typed.as_object_mut().unwrap().remove("type");
    assert_eq!(schemas["TypedEnvelope"]["properties"], typed);
    assert!(
        !schemas["TypedEnvelope"]["required"]
            .to_string()
            .contains("\"type\"")
    );
    assert!(!document.to_string().contains("x-schemars"));
}
