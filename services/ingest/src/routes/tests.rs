//! The router and its OpenAPI document agree: every route has its entry or is listed
//! in [`UNDOCUMENTED`], every entry reaches its route, and the document is valid
//! OpenAPI 3.1 whose references all resolve.

use std::sync::Arc;

use govtrack_runtime::Readiness;
use govtrack_testkit::TestNats;
use govtrack_testkit::openapi::{
    assert_every_operation_routed, assert_every_route_documented, assert_sound,
};

use super::{UNDOCUMENTED, openapi_document, router, routes};
use crate::Settings;

#[test]
fn every_route_has_a_document_entry_or_is_listed_as_undocumented() {
    let routes = routes(Arc::default(), Readiness::always());
    assert_every_route_documented(routes, UNDOCUMENTED);
}

#[tokio::test]
async fn every_documented_operation_reaches_its_route() {
    let nats = TestNats::start();
    let settings = Settings::local(&nats.url(), &nats.dir().join("ingest"));
    let app = crate::build(settings).await.unwrap();
    assert_every_operation_routed(router(app.state().clone()), &openapi_document(), 13).await;
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
