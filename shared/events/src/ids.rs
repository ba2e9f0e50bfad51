//! Validated identifiers: organisations, entities and event ids.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Why an identifier was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct IdError(String);

const ID_RULE: &str = "must match [a-z0-9][a-z0-9_-]{0,62} (lower-case letters, digits, '_' and '-', at most 63 characters)";

fn check_slug(s: &str) -> Result<(), IdError> {
    let mut bytes = s.bytes();
    let first_ok = bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    let rest_ok =
        bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    if first_ok && rest_ok && s.len() <= 63 {
        Ok(())
    } else {
        Err(IdError(format!("invalid id {s:?}: {ID_RULE}")))
    }
}

macro_rules! slug_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
        #[serde(try_from = "String", into = "String")]
        #[schemars(with = "String", extend("pattern" = "^[a-z0-9][a-z0-9_-]{0,62}$"))]
        pub struct $name(String);

        impl $name {
            /// Parses and checks the charset `[a-z0-9][a-z0-9_-]{0,62}`.
            pub fn parse(s: &str) -> Result<Self, IdError> {
                check_slug(s)?;
                Ok(Self(s.to_owned()))
            }

            /// Checks `s` as [`Self::parse`] does, without keeping a copy.
            pub fn check(s: &str) -> Result<(), IdError> {
                check_slug(s)
            }

            /// The identifier as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(s: String) -> Result<Self, IdError> {
                check_slug(&s)?;
                Ok(Self(s))
            }
        }
        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.0
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

slug_newtype!(
    /// An organisation id, e.g. `contoso`.
    Org
);
slug_newtype!(
    /// The id of an entity (sponsor, policy, objective, key result, initiative, …).
    EntityId
);

/// An event id: the client's idempotency key (`Nats-Msg-Id` on the log).
///
/// 1–128 characters from `[A-Za-z0-9._:-]`; generated as a ULID when absent.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(try_from = "String", into = "String")]
#[schemars(with = "String")]
pub struct EventId(String);

impl EventId {
    /// Parses a client-chosen id.
    pub fn parse(s: &str) -> Result<Self, IdError> {
        Self::check(s)?;
        Ok(Self(s.to_owned()))
    }

    /// Checks `s` as [`EventId::parse`] does, without keeping a copy.
    pub fn check(s: &str) -> Result<(), IdError> {
        let ok_byte = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-');
        if !s.is_empty() && s.len() <= 128 && s.bytes().all(ok_byte) {
            Ok(())
        } else {
            Err(IdError(format!(
                "invalid event id {s:?}: 1-128 characters from A-Z a-z 0-9 . _ : -"
            )))
        }
    }
    /// A fresh, time-ordered id (ULID) for an event whose sender gave none.
    pub fn generate() -> Self {
        Self(ulid::Ulid::new().to_string())
    }
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for EventId {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, IdError> {
        Self::parse(&s)
    }
}
impl From<EventId> for String {
    fn from(v: EventId) -> String {
        v.0
    }
}
impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_ids_follow_the_charset() {
        assert!(Org::parse("contoso").is_ok());
        assert!(Org::parse("a-b_c9").is_ok());
        assert!(Org::parse("-lead").is_err());
        assert!(Org::parse("Contoso").is_err());
        assert!(Org::parse("").is_err());
        assert!(Org::parse(&"a".repeat(64)).is_err());
        assert!(Org::parse(&"a".repeat(63)).is_ok());
    }

    #[test]
    fn event_ids_refuse_spaces_and_overlong_values() {
        assert!(EventId::parse("01JDV5K3Q8:import-7").is_ok());
        assert!(EventId::parse("has space").is_err());
        assert!(EventId::parse(&"x".repeat(129)).is_err());
        assert_eq!(EventId::generate().as_str().len(), 26);
    }
}
