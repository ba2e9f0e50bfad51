//! The `{org}` of the organisations' routes, as the handlers extract it and the
//! OpenAPI document describes it (the catalogue's `Org`, with its pattern).

use serde::Deserialize;
use utoipa::IntoParams;

use crate::openapi::OrgSchema;

/// The `{org}` of a path.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub(crate) struct OrgPath {
    /// The organisation, e.g. `contoso`.
    #[param(value_type = OrgSchema)]
    pub(crate) org: String,
}
