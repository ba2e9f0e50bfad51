//! The reads of one organisation, and the maturity models, as typed answers shared by
//! the faces that serve them: the JSON routes serialise what these return, and the MCP
//! tools return the same values as structured content. Each organisation's read runs on
//! a reader thread over a pooled connection, from what [`crate::cache`] keeps.

use chrono::{DateTime, Utc};
use govtrack_auth::Caller;
use govtrack_maturity::{Model, ModelDescription, Timeline};

use crate::cache::OrgKey;
use crate::error::ApiError;
use crate::query::{self, QueryError, StatusFilter};
use crate::readable::keep_readable;
use crate::state::AppState;
use crate::types::{
    AlertList, InitiativeList, MaturityHistory, MaturityReport, ModelList, ModelSummary, OkrReport,
    OrgList, SourceList,
};

/// The organisations `caller` may read.
pub(crate) async fn orgs(state: &AppState, caller: &Caller) -> Result<OrgList, ApiError> {
    let list = state.read(query::orgs).await?;
    Ok(keep_readable(list, caller))
}

/// Every capability's level, target and next level as of `as_of`.
pub(crate) async fn maturity(
    state: &AppState,
    org: String,
    as_of: DateTime<Utc>,
) -> Result<MaturityReport, ApiError> {
    of_timeline(state, org, as_of, query::maturity).await
}

/// Every level change up to `until`.
pub(crate) async fn maturity_history(
    state: &AppState,
    org: String,
    until: DateTime<Utc>,
) -> Result<MaturityHistory, ApiError> {
    of_timeline(state, org, until, query::maturity_history).await
}

/// `answer` of `org`'s maturity timeline covering `until`, under the organisation's
/// model: the cached timeline, extended with the events since, or built.
async fn of_timeline<T: Send + 'static>(
    state: &AppState,
    org: String,
    until: DateTime<Utc>,
    answer: fn(&Timeline, &Model, &str, DateTime<Utc>) -> Result<T, QueryError>,
) -> Result<T, ApiError> {
    let now = state.now();
    let model = state.models.for_org(&org);
    let cache = state.cache.clone();
    let read = move |c: &_| {
        let key = OrgKey::read(c, &org)?;
        let timeline = cache.timeline(c, &model, &key, (until, now))?;
        answer(&timeline, &model, &org, until)
    };
    state.read(read).await
}

/// The OKRs as of `now` (the route serves the same report from its answers of the
/// current second).
pub(crate) async fn okrs(
    state: &AppState,
    org: String,
    now: DateTime<Utc>,
) -> Result<OkrReport, ApiError> {
    let cache = state.cache.clone();
    let read = move |c: &_| {
        let rows = cache.okr_rows(c, &OrgKey::read(c, &org)?)?;
        Ok::<_, QueryError>(query::okrs(&rows, &org, now))
    };
    state.read(read).await
}

/// The initiatives, all or those `filter` keeps, as of the api's now.
pub(crate) async fn initiatives(
    state: &AppState,
    org: String,
    filter: Option<StatusFilter>,
) -> Result<InitiativeList, ApiError> {
    let now = state.now();
    let cache = state.cache.clone();
    let read = move |c: &_| {
        let rows = cache.okr_rows(c, &OrgKey::read(c, &org)?)?;
        Ok::<_, QueryError>(query::initiatives(&rows, &org, filter, now))
    };
    state.read(read).await
}

/// The open alerts, silenced or not as of the api's now.
pub(crate) async fn alerts(state: &AppState, org: String) -> Result<AlertList, ApiError> {
    let now = state.now();
    state.read(move |c| query::alerts(c, &org, now)).await
}

/// Every feed with its status as of the api's now.
pub(crate) async fn sources(state: &AppState, org: String) -> Result<SourceList, ApiError> {
    let now = state.now();
    state.read(move |c| query::sources(c, &org, now)).await
}

/// Every model this installation evaluates with, the default one marked.
pub(crate) fn models(state: &AppState) -> ModelList {
    let summary = |k: govtrack_maturity::KnownModel| ModelSummary {
        id: k.model.id().to_owned(),
        name: k.model.name().to_owned(),
        default: k.default,
        orgs: k.orgs,
        capabilities: (k.model.capabilities().iter())
            .map(|c| c.id().to_owned())
            .collect(),
    };
    let models = state.models.known().into_iter().map(summary).collect();
    ModelList { models }
}

/// One model for display; an unknown id is answered with the known ones.
pub(crate) fn model(state: &AppState, id: &str) -> Result<ModelDescription, ApiError> {
    let known = state.models.known();
    match known.iter().find(|k| k.model.id() == id) {
        Some(k) => Ok(k.model.describe()),
        None => {
            let ids: Vec<&str> = known.iter().map(|k| k.model.id()).collect();
            Err(ApiError::NotFound(format!(
                "no maturity model {id:?}; this installation knows {}",
                ids.join(", ")
            )))
        }
    }
}
