//! What a record changed: each capability's level before it and after it, once the
//! projector has applied it. The projector follows the log on its own, so the api waits
//! for the read model to reach the record's sequence, for [`SETTLE`] at most; a record
//! the read model has not caught up with yet is still recorded, its page just says so.

use std::time::Duration;

use govtrack_readmodel::read;

use crate::cache::OrgKey;
use crate::error::ApiError;
use crate::query::{self, QueryError};
use crate::state::AppState;

/// How long a record waits for the read model to apply it.
pub const SETTLE: Duration = Duration::from_secs(3);

/// How often the read model is asked meanwhile.
const POLL: Duration = Duration::from_millis(20);

/// Each capability's level of `org` now, `(id, level)`; empty before its first event.
pub async fn levels(state: &AppState, org: &str) -> Result<Vec<(String, u16)>, ApiError> {
    let (org, model, cache, now) = (
        org.to_owned(),
        state.models.for_org(org),
        state.cache.clone(),
        state.now(),
    );
    state
        .read(move |conn| {
            let key = match OrgKey::read(conn, &org) {
                Ok(key) => key,
                Err(QueryError::UnknownOrg(_)) => return Ok(Vec::new()),
                Err(e) => return Err(e),
            };
            let timeline = cache.timeline(conn, &model, &key, (now, now))?;
            let report = query::maturity(&timeline, &model, &org, now)?;
            Ok::<_, QueryError>(
                report
                    .capabilities
                    .into_iter()
                    .map(|c| (c.id, c.level))
                    .collect(),
            )
        })
        .await
}

/// Waits until the read model has applied `sequence` of `org`; false after [`SETTLE`].
pub async fn applied(state: &AppState, org: &str, sequence: u64) -> bool {
    let deadline = tokio::time::Instant::now() + SETTLE;
    loop {
        let name = org.to_owned();
        let last = state.read(move |conn| read::org(conn, &name)).await;
        if matches!(last, Ok(Some(row)) if row.last_sequence >= sequence) {
            return true;
        }
        if tokio::time::Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(POLL).await;
    }
}

/// The levels of `after` that differ from `before` (a capability absent before was at
/// 100, where every capability starts).
pub fn changed(before: &[(String, u16)], after: Vec<(String, u16)>) -> Vec<(String, u16)> {
    after
        .into_iter()
        .filter(|(id, level)| {
            let was = before
                .iter()
                .find(|(b, _)| b == id)
                .map_or(100, |(_, l)| *l);
            was != *level
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_levels_that_moved_are_changes() {
        let before = vec![("community".to_owned(), 300), ("strategy".to_owned(), 200)];
        let after = vec![
            ("community".to_owned(), 400),
            ("strategy".to_owned(), 200),
            ("security".to_owned(), 100),
        ];
        assert_eq!(changed(&before, after), [("community".to_owned(), 400)]);
        assert_eq!(
            changed(&[], vec![("plan".to_owned(), 200)]),
            [("plan".to_owned(), 200)]
        );
    }
}
