//! Who an alert is: (org, kind, entity), and its fingerprint.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The identity of an alert.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AlertKey {
    /// Organisation.
    pub org: String,
    /// `initiative_stalled` or `key_result_overdue`.
    pub kind: String,
    /// The initiative or key result.
    pub entity: String,
}

/// A stable 16-hex-digit fingerprint of an alert's identity.
pub fn fingerprint(key: &AlertKey) -> String {
    let mut hash = Sha256::new();
    for part in [&key.org, &key.kind, &key.entity] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    hex::encode(&hash.finalize()[..8])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_separate_the_parts() {
        let a = AlertKey {
            org: "a".into(),
            kind: "bc".into(),
            entity: "d".into(),
        };
        let b = AlertKey {
            org: "ab".into(),
            kind: "c".into(),
            entity: "d".into(),
        };
        assert_ne!(fingerprint(&a), fingerprint(&b));
        assert_eq!(fingerprint(&a).len(), 16);
    }
}
