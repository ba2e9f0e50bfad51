//! Logs: the one tracing subscriber of every govtrack process.

use tracing_subscriber::EnvFilter;

/// The variable that switches logs to JSON (`GOVTRACK_LOG_FORMAT=json`).
pub const LOG_FORMAT_ENV: &str = "GOVTRACK_LOG_FORMAT";

/// Installs the global tracing subscriber. Safe to call more than once (later calls
/// are ignored), so tests and `govtrack up` can both call it.
pub fn init_telemetry(default_filter: &str) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    let json = std::env::var(LOG_FORMAT_ENV).is_ok_and(|v| v.eq_ignore_ascii_case("json"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if json {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}
