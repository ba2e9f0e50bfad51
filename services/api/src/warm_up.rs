//! The start-up warm-up: the caches of the most recently active organisations filled
//! in the background, so that the first views after a start are not cold.

use govtrack_readmodel::read;
use tokio_util::sync::CancellationToken;

use crate::error::ApiError;
use crate::org_key::OrgKey;
use crate::state::AppState;

/// Organisations the start-up warm-up visits at most.
const MAX_WARM_ORGS: usize = 4096;

/// Fills the caches of the organisations, most recently active first (until the budget
/// is full), so that views after a start are not cold. Runs on a
/// background thread while requests are served: one pooled connection per
/// organisation, stopping early when `stop` is cancelled. Fails when there is no read
/// model yet (requests then fill the caches); answers how many orgs were warmed.
pub fn warm_up(state: &AppState, stop: &CancellationToken) -> Result<usize, ApiError> {
    let mut orgs = state.pool.with_conn(read::orgs)??;
    orgs.sort_by_key(|o| std::cmp::Reverse(o.last_occurred_at));
    orgs.truncate(MAX_WARM_ORGS);
    let mut warmed = 0;
    let evictions = state.cache.warm_evictions();
    for org in &orgs {
        // Once the budget is full, warming more would only evict the most active.
        if stop.is_cancelled() || state.cache.warm_evictions() > evictions {
            break;
        }
        let key = OrgKey {
            org: org.org.clone(),
            last_sequence: org.last_sequence,
        };
        let model = state.models.for_org(&key.org);
        let now = state.now();
        state.pool.with_conn(|conn| {
            state.cache.timeline(conn, &model, &key, (now, now))?;
            state.cache.okr_rows(conn, &key).map(drop)
        })??;
        warmed += 1;
    }
    Ok(warmed)
}
