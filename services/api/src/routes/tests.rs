//! The router and its OpenAPI document agree: every route has its entry or is listed
//! in [`UNDOCUMENTED`], every entry reaches its route, and the document is valid
//! OpenAPI 3.1 whose references all resolve.

use std::collections::BTreeSet;
use std::sync::Arc;

use govtrack_runtime::Readiness;
use govtrack_runtime::openapi::finish;
use govtrack_testkit::openapi::{assert_sound, paths, unrouted};

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
    for path in &exempt {
        assert!(
            !documented.contains(*path),
            "{path} is both documented and exempt"
        );
    }
}

#[tokio::test]
async fn every_documented_operation_reaches_its_route() {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::new(&Settings::new(dir.path()));
    let document = openapi_document();
    assert!(paths(&document).len() >= 14, "{:?}", paths(&document));
    let missing = unrouted(router(state), &document).await;
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
