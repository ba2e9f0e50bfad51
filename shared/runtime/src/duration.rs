//! Durations as people write them in settings: `250ms`, `90s`, `15m`, `24h`, `7d`. The
//! one rule for every flag, variable and settings file that takes a duration.

use std::time::Duration;

/// Parses `250ms`, `90s`, `15m`, `24h` or `7d`; `None` for anything else.
pub fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit())?;
    let (number, unit) = text.split_at(split);
    let n: u64 = number.parse().ok()?;
    let secs = match unit {
        "ms" => return Some(Duration::from_millis(n)),
        "s" => n,
        "m" => n.checked_mul(60)?,
        "h" => n.checked_mul(3600)?,
        "d" => n.checked_mul(86_400)?,
        _ => return None,
    };
    Some(Duration::from_secs(secs))
}

/// [`parse_duration`] for clap's `value_parser`: the error says what is expected.
pub fn duration_arg(text: &str) -> Result<Duration, String> {
    parse_duration(text)
        .ok_or_else(|| format!("{text:?} is not a duration like 500ms, 30s, 15m, 24h or 7d"))
}

/// [`parse_duration`] for serde's `deserialize_with`: a settings file's duration, with
/// the same words as [`duration_arg`] when it is not one.
pub fn deserialize_duration<'de, D>(deserializer: D) -> Result<Duration, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
    duration_arg(&text).map_err(serde::de::Error::custom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unit_is_read() {
        assert_eq!(parse_duration("250ms"), Some(Duration::from_millis(250)));
        assert_eq!(parse_duration("90s"), Some(Duration::from_secs(90)));
        assert_eq!(parse_duration("15m"), Some(Duration::from_secs(900)));
        assert_eq!(parse_duration(" 24h "), Some(Duration::from_secs(86_400)));
        assert_eq!(parse_duration("7d"), Some(Duration::from_secs(7 * 86_400)));
    }

    #[test]
    fn anything_else_is_refused_with_words() {
        for bad in ["", "s", "10", "1w", "-1s", "1.5s"] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
        assert!(duration_arg("1w").unwrap_err().contains("like 500ms"));
    }

    #[test]
    fn a_settings_file_reads_durations_by_the_same_rule() {
        #[derive(serde::Deserialize)]
        struct File {
            #[serde(deserialize_with = "deserialize_duration")]
            wait: Duration,
        }
        let file: File = serde_json::from_str(r#"{"wait": "15m"}"#).unwrap();
        assert_eq!(file.wait, Duration::from_secs(900));
        let err = serde_json::from_str::<File>(r#"{"wait": "soon"}"#)
            .err()
            .unwrap();
        assert!(err.to_string().contains("like 500ms"), "{err}");
    }
}
