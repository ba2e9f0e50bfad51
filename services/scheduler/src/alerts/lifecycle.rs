//! Deciding notifications: given what fires now (from the projection), what was stored
//! about each alert, the silences and `now`, which alert states change and which
//! notifications go out. Pure.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};

use crate::alerts::identity::{AlertKey, fingerprint};
use crate::alerts::notification::{Notice, NoticeStatus, Notification, Reason};
use crate::alerts::timing::Timing;
use crate::store::scan::SilenceRow;
use crate::store::{at, ms};

/// An alert firing according to the projection.
#[derive(Debug, Clone, PartialEq)]
pub struct Firing {
    /// Identity.
    pub key: AlertKey,
    /// One line for people.
    pub summary: String,
    /// Labels.
    pub labels: BTreeMap<String, String>,
    /// Since when.
    pub since: DateTime<Utc>,
}

/// What the scheduler remembers about an alert (its current episode).
#[derive(Debug, Clone, PartialEq)]
pub struct AlertState {
    /// Fingerprint of `key`.
    pub fingerprint: String,
    /// Identity.
    pub key: AlertKey,
    /// One line for people.
    pub summary: String,
    /// Labels.
    pub labels: BTreeMap<String, String>,
    /// Episode start (the alert's `since`), ms.
    pub starts_ms: i64,
    /// When the scheduler first saw it firing, ms.
    pub first_seen_ms: i64,
    /// When it was resolved, ms.
    pub ends_ms: Option<i64>,
    /// Last firing notification or reminder, ms.
    pub last_notified_ms: Option<i64>,
    /// Reminders sent.
    pub reminders: u32,
    /// Whether its resolution was told (or needs no telling).
    pub resolved_notified: bool,
}

impl AlertState {
    fn notice(&self, status: NoticeStatus) -> Notice {
        Notice {
            status,
            fingerprint: self.fingerprint.clone(),
            org: self.key.org.clone(),
            kind: self.key.kind.clone(),
            entity: self.key.entity.clone(),
            summary: self.summary.clone(),
            since: at(self.starts_ms),
            ends_at: self.ends_ms.map(at),
            labels: self.labels.clone(),
        }
    }
}

/// The decision of one evaluation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    /// Alert states to store (changed ones only).
    pub states: Vec<AlertState>,
    /// Notifications to log and deliver.
    pub notifications: Vec<Notification>,
}

/// Evaluates the alerts at `now`.
pub fn plan(
    firing: Vec<Firing>,
    stored: Vec<AlertState>,
    silences: &[SilenceRow],
    timing: Timing,
    now: DateTime<Utc>,
) -> Plan {
    let now_ms = ms(now);
    let mut states: HashMap<String, (AlertState, bool)> = stored
        .into_iter()
        .map(|s| (s.fingerprint.clone(), (s, false)))
        .collect();
    let mut seen = std::collections::HashSet::new();
    for f in firing {
        let fp = fingerprint(&f.key);
        seen.insert(fp.clone());
        let since = ms(f.since);
        match states.get_mut(&fp) {
            Some((s, changed)) if s.ends_ms.is_none() && s.starts_ms == since => {
                if s.summary != f.summary || s.labels != f.labels {
                    (s.summary, s.labels, *changed) = (f.summary, f.labels, true);
                }
            }
            _ => {
                let state = AlertState {
                    fingerprint: fp.clone(),
                    key: f.key,
                    summary: f.summary,
                    labels: f.labels,
                    starts_ms: since,
                    first_seen_ms: now_ms,
                    ends_ms: None,
                    last_notified_ms: None,
                    reminders: 0,
                    resolved_notified: false,
                };
                states.insert(fp, (state, true));
            }
        }
    }
    for (fp, (s, changed)) in states.iter_mut() {
        if s.ends_ms.is_none() && !seen.contains(fp) {
            s.ends_ms = Some(now_ms);
            *changed = true;
        }
    }
    let mut by_org: BTreeMap<String, Vec<&mut (AlertState, bool)>> = BTreeMap::new();
    for entry in states.values_mut() {
        by_org
            .entry(entry.0.key.org.clone())
            .or_default()
            .push(entry);
    }
    let mut notifications = Vec::new();
    for (org, mut group) in by_org {
        group.sort_by(|a, b| a.0.fingerprint.cmp(&b.0.fingerprint));
        if let Some(n) = decide_group(&org, &mut group, silences, timing, now) {
            notifications.push(n);
        }
    }
    let mut states: Vec<AlertState> = states
        .into_values()
        .filter_map(|(s, changed)| changed.then_some(s))
        .collect();
    states.sort_by(|a, b| a.fingerprint.cmp(&b.fingerprint));
    Plan {
        states,
        notifications,
    }
}

/// One organisation's notification, if anything is due.
fn decide_group(
    org: &str,
    group: &mut [&mut (AlertState, bool)],
    silences: &[SilenceRow],
    timing: Timing,
    now: DateTime<Utc>,
) -> Option<Notification> {
    let now_ms = ms(now);
    let muted = |s: &AlertState| silenced(&s.key, silences, now_ms);
    let wait = timing.group_wait.num_milliseconds();
    let group_ready = group.iter().any(|(s, _)| {
        s.ends_ms.is_none()
            && s.last_notified_ms.is_none()
            && !muted(s)
            && now_ms >= s.first_seen_ms + wait
    });
    let mut notices = Vec::new();
    let (mut new, mut reminder) = (false, false);
    for entry in group.iter_mut() {
        let (s, changed) = &mut **entry;
        match (s.ends_ms, s.last_notified_ms) {
            (None, _) if muted(s) => {}
            (None, None) if group_ready => {
                notices.push(s.notice(NoticeStatus::Firing));
                (s.last_notified_ms, *changed, new) = (Some(now_ms), true, true);
            }
            (None, Some(last)) if now_ms >= last + timing.repeat_interval.num_milliseconds() => {
                notices.push(s.notice(NoticeStatus::Firing));
                (s.last_notified_ms, *changed, reminder) = (Some(now_ms), true, true);
                s.reminders += 1;
            }
            (Some(_), last) if !s.resolved_notified => {
                if last.is_some() && !muted(s) {
                    notices.push(s.notice(NoticeStatus::Resolved));
                }
                (s.resolved_notified, *changed) = (true, true);
            }
            _ => {}
        }
    }
    if notices.is_empty() {
        return None;
    }
    let reason = match (new, reminder) {
        (true, _) => Reason::Firing,
        (false, true) => Reason::Reminder,
        _ => Reason::Resolved,
    };
    Some(Notification::new(org, reason, now, notices, None))
}

/// Whether an active silence matches the alert at `now_ms`.
pub fn silenced(key: &AlertKey, silences: &[SilenceRow], now_ms: i64) -> bool {
    silences.iter().any(|s| {
        s.is_active(now_ms)
            && s.match_org == key.org
            && s.match_kind.as_ref().is_none_or(|k| *k == key.kind)
            && s.match_entity.as_ref().is_none_or(|e| *e == key.entity)
    })
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;

    use super::*;

    fn t(h: i64) -> DateTime<Utc> {
        "2026-03-01T00:00:00Z".parse::<DateTime<Utc>>().unwrap() + TimeDelta::hours(h)
    }

    fn firing(entity: &str) -> Firing {
        Firing {
            key: AlertKey {
                org: "contoso".into(),
                kind: "initiative_stalled".into(),
                entity: entity.into(),
            },
            summary: "s".into(),
            labels: BTreeMap::new(),
            since: t(0),
        }
    }

    fn timing() -> Timing {
        Timing {
            group_wait: TimeDelta::zero(),
            ..Timing::default()
        }
    }

    /// Runs evaluations in sequence, feeding the stored states forward.
    fn run(steps: &[(i64, Vec<Firing>)], silences: &[SilenceRow]) -> Vec<Option<Reason>> {
        let mut stored: HashMap<String, AlertState> = HashMap::new();
        steps
            .iter()
            .map(|(h, firing)| {
                let p = plan(
                    firing.clone(),
                    stored.values().cloned().collect(),
                    silences,
                    timing(),
                    t(*h),
                );
                for s in p.states {
                    stored.insert(s.fingerprint.clone(), s);
                }
                assert!(p.notifications.len() <= 1);
                p.notifications.first().map(|n| n.reason)
            })
            .collect()
    }

    #[test]
    fn fires_once_reminds_at_the_repeat_interval_then_resolves() {
        let f = || vec![firing("a")];
        let got = run(
            &[
                (1, f()),
                (2, f()),
                (24, f()),
                (25, f()),
                (26, vec![]),
                (27, vec![]),
            ],
            &[],
        );
        use Reason::*;
        assert_eq!(
            got,
            vec![
                Some(Firing),
                None,
                None,
                Some(Reminder),
                Some(Resolved),
                None
            ]
        );
    }

    #[test]
    fn alerts_of_one_org_are_grouped() {
        let p = plan(vec![firing("a"), firing("b")], vec![], &[], timing(), t(1));
        assert_eq!(p.notifications.len(), 1);
        assert_eq!(p.notifications[0].alerts.len(), 2);
    }

    #[test]
    fn group_wait_holds_the_first_notification() {
        let timing = Timing {
            group_wait: TimeDelta::seconds(30),
            ..Timing::default()
        };
        let p = plan(vec![firing("a")], vec![], &[], timing, t(1));
        assert!(p.notifications.is_empty());
        let later = t(1) + TimeDelta::seconds(30);
        let p = plan(vec![firing("a")], p.states, &[], timing, later);
        assert_eq!(p.notifications.len(), 1);
    }

    #[test]
    fn a_silence_mutes_until_it_expires() {
        let silence = SilenceRow {
            org: "contoso".into(),
            silence: "s".into(),
            match_org: "contoso".into(),
            match_kind: None,
            match_entity: Some("a".into()),
            owner: "o".into(),
            reason: "r".into(),
            created_ms: ms(t(0)),
            expires_ms: ms(t(5)),
            expired_ms: None,
        };
        let f = || vec![firing("a")];
        let got = run(&[(1, f()), (4, f()), (5, f())], &[silence]);
        assert_eq!(got, vec![None, None, Some(Reason::Firing)]);
    }
}
