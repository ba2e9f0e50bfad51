//! The `csrf` field of a record form: a MAC, under the api's form key, of who the form
//! was rendered for, the organisation, the event type, the form's one-time `id` and
//! when it was rendered. A page of another site cannot read the form, so it cannot
//! post a valid one in the reader's name; a form is good for [`MAX_AGE_SECS`].

use govtrack_events::RecordedBy;
use hmac::{Hmac, Mac};
use sha2::Sha256;

type Signer = Hmac<Sha256>;

/// How long a rendered form may be sent: a working day, and the evening after.
pub const MAX_AGE_SECS: i64 = 16 * 3600;

/// Forms rendered "in the future" of this clock by more than this are not accepted.
const SKEW_SECS: i64 = 300;

/// Bytes of key.
const KEY_BYTES: usize = 32;

/// The key that signs record forms.
#[derive(Clone)]
pub struct FormKey([u8; KEY_BYTES]);

impl std::fmt::Debug for FormKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FormKey(…)")
    }
}

/// What a form is for: its caller, organisation, type and one-time id.
#[derive(Debug, Clone, Copy)]
pub struct FormFor<'a> {
    pub by: &'a RecordedBy,
    pub org: &'a str,
    pub event_type: &'a str,
    pub id: &'a str,
}

/// Why a form's `csrf` is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsrfError {
    #[error("the form has no csrf field: record from the form on the dashboard")]
    Missing,
    #[error(
        "the form's csrf field does not match this form: record from the form on the dashboard"
    )]
    Forged,
    #[error("the form is older than 16 hours: open it again and record from the new one")]
    Expired,
}

impl FormKey {
    /// A key of the operating system's random bytes (without sign-in): forms rendered
    /// before the api restarts are refused after it.
    pub fn random() -> FormKey {
        let mut key = [0u8; KEY_BYTES];
        getrandom::fill(&mut key).expect("the operating system gives random bytes");
        FormKey(key)
    }

    /// A key derived from `secret` (the session key): every api given the same secret
    /// accepts the others' forms, also after a restart.
    pub fn derived_from(secret: &[u8]) -> FormKey {
        let mut mac = Signer::new_from_slice(secret).expect("HMAC takes keys of any length");
        mac.update(b"govtrack record forms v1");
        FormKey(mac.finalize().into_bytes().into())
    }

    /// The `csrf` value of a form rendered at `now` (unix seconds).
    pub fn issue(&self, form: FormFor<'_>, now: i64) -> String {
        let mac = self.mac(form, now).finalize().into_bytes();
        format!("{now}.{}", hex::encode(mac))
    }

    /// Checks a form's `csrf` value at `now`.
    pub fn check(&self, token: Option<&str>, form: FormFor<'_>, now: i64) -> Result<(), CsrfError> {
        let token = token.filter(|t| !t.is_empty()).ok_or(CsrfError::Missing)?;
        let (issued, mac) = token.split_once('.').ok_or(CsrfError::Forged)?;
        let issued: i64 = issued.parse().map_err(|_| CsrfError::Forged)?;
        let mac = hex::decode(mac).map_err(|_| CsrfError::Forged)?;
        (self.mac(form, issued).verify_slice(&mac)).map_err(|_| CsrfError::Forged)?;
        if issued > now + SKEW_SECS || now - issued > MAX_AGE_SECS {
            return Err(CsrfError::Expired);
        }
        Ok(())
    }

    fn mac(&self, form: FormFor<'_>, issued: i64) -> Signer {
        let mut mac = Signer::new_from_slice(&self.0).expect("HMAC takes keys of any length");
        let issued = issued.to_string();
        let parts = [
            form.by.kind.as_str(),
            &form.by.id,
            form.org,
            form.event_type,
            form.id,
            &issued,
        ];
        for part in parts {
            // Length-prefixed, so that no two different forms read as the same bytes.
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part.as_bytes());
        }
        mac
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form<'a>(by: &'a RecordedBy, id: &'a str) -> FormFor<'a> {
        FormFor {
            by,
            org: "contoso",
            event_type: "training.held",
            id,
        }
    }

    #[test]
    fn a_form_is_accepted_for_what_it_was_rendered_for_and_nothing_else() {
        let key = FormKey::random();
        let ada = RecordedBy::user("oid-ada", Some("ada".into()));
        let token = key.issue(form(&ada, "01J"), 1_000);
        assert_eq!(key.check(Some(&token), form(&ada, "01J"), 1_060), Ok(()));
        let eve = RecordedBy::user("oid-eve", None);
        assert_eq!(
            key.check(Some(&token), form(&eve, "01J"), 1_060),
            Err(CsrfError::Forged)
        );
        assert_eq!(
            key.check(Some(&token), form(&ada, "01K"), 1_060),
            Err(CsrfError::Forged)
        );
        let other = FormFor {
            org: "fabrikam",
            ..form(&ada, "01J")
        };
        assert_eq!(
            key.check(Some(&token), other, 1_060),
            Err(CsrfError::Forged)
        );
        assert_eq!(
            FormKey::random().check(Some(&token), form(&ada, "01J"), 1_060),
            Err(CsrfError::Forged),
            "another key"
        );
    }

    #[test]
    fn a_missing_malformed_or_old_token_is_refused_by_name() {
        let key = FormKey::random();
        let local = RecordedBy::local();
        assert_eq!(
            key.check(None, form(&local, "1"), 0),
            Err(CsrfError::Missing)
        );
        assert_eq!(
            key.check(Some(""), form(&local, "1"), 0),
            Err(CsrfError::Missing)
        );
        assert_eq!(
            key.check(Some("x.y"), form(&local, "1"), 0),
            Err(CsrfError::Forged)
        );
        let token = key.issue(form(&local, "1"), 1_000);
        let late = 1_000 + MAX_AGE_SECS + 1;
        assert_eq!(
            key.check(Some(&token), form(&local, "1"), late),
            Err(CsrfError::Expired)
        );
        let moved = token.replacen("1000.", "9000.", 1);
        assert_eq!(
            key.check(Some(&moved), form(&local, "1"), 9_000),
            Err(CsrfError::Forged)
        );
        assert_eq!(key.check(Some(&token), form(&local, "1"), 1_001), Ok(()));
        let shared = FormKey::derived_from(b"the session key");
        let token = shared.issue(form(&local, "1"), 1_000);
        let restarted = FormKey::derived_from(b"the session key");
        assert_eq!(
            restarted.check(Some(&token), form(&local, "1"), 1_001),
            Ok(())
        );
        let other = FormKey::derived_from(b"another session key");
        assert_eq!(
            other.check(Some(&token), form(&local, "1"), 1_001),
            Err(CsrfError::Forged)
        );
    }
}
