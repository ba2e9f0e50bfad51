//! The router and its OpenAPI document agree: every route has its entry or is listed
//! in [`UNDOCUMENTED`], every entry reaches its route, and the document is valid
//! OpenAPI 3.1 whose references all resolve.

use std::sync::Arc;

use govtrack_runtime::Readiness;
use govtrack_testkit::openapi::{
    assert_every_operation_routed, assert_every_route_documented, assert_sound,
};

use super::{UNDOCUMENTED, openapi_document, router, routes};
use crate::settings::Settings;
use crate::state::AppState;

#[test]
fn every_route_has_a_document_entry_or_is_listed_as_undocumented() {
    let routes = routes(
        super::Guards::default(),
        Arc::default(),
        Readiness::always(),
        axum::routing::MethodRouter::new(),
    );
    assert_every_route_documented(routes, UNDOCUMENTED);
}

#[tokio::test]
async fn every_documented_operation_reaches_its_route() {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::new(&Settings::new(dir.path()));
    assert_every_operation_routed(router(state), &openapi_document(), 14).await;
}

#[test]
fn the_document_is_valid_openapi_3_1_and_every_reference_resolves() {
    assert_sound(&openapi_document());
}

#[test]
fn the_types_the_pure_crates_describe_come_from_their_schemars_schemas() {
    let document = openapi_document();
    let schemas = &document["components"]["schemas"];
    let stakeholder = schemas["Stakeholder"].to_string();
    assert!(stakeholder.contains("it_leadership"), "{stakeholder}");
    let requirement = &schemas["RequirementDescription"];
    assert_eq!(
        requirement["properties"]["any"]["items"]["$ref"],
        "#/components/schemas/RequirementDescription",
        "{requirement}"
    );
    let objective = &schemas["ObjectiveReport"]["properties"];
    assert!(
        objective["stakeholders"]["items"]["$ref"]
            .as_str()
            .is_some_and(|r| r.ends_with("/Stakeholder"))
    );
    assert!(!document.to_string().contains("x-schemars"));
}
