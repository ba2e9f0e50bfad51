//! `GET /v1/me`: who the api takes the caller for, and whether it may record anywhere.

use axum::{Extension, Json};
use govtrack_auth::Caller;

use crate::openapi::ListErrors;
use crate::types::Me;

/// The caller
///
/// Who the token, the Entra ID token or the session is, as the events it records name
/// it, and whether it may record events for at least one organisation. Any accepted
/// credential may ask, including one that may only record. `govtrack mcp` asks it to
/// offer its write tools only to a token that may use them.
#[utoipa::path(get, path = "/v1/me", operation_id = "whoAmI",
    responses((status = 200, description = "The caller", body = Me), ListErrors))]
pub async fn me(Extension(caller): Extension<Caller>) -> Json<Me> {
    Json(Me {
        recorded_by: caller.recorded_by().clone(),
        may_record_somewhere: caller.may_emit_somewhere(),
    })
}
