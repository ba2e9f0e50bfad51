//! Deterministic event ids for a template's events.
//!
//! An id is `tpl:<template>:<org>:<kind>:<item>`, e.g.
//! `tpl:leadership-buy-in:contoso:obj:drive-improvement`. The parts are slugs
//! (`[a-z0-9][a-z0-9_-]*`), which never hold `:`, so two different tuples never give
//! the same id. Event ids allow at most 128 characters; a longer one keeps its first
//! characters and ends in `.` and 16 hex digits of the SHA-256 of the whole id, which
//! keeps it deterministic and, in practice, unique.

use sha2::{Digest, Sha256};

/// The longest event id the log accepts (see `govtrack_events::EventId`).
const MAX_LEN: usize = 128;

/// Hex digits of the digest kept in a shortened id.
const DIGEST_HEX: usize = 16;

/// The id of the event that creates `item` (of `kind`: `obj`, `kr`, `init`) when
/// `template` is applied to `org`.
pub fn event_id(template: &str, org: &str, kind: &str, item: &str) -> String {
    let full = format!("tpl:{template}:{org}:{kind}:{item}");
    if full.len() <= MAX_LEN {
        return full;
    }
    let digest = hex::encode(Sha256::digest(full.as_bytes()));
    let keep = MAX_LEN - DIGEST_HEX - 1;
    // Slugs are ASCII, so any byte index is a character boundary.
    format!("{}.{}", &full[..keep], &digest[..DIGEST_HEX])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_name_template_org_kind_and_item() {
        assert_eq!(
            event_id("leadership-buy-in", "contoso", "obj", "drive-improvement"),
            "tpl:leadership-buy-in:contoso:obj:drive-improvement"
        );
    }

    #[test]
    fn overlong_ids_are_shortened_deterministically_and_stay_distinct() {
        let long = "o".repeat(63);
        let a = event_id(&long, &long, "init", &"a".repeat(63));
        let b = event_id(&long, &long, "init", &format!("{}b", "a".repeat(62)));
        assert_eq!(a.len(), MAX_LEN);
        assert_eq!(a, event_id(&long, &long, "init", &"a".repeat(63)));
        assert_ne!(a, b);
        assert!(govtrack_events::EventId::check(&a).is_ok());
    }
}
