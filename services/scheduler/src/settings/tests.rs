//! The settings file read as documented, and refused with the line and the key.

use chrono::TimeDelta;

use super::*;

fn parse(text: &str) -> Result<Settings, SettingsError> {
    Settings::from_toml("/tmp/x", text)
}

/// The refusal as `govtrack` prints it: the error and its causes.
fn refusal(text: &str) -> String {
    format!("{:#}", anyhow::Error::new(parse(text).unwrap_err()))
}

#[test]
fn a_file_overrides_jobs_by_name_and_thresholds_per_org() {
    let s = parse(
        r#"
        [alerts]
        repeat_interval = "12h"
        [thresholds.cadences]
        three_years = 120
        [thresholds.orgs.contoso]
        stall_factor = 3.0
        cadences = { next_year = 45 }
        [[job]]
        name = "stall-scan"
        cron = "*/5 * * * *"
        timezone = "Europe/Amsterdam"
        [[webhook]]
        name = "hook"
        url = "http://127.0.0.1:1/x"
        secrets = ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]
        format = "teams"
        "#,
    )
    .unwrap();
    assert_eq!(
        s.jobs.len(),
        4,
        "stall-scan, kr-overdue, weekly-digest, source-watch"
    );
    let scan = s.jobs.iter().find(|j| j.name == "stall-scan").unwrap();
    assert_eq!(
        (scan.kind, scan.timezone.as_str()),
        (JobKind::StallScan, "Europe/Amsterdam")
    );
    assert_eq!(s.timing.repeat_interval, TimeDelta::hours(12));
    assert_eq!(s.timing.group_wait, TimeDelta::seconds(30), "the default");
    assert_eq!(s.thresholds.of("contoso").stall_factor, 3.0);
    assert_eq!(s.thresholds.of("other").stall_factor, 2.0);
    let contoso = s.thresholds.of("contoso").cadences;
    assert_eq!(
        (contoso.now, contoso.next_year, contoso.three_years),
        (14, 45, 120)
    );
    let other = s.thresholds.of("other").cadences;
    assert_eq!((other.next_year, other.three_years), (30, 120));
    assert_eq!(s.webhooks[0].format, crate::delivery::Format::Teams);
    assert!(!format!("{:?}", s.webhooks).contains("whsec_"));
    assert_eq!(s.tick, Duration::from_secs(5));
}

/// Each refusal of `text` says all of `says`.
fn assert_refused(cases: &[(&str, &[&str])], refuse: impl Fn(&str) -> String) {
    for (text, says) in cases {
        let err = refuse(text);
        assert!(says.iter().all(|s| err.contains(s)), "{text:?}: {err}");
    }
}

#[test]
fn a_refused_file_names_the_line_and_the_key() {
    assert_refused(
        &[
            (
                "tick = \"1s\"\n[alerts]\nrepeat_intervall = \"1h\"",
                &["line 3", "alerts", "repeat_intervall"],
            ),
            (
                "[delivery]\ntimeout = \"soon\"\n",
                &["line 2", "delivery.timeout", "like 500ms"],
            ),
            ("[delivery]\nmax_attempts = 0\n", &["delivery.max_attempts"]),
            (
                "[thresholds.orgs.contoso.cadences]\nnow = 0\n",
                &["orgs.contoso", "1 day"],
            ),
        ],
        refusal,
    );
}

#[test]
fn a_job_is_named_after_its_kind_unless_it_gives_one() {
    let s = parse("[[job]]\nname = \"nightly\"\nkind = \"stall-scan\"\ncron = \"0 0 1 * * *\"\n")
        .unwrap();
    let nightly = s.jobs.iter().find(|j| j.name == "nightly").unwrap();
    assert_eq!((nightly.kind, nightly.enabled), (JobKind::StallScan, true));
    assert_eq!(s.jobs.len(), 5, "the built-ins stay");
    let err = refusal("[[job]]\nname = \"nightly\"\ncron = \"0 0 1 * * *\"\n");
    assert!(
        err.contains("\"nightly\"") && err.contains("stall-scan"),
        "{err}"
    );
    let err = refusal("[[job]]\nname = \"stall-scan\"\ncron = \"every hour\"\n");
    assert!(err.contains("every hour"), "{err}");
}

#[test]
fn a_bad_webhook_says_what_it_takes() {
    let hook = "[[webhook]]\nname = \"h\"\nurl = \"http://x\"\n";
    assert_refused(
        &[
            ("format = \"email\"\n", &["webhook", "teams"]),
            ("secrets = [\"s3cret\"]\n", &["whsec_", "line 4"]),
        ],
        |extra| refusal(&format!("{hook}{extra}")),
    );
}

// The [inventory] block.

const INVENTORY: &str = "[inventory]\norg = \"contoso\"\nhost = \"http://127.0.0.1:1\"\ntenant_id = \"t\"\nclient_id = \"c\"\n";

fn inventory(extra: &str) -> Result<Settings, String> {
    Settings::from_toml("/tmp/x", &format!("{INVENTORY}{extra}"))
        .map_err(|e| format!("{:#}", anyhow::Error::new(e)))
}

#[test]
fn an_inventory_block_turns_its_job_on_with_its_cron_and_device_code_by_default() {
    assert!(
        Settings::new("/tmp/x")
            .jobs
            .iter()
            .all(|j| j.kind != JobKind::InventorySync)
    );
    let s = inventory("cron = \"0 0 */6 * * *\"\n").unwrap();
    let job = s
        .jobs
        .iter()
        .find(|j| j.kind == JobKind::InventorySync)
        .unwrap();
    assert_eq!(job.cron, "0 0 */6 * * *");
    let inv = s.inventory.unwrap();
    assert_eq!(inv.auth.as_str(), "device_code");
    assert_eq!(inv.login_host, crate::inventory::settings::LOGIN_HOST);
}

#[test]
fn a_bad_inventory_block_names_the_key_to_fix() {
    assert_refused(
        &[
            ("auth = \"password\"\n", &["inventory.auth", "device_code"]),
            (
                "auth = \"client_credentials\"\n",
                &["inventory", "client_secret_file: required"],
            ),
            ("cron = \"every day\"\n", &["inventory.cron"]),
            (
                "retry_budget = \"soon\"\n",
                &["inventory.retry_budget", "line 6"],
            ),
            ("page_size = 5000\n", &["inventory.page_size"]),
        ],
        |extra| inventory(extra).unwrap_err(),
    );
    let err = Settings::from_toml("/tmp/x", "[inventory]\norg = \"contoso\"\n").unwrap_err();
    assert!(format!("{:#}", anyhow::Error::new(err)).contains("host"));
}
