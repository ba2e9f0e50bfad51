//! Who may record what (DOMAIN.md, "Roles"): whoever may emit for an organisation (an
//! editor, a token with an `emit:` scope, the local user without authentication)
//! records its trainings, reviews, check-ins and measurements; silences and feed
//! cadences are an admin's.

use govtrack_auth::Caller;
use govtrack_events::EventType;

/// The types that only an admin of the organisation records.
pub const ADMINISTRATIVE: [EventType; 3] = [
    EventType::SilenceCreated,
    EventType::SilenceExpired,
    EventType::SourceExpected,
];

/// May `caller` record events of `event_type` for `org`?
pub fn may_record(caller: &Caller, org: &str, event_type: EventType) -> bool {
    if ADMINISTRATIVE.contains(&event_type) {
        caller.may_administer(org)
    } else {
        caller.may_emit(org)
    }
}

#[cfg(test)]
mod tests {
    use govtrack_auth::{OrgPattern, Role};
    use govtrack_events::RecordedBy;

    use super::*;

    #[test]
    fn an_editor_records_and_only_an_admin_silences() {
        let editor = Caller::with_roles(
            RecordedBy::user("oid", None),
            vec![(OrgPattern::One("contoso".into()), Role::Editor)],
        );
        assert!(may_record(&editor, "contoso", EventType::TrainingHeld));
        assert!(!may_record(&editor, "contoso", EventType::SilenceCreated));
        assert!(!may_record(&editor, "fabrikam", EventType::TrainingHeld));
        let viewer = Caller::with_roles(
            RecordedBy::user("v", None),
            vec![(OrgPattern::Any, Role::Viewer)],
        );
        assert!(!may_record(&viewer, "contoso", EventType::TrainingHeld));
        assert!(may_record(
            &Caller::local(),
            "contoso",
            EventType::SourceExpected
        ));
    }
}
