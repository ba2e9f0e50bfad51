//! Who recorded an event: set by ingest from the authenticated caller, never taken from
//! a request body, and stored with the event on the log. Events stored before govtrack
//! knew its callers have none, and every reader accepts that.
//!
//! ```json
//! {"kind": "user", "id": "7d1c…-oid", "name": "ada@contoso.com"}
//! ```

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The kind of caller that recorded an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RecorderKind {
    /// A person signed in with the identity provider (id: their object id).
    User,
    /// An application with a token of its own, no person behind it (id: its app id).
    App,
    /// A token of the tokens file (id: the token's name).
    Token,
    /// A webhook sender (id: `azure-devops`, `github`, `dataverse`).
    Hook,
    /// The local user of a loopback service without authentication (`govtrack up --demo`).
    Local,
    /// A request over NATS (id: the request subject); NATS's own credentials decided who
    /// may send it.
    Nats,
    /// govtrack itself: the scheduler's findings and its inventory collector.
    Service,
}

impl RecorderKind {
    /// The kind as it is written on the log.
    pub fn as_str(self) -> &'static str {
        match self {
            RecorderKind::User => "user",
            RecorderKind::App => "app",
            RecorderKind::Token => "token",
            RecorderKind::Hook => "hook",
            RecorderKind::Local => "local",
            RecorderKind::Nats => "nats",
            RecorderKind::Service => "service",
        }
    }
}

/// Who recorded an event.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub struct RecordedBy {
    /// What kind of caller it was.
    pub kind: RecorderKind,
    /// Its stable id: an object id, an app id, a token's name, a sender, a subject.
    pub id: String,
    /// A name for people to read (a user name), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl RecordedBy {
    fn new(kind: RecorderKind, id: impl Into<String>, name: Option<String>) -> RecordedBy {
        RecordedBy {
            kind,
            id: id.into(),
            name,
        }
    }

    /// A signed-in person: their object id, with their user name.
    pub fn user(oid: impl Into<String>, user_name: Option<String>) -> RecordedBy {
        Self::new(RecorderKind::User, oid, user_name)
    }

    /// An application acting on its own.
    pub fn app(app_id: impl Into<String>, name: Option<String>) -> RecordedBy {
        Self::new(RecorderKind::App, app_id, name)
    }

    /// A token of the tokens file, by its name.
    pub fn token(name: impl Into<String>) -> RecordedBy {
        Self::new(RecorderKind::Token, name, None)
    }

    /// A webhook sender.
    pub fn hook(sender: impl Into<String>) -> RecordedBy {
        Self::new(RecorderKind::Hook, sender, None)
    }

    /// The local user of an unauthenticated loopback service.
    pub fn local() -> RecordedBy {
        Self::new(RecorderKind::Local, "local", Some("local user".to_owned()))
    }

    /// A NATS request on `subject`.
    pub fn nats(subject: impl Into<String>) -> RecordedBy {
        Self::new(RecorderKind::Nats, subject, None)
    }

    /// A part of govtrack itself.
    pub fn service(name: impl Into<String>) -> RecordedBy {
        Self::new(RecorderKind::Service, name, None)
    }

    /// The name to show people: the name when there is one, else the id.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
}

impl fmt::Display for RecordedBy {
    /// `user "ada@contoso.com"`, `token "hr-sync"`, `the local user`: how a message
    /// names a caller.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            RecorderKind::Local => f.write_str("the local user"),
            kind => write!(f, "{} {:?}", kind.as_str(), self.display_name()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_json_form_is_kind_id_and_name_when_there_is_one() {
        let user = RecordedBy::user("oid-1", Some("ada@contoso.com".into()));
        assert_eq!(
            serde_json::to_value(&user).unwrap(),
            serde_json::json!({"kind": "user", "id": "oid-1", "name": "ada@contoso.com"})
        );
        let token = RecordedBy::token("hr-sync");
        assert_eq!(
            serde_json::to_string(&token).unwrap(),
            r#"{"kind":"token","id":"hr-sync"}"#
        );
        let back: RecordedBy = serde_json::from_str(r#"{"kind":"token","id":"hr-sync"}"#).unwrap();
        assert_eq!(back, token);
    }

    #[test]
    fn messages_name_the_kind_and_the_name_or_else_the_id() {
        let ada = RecordedBy::user("oid-1", Some("ada@contoso.com".into()));
        assert_eq!(ada.to_string(), r#"user "ada@contoso.com""#);
        assert_eq!(ada.display_name(), "ada@contoso.com");
        assert_eq!(RecordedBy::hook("github").to_string(), r#"hook "github""#);
        assert_eq!(RecordedBy::local().to_string(), "the local user");
    }

    #[test]
    fn an_unknown_kind_is_not_a_recorder() {
        assert!(serde_json::from_str::<RecordedBy>(r#"{"kind":"robot","id":"x"}"#).is_err());
    }
}
