//! Finished JSON answers, kept per organisation for the second they were computed in.
//!
//! An OKR answer depends on the organisation's log (keyed by its last applied
//! sequence, so a new event is seen at once) and on "now" (expected progress moves with
//! time). Computed at whole seconds, every request of the same second for the same
//! organisation gets the same bytes: under load the arithmetic and the serialising —
//! most of the cost of a large organisation's answer — run once per second, not once
//! per request.

use std::collections::HashMap;
use std::sync::Mutex;

use axum::body::Bytes;
use chrono::{DateTime, Utc};

use crate::org_key::OrgKey;

/// Organisations whose answers are kept, per route.
const MAX_ORGS: usize = 4096;

/// The answers of one route.
#[derive(Debug, Default)]
pub struct Answers {
    entries: Mutex<HashMap<String, Answer>>,
}

#[derive(Debug)]
struct Answer {
    last_sequence: u64,
    second: i64,
    body: Bytes,
}

impl Answers {
    /// The answer for `key` computed at `now` (a whole second), if there is one.
    pub fn get(&self, key: &OrgKey, now: DateTime<Utc>) -> Option<Bytes> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let answer = entries.get(&key.org)?;
        (answer.last_sequence == key.last_sequence && answer.second == now.timestamp())
            .then(|| answer.body.clone())
    }

    /// Keeps `body` as the answer for `key` at `now`. The answers of earlier seconds
    /// are dropped first: they can no longer be served, and kept they held every
    /// organisation's last answer for ever, outside the cache budget.
    pub fn put(&self, key: &OrgKey, now: DateTime<Utc>, body: Bytes) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let second = now.timestamp();
        let newest = entries.values().next().map_or(second, |a| a.second);
        if second > newest || (entries.len() >= MAX_ORGS && !entries.contains_key(&key.org)) {
            entries.clear();
        }
        entries.insert(
            key.org.clone(),
            Answer {
                last_sequence: key.last_sequence,
                second,
                body,
            },
        );
    }
}

/// `now` without its fraction of a second.
pub fn whole_second(now: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(last_sequence: u64) -> OrgKey {
        OrgKey {
            org: "acme".to_owned(),
            last_sequence,
        }
    }

    #[test]
    fn an_answer_serves_its_second_and_sequence_only() {
        let answers = Answers::default();
        let t = DateTime::from_timestamp(1_780_000_000, 0).unwrap();
        answers.put(&key(7), t, Bytes::from_static(b"{}"));
        assert_eq!(answers.get(&key(7), t), Some(Bytes::from_static(b"{}")));
        // A new event, or the next second, needs a new answer.
        assert_eq!(answers.get(&key(8), t), None);
        assert_eq!(
            answers.get(&key(7), t + chrono::TimeDelta::seconds(1)),
            None
        );
    }

    #[test]
    fn an_answer_of_a_later_second_drops_the_earlier_ones() {
        let answers = Answers::default();
        let t = DateTime::from_timestamp(1_780_000_000, 0).unwrap();
        let other = OrgKey {
            org: "globex".to_owned(),
            last_sequence: 3,
        };
        answers.put(&key(7), t, Bytes::from_static(b"{}"));
        answers.put(&other, t, Bytes::from_static(b"[]"));
        assert_eq!(answers.entries.lock().unwrap().len(), 2);
        let later = t + chrono::TimeDelta::seconds(1);
        answers.put(&other, later, Bytes::from_static(b"[1]"));
        assert_eq!(answers.entries.lock().unwrap().len(), 1);
        assert_eq!(answers.get(&other, later), Some(Bytes::from_static(b"[1]")));
        assert_eq!(answers.get(&key(7), t), None);
    }

    #[test]
    fn whole_second_drops_the_fraction() {
        let t = DateTime::from_timestamp(1_780_000_000, 987_654_321).unwrap();
        assert_eq!(
            whole_second(t),
            DateTime::from_timestamp(1_780_000_000, 0).unwrap()
        );
    }
}
