//! The `{org}` of a request's path, checked before anything reads with it: the JSON
//! routes and the dashboard's pages take it the same way.

use crate::error::ApiError;

/// The `{org}` of a path, checked against the id charset.
pub(crate) fn org_param(org: String) -> Result<String, ApiError> {
    match govtrack_events::Org::parse(&org) {
        Ok(_) => Ok(org),
        Err(e) => Err(ApiError::BadRequest(format!("org: {e}"))),
    }
}
