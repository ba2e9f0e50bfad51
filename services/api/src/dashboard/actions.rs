//! The links that act where the reader is: "Record" next to a missing requirement,
//! "Record a measurement" on a key result, "Check in" on an initiative, "Silence" on an
//! alert, "Expect every…" on a feed. Each opens the record form of its event type with
//! the fields that say what it is about filled in. A reader sees only the links of the
//! records they may make (a viewer none, an admin also silences and feed cadences),
//! and only on today's page.

use chrono::{DateTime, Utc};
use govtrack_auth::Caller;
use govtrack_events::{EventType, RecorderKind};
use maud::{Markup, html};

/// How long a silence made from an alert mutes it unless the admin says otherwise.
const SILENCE_DURATION: &str = "7d";

/// What the reader of one organisation's page may record there.
#[derive(Debug, Clone)]
pub struct Actions {
    org: String,
    /// `None`: nothing (a past view, a rendering without a reader).
    caller: Option<Caller>,
    now: DateTime<Utc>,
}

impl Actions {
    /// No links at all.
    pub fn none() -> Actions {
        Actions {
            org: String::new(),
            caller: None,
            now: DateTime::UNIX_EPOCH,
        }
    }

    /// The links `caller` may follow on the page of `org` (none on a `past` view).
    pub fn for_caller(caller: &Caller, org: &str, now: DateTime<Utc>, past: bool) -> Actions {
        Actions {
            org: org.to_owned(),
            caller: (!past).then(|| caller.clone()),
            now,
        }
    }

    /// The address of the form of `event_type` with `prefill`, when the reader may
    /// record it.
    pub fn href(&self, event_type: EventType, prefill: &[(&str, String)]) -> Option<String> {
        let caller = self.caller.as_ref()?;
        if !caller.may_record(&self.org, event_type) {
            return None;
        }
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (name, value) in prefill {
            query.append_pair(name, value);
        }
        let query = query.finish();
        let path = format!("/orgs/{}/record/{}", self.org, event_type.name());
        Some(if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        })
    }

    /// A link with its words and, for screen readers, what it is about.
    pub fn link(
        &self,
        event_type: EventType,
        prefill: &[(&str, String)],
        text: &str,
        about: &str,
    ) -> Markup {
        html! {
            @if let Some(href) = self.href(event_type, prefill) {
                a .act href=(href) { (text) span .sr { " — " (about) } }
            }
        }
    }

    /// The prefill of a silence of `(kind, entity)`: its id, what it mutes, who asks
    /// (the signed-in person) and a week's time.
    pub fn silence_prefill(&self, kind: &str, entity: &str) -> Vec<(&'static str, String)> {
        let id: String = format!("{entity}-{}", self.now.format("%Y%m%d"))
            .chars()
            .take(63)
            .collect();
        let mut prefill = vec![
            ("silence", id),
            ("matchers.kind", kind.to_owned()),
            ("matchers.entity", entity.to_owned()),
            (govtrack_forms::DURATION, SILENCE_DURATION.to_owned()),
        ];
        let person = self
            .caller
            .as_ref()
            .filter(|c| c.recorded_by().kind != RecorderKind::Local);
        if let Some(caller) = person {
            prefill.push(("owner", caller.name().to_owned()));
        }
        prefill
    }
}

#[cfg(test)]
mod tests {
    use govtrack_auth::{OrgPattern, Role};
    use govtrack_events::RecordedBy;

    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-03-01T12:30:00Z".parse().unwrap()
    }

    fn person(role: Role) -> Caller {
        Caller::with_roles(
            RecordedBy::user("oid", Some("ada@contoso.com".into())),
            vec![(OrgPattern::One("contoso".into()), role)],
        )
    }

    #[test]
    fn an_editor_gets_record_links_and_only_an_admin_gets_silences() {
        let editor = Actions::for_caller(&person(Role::Editor), "contoso", now(), false);
        let check_in = editor.href(
            EventType::InitiativeProgressed,
            &[("initiative", "dlp rollout".into())],
        );
        assert_eq!(
            check_in.as_deref(),
            Some("/orgs/contoso/record/initiative.progressed?initiative=dlp+rollout")
        );
        assert_eq!(editor.href(EventType::SilenceCreated, &[]), None);
        let admin = Actions::for_caller(&person(Role::Admin), "contoso", now(), false);
        assert!(admin.href(EventType::SilenceCreated, &[]).is_some());
        let viewer = Actions::for_caller(&person(Role::Viewer), "contoso", now(), false);
        assert_eq!(viewer.href(EventType::TrainingHeld, &[]), None);
        let past = Actions::for_caller(&Caller::local(), "contoso", now(), true);
        assert_eq!(past.href(EventType::TrainingHeld, &[]), None);
        assert_eq!(Actions::none().href(EventType::TrainingHeld, &[]), None);
    }

    #[test]
    fn a_silence_from_an_alert_mutes_it_for_a_week_in_the_name_of_the_person() {
        let admin = Actions::for_caller(&person(Role::Admin), "contoso", now(), false);
        let prefill = admin.silence_prefill("initiative_stalled", "dlp-rollout");
        let get = |n: &str| {
            prefill
                .iter()
                .find(|(k, _)| *k == n)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("silence"), Some("dlp-rollout-20260301"));
        assert_eq!(get("matchers.entity"), Some("dlp-rollout"));
        assert_eq!(get("duration"), Some("7d"));
        assert_eq!(get("owner"), Some("ada@contoso.com"));
        let local = Actions::for_caller(&Caller::local(), "contoso", now(), false);
        assert!(
            local
                .silence_prefill("k", "e")
                .iter()
                .all(|(k, _)| *k != "owner")
        );
    }
}
