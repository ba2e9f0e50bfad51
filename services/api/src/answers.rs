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
#[derive(Debug)]
pub struct Answers {
    entries: Mutex<Entries>,
    /// Most bytes of bodies kept at once.
    max_bytes: usize,
}

#[derive(Debug, Default)]
struct Entries {
    answers: HashMap<String, Answer>,
    /// The bodies' bytes.
    bytes: usize,
    /// The latest second an answer was kept for.
    second: i64,
}

impl Default for Answers {
    fn default() -> Answers {
        Answers::new(usize::MAX)
    }
}

#[derive(Debug)]
struct Answer {
    last_sequence: u64,
    second: i64,
    body: Bytes,
}

impl Answers {
    /// Answers keeping at most `max_bytes` of bodies at once: past it, the ones kept
    /// are dropped. A first pass over every organisation within one second otherwise
    /// holds all their answers at once (38 KB each at 5,000 events per organisation:
    /// 7.6 MB for the read bench's 200, and ten times as many organisations hold ten
    /// times as much).
    pub fn new(max_bytes: usize) -> Answers {
        Answers {
            entries: Mutex::default(),
            max_bytes,
        }
    }

    /// The answer for `key` computed at `now` (a whole second), if there is one.
    pub fn get(&self, key: &OrgKey, now: DateTime<Utc>) -> Option<Bytes> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let answer = entries.answers.get(&key.org)?;
        (answer.last_sequence == key.last_sequence && answer.second == now.timestamp())
            .then(|| answer.body.clone())
    }

    /// Keeps `body` as the answer for `key` at `now`. The answers of earlier seconds
    /// are dropped first: they can no longer be served, and kept they held every
    /// organisation's last answer for ever, outside the cache budget.
    pub fn put(&self, key: &OrgKey, now: DateTime<Utc>, body: Bytes) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let second = now.timestamp();
        let full = entries.bytes + body.len() > self.max_bytes
            || (entries.answers.len() >= MAX_ORGS && !entries.answers.contains_key(&key.org));
        if second > entries.second || full {
            *entries = Entries {
                second: second.max(entries.second),
                ..Entries::default()
            };
        }
        if body.len() > self.max_bytes {
            return;
        }
        entries.bytes += body.len();
        let answer = Answer {
            last_sequence: key.last_sequence,
            second,
            body,
        };
        if let Some(old) = entries.answers.insert(key.org.clone(), answer) {
            entries.bytes -= old.body.len();
        }
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
        assert_eq!(answers.entries.lock().unwrap().answers.len(), 2);
        let later = t + chrono::TimeDelta::seconds(1);
        answers.put(&other, later, Bytes::from_static(b"[1]"));
        assert_eq!(answers.entries.lock().unwrap().answers.len(), 1);
        assert_eq!(answers.get(&other, later), Some(Bytes::from_static(b"[1]")));
        assert_eq!(answers.get(&key(7), t), None);
    }

    #[test]
    fn the_bodies_kept_stay_under_the_byte_limit() {
        let answers = Answers::new(10);
        let t = DateTime::from_timestamp(1_780_000_000, 0).unwrap();
        let org = |n: u64| OrgKey {
            org: format!("org{n}"),
            last_sequence: n,
        };
        for n in 0..5 {
            answers.put(&org(n), t, Bytes::from_static(b"1234"));
            assert!(answers.entries.lock().unwrap().bytes <= 10);
        }
        // The last put is kept; one larger than the limit is answered but not kept.
        assert_eq!(answers.get(&org(4), t), Some(Bytes::from_static(b"1234")));
        answers.put(&org(9), t, Bytes::from_static(b"12345678901"));
        assert_eq!(answers.get(&org(9), t), None);
        // Replacing an answer counts its bytes once.
        let answers = Answers::new(10);
        for _ in 0..10 {
            answers.put(&org(1), t, Bytes::from_static(b"1234"));
        }
        assert_eq!(answers.entries.lock().unwrap().bytes, 4);
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
