//! The `govtrack` binary end to end: emit and import against a real ingest service on a
//! real nats-server, and the catalogue and help texts.

use std::io::Write;

use govtrack_ingest::Settings;
use govtrack_runtime::{CancellationToken, DropGuard};
use govtrack_testkit::TestNats;
use tokio::process::Command;

struct Ingest {
    nats: TestNats,
    url: String,
    /// Cancels the service when the test ends.
    _shutdown: DropGuard,
}

/// JetStream's duplicate window of the tests' log: short, so that re-runs a few
/// seconds apart are answered by ingest's durable id index alone.
const WINDOW: std::time::Duration = std::time::Duration::from_secs(1);

async fn ingest() -> Ingest {
    let nats = TestNats::start();
    let mut settings = Settings::local(&nats.url(), &nats.dir().join("ingest"));
    settings.http_addr = "127.0.0.1:0".parse().unwrap();
    settings.stream.duplicate_window = WINDOW;
    let app = govtrack_ingest::build(settings).await.unwrap();
    let url = format!("http://{}", app.local_addr());
    let shutdown = CancellationToken::new();
    tokio::spawn(app.run(shutdown.clone()));
    Ingest {
        nats,
        url,
        _shutdown: shutdown.drop_guard(),
    }
}

impl Ingest {
    /// Runs `govtrack` with `args` against this ingest's HTTP address.
    async fn govtrack(&self, args: &[&str]) -> (i32, String, String) {
        govtrack(&[args, &["--url", &self.url]].concat()).await
    }
}

async fn govtrack(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_govtrack"))
        .args(args)
        .output()
        .await
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn emit_appends_over_http_and_over_nats() {
    let svc = ingest().await;
    let data = r#"{"sponsor":"cio","name":"Ada Lovelace","formal":true}"#;
    let (code, out, err) = svc
        .govtrack(&[
            "emit",
            "sponsor.named",
            "--org",
            "contoso",
            "--data",
            data,
            "--id",
            "e1",
        ])
        .await;
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("e1 appended as sequence 1"), "{out}");
    let (code, out, err) = govtrack(&[
        "emit",
        "hackathon.held",
        "--org",
        "contoso",
        "--data",
        r#"{"name":"Spring","participants":12}"#,
        "--via-nats",
        &svc.nats.url(),
    ])
    .await;
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(svc.nats.log_messages().await, 2);
}

#[tokio::test]
async fn emit_with_a_bad_field_fails_and_names_it() {
    let svc = ingest().await;
    let data = r#"{"policy":"p1","scope":"globl"}"#;
    let (code, _, err) = svc
        .govtrack(&["emit", "dlp_policy.set", "--org", "contoso", "--data", data])
        .await;
    assert_eq!(code, 2);
    assert!(
        err.contains("data.scope: expected one of default, tenant, environment, got \"globl\""),
        "{err}"
    );
    assert_eq!(svc.nats.log_messages().await, 0);
}

#[tokio::test]
async fn import_reports_rejected_lines_and_is_safe_to_rerun_after_the_window() {
    let svc = ingest().await;
    let mut file = tempfile::NamedTempFile::new().unwrap();
    for i in 0..25 {
        writeln!(file, r#"{{"type":"champion.recognized","org":"contoso","occurred_at":"2026-01-01T00:00:00Z","data":{{"champion":"c{i}"}}}}"#).unwrap();
        if i == 9 {
            writeln!(file, r#"{{"type":"dlp_policy.set","org":"contoso","data":{{"policy":"p","scope":"globl"}}}}"#).unwrap();
            writeln!(file).unwrap();
            writeln!(file, "not json").unwrap();
        }
    }
    let path = file.path().to_str().unwrap().to_owned();
    let (code, out, err) = svc
        .govtrack(&["import", &path, "--batch", "10", "--quiet"])
        .await;
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        out.contains("27 lines: 25 appended, 0 already on the log, 2 rejected"),
        "{out}"
    );
    assert!(
        out.contains("line 11: [0] data.scope") || out.contains("line 11: data.scope"),
        "{out}"
    );
    assert!(out.contains("line 13: not a valid envelope"), "{out}");
    assert_eq!(svc.nats.log_messages().await, 25);

    // Re-run past JetStream's window: only the durable id index knows the ids now.
    tokio::time::sleep(WINDOW * 2).await;
    let (_, out, _) = svc.govtrack(&["import", &path, "--quiet"]).await;
    assert!(
        out.contains("27 lines: 0 appended, 25 already on the log, 2 rejected"),
        "{out}"
    );
    assert_eq!(svc.nats.log_messages().await, 25);
}

#[tokio::test]
async fn event_types_lists_the_catalogue_and_shows_one_type() {
    let (code, out, _) = govtrack(&["event-types"]).await;
    assert_eq!(code, 0);
    assert!(out.contains("dlp_policy.set") && out.contains("key_result.measured"));
    let (code, out, _) = govtrack(&["event-types", "dlp_policy.set"]).await;
    assert_eq!(code, 0);
    assert!(
        out.contains("\"scope\"") && out.contains("govtrack emit dlp_policy.set"),
        "{out}"
    );
    let (code, _, err) = govtrack(&["event-types", "dlp.set"]).await;
    assert_ne!(code, 0);
    assert!(err.contains("unknown event type"), "{err}");
}

#[tokio::test]
async fn every_command_explains_itself_with_an_example() {
    for cmd in ["ingest", "emit", "import", "event-types"] {
        let (code, out, _) = govtrack(&[cmd, "--help"]).await;
        assert_eq!(code, 0);
        assert!(
            out.contains("Example: govtrack"),
            "{cmd} --help has no example:\n{out}"
        );
    }
}

#[tokio::test]
async fn model_show_prints_each_level_with_words_how_and_source() {
    let (code, out, err) = govtrack(&["model", "show", "--capability", "sponsorship"]).await;
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Executive sponsorship (sponsorship)"), "{out}");
    assert!(out.contains("  300 Defined"), "{out}");
    assert!(
        out.contains("source: seeds/004 level 300: An executive sponsor is formally identified"),
        "{out}"
    );
    assert!(out.contains("how:    govtrack emit sponsor.named"), "{out}");
    assert!(out.contains("any one of:"), "the 500 groups: {out}");
    assert!(
        !out.contains("Governance"),
        "only the capability asked for: {out}"
    );

    let (code, out, _) = govtrack(&["model", "show", "--model", "2021", "--json"]).await;
    assert_eq!(code, 0);
    let model: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(model["id"], "2021");
    assert_eq!(
        model["capabilities"][0]["levels"].as_array().unwrap().len(),
        5
    );

    let (code, _, err) = govtrack(&["model", "show", "--capability", "automaton"]).await;
    assert_eq!(code, 1);
    assert!(
        err.contains("no capability \"automaton\"") && err.contains("automation"),
        "{err}"
    );
}

/// `template apply leadership-buy-in` for contoso from 2026-01-01.
const APPLY_LEADERSHIP: [&str; 7] = [
    "template",
    "apply",
    "leadership-buy-in",
    "--org",
    "contoso",
    "--start",
    "2026-01-01",
];

const LINKS: [&str; 5] = [
    "strategic-use-cases=drive-improvement",
    "central-it-projects=uphold-accountability",
    "self-sufficient-teams=teams-change",
    "it-staff-trained=leadership-upskilling",
    "executives-participating=sponsorship-governance",
];

#[tokio::test]
async fn applying_the_leadership_template_twice_appends_36_events_then_none() {
    let svc = ingest().await;
    let mut args = APPLY_LEADERSHIP.to_vec();
    for link in &LINKS {
        args.extend(["--link", link]);
    }
    let (code, out, err) = svc.govtrack(&args).await;
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("36 new events, 0 already there"), "{out}");
    assert!(
        err.contains("set to now for 24 initiatives"),
        "the plan says what it chose: {err}"
    );
    assert_eq!(svc.nats.log_messages().await, 36);

    tokio::time::sleep(WINDOW * 2).await;
    let (code, out, err) = svc.govtrack(&args).await;
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("0 new events, 36 already there"), "{out}");
    assert_eq!(svc.nats.log_messages().await, 36);
}

#[tokio::test]
async fn applying_a_template_without_links_names_the_key_results_to_link() {
    let svc = ingest().await;
    let (code, out, err) = svc.govtrack(&APPLY_LEADERSHIP).await;
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("strategic-use-cases") && err.contains("--link KEY_RESULT=OBJECTIVE"),
        "{err}"
    );
    assert_eq!(svc.nats.log_messages().await, 0);
}

#[tokio::test]
async fn template_list_and_show_speak_the_guidances_words() {
    let (code, out, _) = govtrack(&["template", "list"]).await;
    assert_eq!(code, 0);
    assert!(
        out.contains("leadership-buy-in") && out.contains("24 initiatives"),
        "{out}"
    );
    let (code, out, _) = govtrack(&["template", "show", "leadership-buy-in"]).await;
    assert_eq!(code, 0);
    assert!(
        out.contains("OBJECTIVE drive-improvement — Drive organizational improvement"),
        "{out}"
    );
    assert!(out.contains("seeds/001"), "{out}");
}
