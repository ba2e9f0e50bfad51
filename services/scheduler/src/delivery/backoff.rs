//! When to try again: exponential back-off with jitter derived from a hash (so it is
//! deterministic for a given delivery and attempt). An endpoint's `Retry-After` is read
//! by [`crate::retry_after`].

use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::delivery::settings::DeliverySettings;

/// Delay after failed attempt number `attempt` (1-based): `base × 2^(attempt−1)`, capped
/// at `max`, then scaled into [50 %, 100 %] by a jitter seeded with `seed`.
pub fn delay(settings: &DeliverySettings, attempt: u32, seed: &str) -> Duration {
    let exp = attempt.saturating_sub(1).min(30);
    let raw = settings
        .base_backoff
        .saturating_mul(1u32 << exp)
        .min(settings.max_backoff);
    let mut hash = Sha256::new();
    hash.update(seed.as_bytes());
    hash.update(attempt.to_be_bytes());
    let bytes = hash.finalize();
    let unit = f64::from(u16::from_be_bytes([bytes[0], bytes[1]])) / f64::from(u16::MAX);
    raw.mul_f64(0.5 + 0.5 * unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_up_to_the_cap_with_bounded_jitter() {
        let s = DeliverySettings::default();
        for attempt in 1..=12 {
            let d = delay(&s, attempt, "n1/hook");
            let raw = (s.base_backoff * 2u32.pow(attempt - 1)).min(s.max_backoff);
            assert!(d >= raw / 2 && d <= raw, "attempt {attempt}: {d:?}");
            assert_eq!(d, delay(&s, attempt, "n1/hook"));
        }
        assert_ne!(delay(&s, 3, "a"), delay(&s, 3, "b"));
    }
}
