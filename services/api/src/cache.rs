//! What the reads compute from an organisation's whole log, kept in memory until the
//! projector applies a newer event of that organisation.
//!
//! Every entry is a pure function of the organisation's log prefix, so the
//! organisation's last applied sequence (one indexed row of `orgs`) is a sound key —
//! across read-model rebuilds too, since a rebuild replays the same log. A request
//! then costs one small query plus a lookup instead of a replay:
//!
//! - a maturity [`Timeline`] (built to a horizon past "now", so that every later "now"
//!   and every earlier `as_of` is a binary search; new events later than all the
//!   earlier ones extend it instead of a full replay);
//! - the OKR rows (objectives, key results, measurements, initiatives), from which
//!   progress and check-in status are computed for the asked instant;
//! - the parsed facts (a small share of the budget: they are large, about 1 KiB per
//!   event), read again only from the organisation's previous last sequence on: a live
//!   organisation's new events are a small read.
//!
//! The three sit under one byte budget (`GOVTRACK_API_CACHE_MB`, [`ReadCache::new`]),
//! split between them, less recently used entries out first ([`OrgCache`]). A timeline
//! keeps the level changes and the state at its frontier, not the facts it replayed,
//! so the memory grows with what is cached, not with the history.
//!
//! A timeline missing from the cache is first restored from the timeline the projector
//! saved ([`crate::saved_timeline`]) and extended with the events after it; only without
//! a usable one is the whole history replayed. Builds that read a whole history run at
//! most [`FULL_BUILDS`] at a time, so a burst of cold requests does not parse every
//! organisation's facts at once.

use std::mem::size_of;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, TimeDelta, Utc};
use govtrack_maturity::{Fact, HORIZON_DAYS, Model, Timeline};
use rusqlite::Connection;

pub use crate::okr_rows::OkrRows;
use crate::org_cache::{OrgCache, Weigh};
pub use crate::org_key::OrgKey;
use crate::permits::Permits;
use crate::query::{self, QueryError};

/// The budget's shares, in percent: timelines, OKR rows, parsed facts (the large
/// entries, needed only when new events cannot simply extend a timeline, and by the
/// dashboard's event counts).
const SHARES: [usize; 3] = [75, 20, 5];
/// Builds reading an organisation's whole history that run at once.
pub const FULL_BUILDS: usize = 2;
/// The default budget, `GOVTRACK_API_CACHE_MB`'s default.
pub const DEFAULT_BUDGET_MB: u64 = 128;

/// The caches shared by every request of one api process.
#[derive(Debug)]
pub struct ReadCache {
    timelines: OrgCache<Timeline>,
    okrs: OrgCache<OkrRows>,
    facts: OrgCache<FactLog>,
    full_builds: Permits,
    built: TimelineBuilds,
}

/// How the timelines missing from the cache were built, since the start.
#[derive(Debug, Default)]
struct TimelineBuilds {
    /// Restored from a saved timeline and extended with the events after it.
    from_saved: AtomicU64,
    /// Replayed from the whole history.
    whole_history: AtomicU64,
}

impl Default for ReadCache {
    fn default() -> Self {
        ReadCache::new(DEFAULT_BUDGET_MB as usize * 1024 * 1024)
    }
}

impl ReadCache {
    /// Empty caches that keep at most `budget` bytes together.
    pub fn new(budget: usize) -> ReadCache {
        let share = |i: usize| budget / 100 * SHARES[i] + budget % 100 * SHARES[i] / 100;
        ReadCache {
            timelines: OrgCache::new(share(0)),
            okrs: OrgCache::new(share(1)),
            facts: OrgCache::new(share(2)),
            full_builds: Permits::new(FULL_BUILDS),
            built: TimelineBuilds::default(),
        }
    }

    /// The bytes kept now, all caches together.
    pub fn bytes(&self) -> usize {
        self.timelines.bytes() + self.okrs.bytes() + self.facts.bytes()
    }

    /// Bytes kept now by the timelines, the OKR rows and the facts.
    pub fn usage(&self) -> [usize; 3] {
        [
            self.timelines.bytes(),
            self.okrs.bytes(),
            self.facts.bytes(),
        ]
    }

    /// Timelines built since the start: from a saved timeline, and from the whole history.
    pub fn timeline_builds(&self) -> (u64, u64) {
        (
            self.built.from_saved.load(Ordering::Relaxed),
            self.built.whole_history.load(Ordering::Relaxed),
        )
    }

    /// Entries evicted from the timelines and OKR rows (what a warm-up fills).
    pub(crate) fn warm_evictions(&self) -> u64 {
        self.timelines.evictions() + self.okrs.evictions()
    }

    /// Entries evicted to make room since the start, all caches together.
    pub fn evictions(&self) -> u64 {
        self.timelines.evictions() + self.okrs.evictions() + self.facts.evictions()
    }

    /// The maturity timeline of `key` under `model`, covering `as_of` and `now`.
    pub fn timeline(
        &self,
        conn: &Connection,
        model: &Model,
        key: &OrgKey,
        (as_of, now): (DateTime<Utc>, DateTime<Utc>),
    ) -> Result<Arc<Timeline>, QueryError> {
        let fresh = |t: &Timeline| t.model_id() == model.id() && t.covers(as_of);
        self.timelines.get_or_build(key, fresh, |stale| {
            // The live case: a few new events, later than all the earlier ones.
            if let Some((after, earlier)) =
                stale.filter(|(after, t)| *after < key.last_sequence && fresh(t))
            {
                let new = query::facts_after(conn, &key.org, after)?;
                if let Some(timeline) = earlier.extended(model, &new) {
                    return Ok(timeline);
                }
            }
            let until = as_of.max(now);
            let saved = crate::saved_timeline::restore(conn, model, key, until, &self.full_builds);
            if let Some(timeline) = saved {
                self.built.from_saved.fetch_add(1, Ordering::Relaxed);
                return Ok(timeline);
            }
            // The whole history is read and replayed under one permit.
            let _permit = self.full_builds.take();
            self.built.whole_history.fetch_add(1, Ordering::Relaxed);
            let horizon = until + TimeDelta::days(HORIZON_DAYS);
            let facts = self.fact_log(conn, key, false)?;
            Ok(Timeline::build_from(model, facts.iter(), horizon))
        })
    }

    /// The OKR rows of `key`.
    pub fn okr_rows(&self, conn: &Connection, key: &OrgKey) -> Result<Arc<OkrRows>, QueryError> {
        self.okrs.get_or_build(
            key,
            |_| true,
            |stale| match stale {
                Some((after, rows)) if after < key.last_sequence => {
                    OkrRows::read_since(conn, &key.org, (after, &rows))
                }
                _ => OkrRows::read(conn, &key.org),
            },
        )
    }

    /// Every fact of `key`, in log order.
    pub fn facts(&self, conn: &Connection, key: &OrgKey) -> Result<Arc<FactLog>, QueryError> {
        self.fact_log(conn, key, true)
    }

    /// Every fact of `key`; a whole read takes a permit unless the caller holds one.
    fn fact_log(
        &self,
        conn: &Connection,
        key: &OrgKey,
        take_permit: bool,
    ) -> Result<Arc<FactLog>, QueryError> {
        self.facts.get_or_build(
            key,
            |_| true,
            |stale| match stale {
                Some((after, log)) if after < key.last_sequence => {
                    let new = query::facts_after(conn, &key.org, after)?;
                    Ok(log.extended(new))
                }
                _ => {
                    let _permit = take_permit.then(|| self.full_builds.take());
                    Ok(FactLog::new(query::facts_after(conn, &key.org, 0)?))
                }
            },
        )
    }
}

/// An organisation's facts in log order, in chunks shared between cache entries, so
/// that new events extend the log without copying the earlier ones.
#[derive(Debug, Default)]
pub struct FactLog {
    chunks: Vec<Arc<Vec<Fact>>>,
    len: usize,
}

impl FactLog {
    /// Chunks kept before they are merged into one.
    const MAX_CHUNKS: usize = 64;

    fn new(facts: Vec<Fact>) -> FactLog {
        FactLog::default().extended(facts)
    }

    /// This log followed by `more`.
    fn extended(&self, more: Vec<Fact>) -> FactLog {
        let mut chunks = self.chunks.clone();
        if !more.is_empty() {
            chunks.push(Arc::new(more));
        }
        if chunks.len() > Self::MAX_CHUNKS {
            let merged: Vec<Fact> = chunks.iter().flat_map(|c| c.iter().cloned()).collect();
            chunks = vec![Arc::new(merged)];
        }
        let len = chunks.iter().map(|c| c.len()).sum();
        FactLog { chunks, len }
    }

    /// The facts in log order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Fact> {
        self.chunks.iter().flat_map(|c| c.iter())
    }

    /// How many facts.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl Weigh for FactLog {
    fn weight(&self) -> usize {
        let chunks: usize = (self.chunks.iter())
            .map(|c| {
                size_of::<Arc<Vec<Fact>>>()
                    + size_of::<Vec<Fact>>()
                    + c.iter().map(Fact::weight).sum::<usize>()
            })
            .sum();
        size_of::<FactLog>() + chunks
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;
    use serde_json::json;

    use super::*;

    fn fact(n: i64) -> Fact {
        let at = DateTime::<Utc>::UNIX_EPOCH + TimeDelta::days(n);
        Fact::new("training.held", at, json!({ "n": n }))
    }

    #[test]
    fn a_fact_log_extended_many_times_keeps_every_fact_in_order() {
        let mut log = FactLog::new((0..3).map(fact).collect());
        for n in 3..200 {
            log = log.extended(vec![fact(n)]);
            log = log.extended(Vec::new());
        }
        assert!(
            log.chunks.len() <= FactLog::MAX_CHUNKS,
            "{}",
            log.chunks.len()
        );
        assert_eq!(log.len(), 200);
        let order: Vec<i64> = log.iter().map(|f| f.data["n"].as_i64().unwrap()).collect();
        assert_eq!(order, (0..200).collect::<Vec<_>>());
        let newest: Vec<i64> = (log.iter().rev().take(2))
            .map(|f| f.data["n"].as_i64().unwrap())
            .collect();
        assert_eq!(newest, [199, 198]);
    }
}
