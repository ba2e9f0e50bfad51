//! `govtrack up` as a user runs it: a child process with its own nats-server, the
//! demo loaded through ingest, read back through the CLI, stopped with SIGTERM and
//! started again with its state intact.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

const BIN: &str = env!("CARGO_BIN_EXE_govtrack");

pub(crate) struct Up {
    child: Child,
    pub(crate) ingest: String,
    pub(crate) api: String,
    /// Events of the demo org (new and already there) when `--demo` seeded it.
    demo_events: u64,
    /// `(new, already there)` of the demo banner.
    demo_counts: (u64, u64),
}

async fn up(data_dir: &Path, demo: bool) -> Up {
    up_with(data_dir, demo, &[]).await
}

pub(crate) async fn up_with(data_dir: &Path, demo: bool, extra: &[&str]) -> Up {
    // Port 0: each service binds a free port itself and the banner says which, so no
    // port is picked here and released before `up` binds it.
    let mut cmd = Command::new(BIN);
    cmd.args(["up", "--data-dir", data_dir.to_str().unwrap()])
        .args(["--http-addr", "127.0.0.1:0"])
        .args(["--api-addr", "127.0.0.1:0"])
        .env_remove("GOVTRACK_NATS_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true);
    if demo {
        cmd.arg("--demo");
    }
    cmd.args(extra);
    let mut child = cmd.spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let wanted = if demo {
        "demo org contoso loaded"
    } else {
        "Press Ctrl-C"
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut seen = String::new();
    while Instant::now() < deadline {
        match tokio::time::timeout(Duration::from_secs(60), lines.next_line()).await {
            Ok(Ok(Some(line))) => {
                seen.push_str(&line);
                seen.push('\n');
                if line.contains(wanted) {
                    break;
                }
            }
            _ => panic!("govtrack up ended before it was ready:\n{seen}"),
        }
    }
    assert!(
        seen.contains("dashboard") && seen.contains("nats://127.0.0.1:"),
        "{seen}"
    );
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Up {
        child,
        ingest: banner_url(&seen, "ingest API"),
        api: banner_url(&seen, "read API"),
        demo_events: demo_events(&seen),
        demo_counts: banner_counts(&seen),
    }
}

/// The `http://host:port` of the banner line that starts with `label`.
fn banner_url(banner: &str, label: &str) -> String {
    let line = (banner.lines())
        .find(|l| l.trim_start().starts_with(label))
        .unwrap_or_else(|| panic!("no {label} line in the banner:\n{banner}"));
    let url = &line[line.find("http://").expect("a URL")..];
    let end = url["http://".len()..]
        .find('/')
        .map_or(url.len(), |i| i + "http://".len());
    url[..end].to_owned()
}

/// `N + M` of "demo org contoso loaded (N new events, M already there)", or 0.
fn demo_events(banner: &str) -> u64 {
    let (new, already) = banner_counts(banner);
    new + already
}

/// `(N, M)` of "demo org contoso loaded (N new events, M already there)", or zeros.
fn banner_counts(banner: &str) -> (u64, u64) {
    let Some(rest) = banner.split("demo org contoso loaded (").nth(1) else {
        return (0, 0);
    };
    let number = |s: &str| s.trim().split(' ').next().unwrap().parse::<u64>().unwrap();
    let (new, already) = rest.split_once(", ").unwrap();
    (number(new), number(already))
}

/// Waits until the api has applied every demo event: the demo's levels are its whole
/// history's, not those of a prefix the projector has applied so far.
pub(crate) async fn demo_applied(svc: &Up, token: Option<&str>) {
    assert!(svc.demo_events > 0, "not a demo run");
    let client = govtrack_runtime::http_client();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let mut request = client.get(format!("{}/v1/orgs", svc.api));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let orgs: serde_json::Value = match request.send().await {
            Ok(response) => response.json().await.unwrap_or_default(),
            Err(_) => serde_json::Value::Null,
        };
        let applied = (orgs["orgs"].as_array().into_iter().flatten())
            .find(|o| o["org"] == "contoso")
            .and_then(|o| o["events"].as_u64())
            .unwrap_or(0);
        if applied >= svc.demo_events {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{applied} of {} demo events applied after 30 s",
            svc.demo_events
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn govtrack(args: &[&str]) -> (i32, String) {
    let out = Command::new(BIN).args(args).output().await.unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

/// Emits `sponsor.named` (a formal CIO) for `org` through the CLI.
async fn emit_sponsor(ingest: &str, org: &str, id: Option<&str>) -> (i32, String) {
    let data = r#"{"sponsor":"cio","name":"Ada Lovelace","formal":true}"#;
    let mut args = vec![
        "emit",
        "sponsor.named",
        "--org",
        org,
        "--data",
        data,
        "--url",
        ingest,
    ];
    if let Some(id) = id {
        args.extend(["--id", id]);
    }
    govtrack(&args).await
}

/// Polls a read command until its output contains `wanted` (the projector is async).
async fn eventually(args: &[&str], wanted: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (_, out) = govtrack(args).await;
        if out.contains(wanted) || Instant::now() > deadline {
            return out;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

pub(crate) async fn sigterm(mut up: Up) {
    let pid = nix::unistd::Pid::from_raw(up.child.id().unwrap() as i32);
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).unwrap();
    let status = tokio::time::timeout(Duration::from_secs(30), up.child.wait())
        .await
        .expect("stops")
        .unwrap();
    assert!(status.success(), "govtrack up exited with {status}");
}

/// nats-server processes whose command line names this data dir.
fn nats_servers_of(data_dir: &Path) -> usize {
    let needle = data_dir.to_str().unwrap();
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| std::fs::read(e.ok()?.path().join("cmdline")).ok())
        .map(|c| String::from_utf8_lossy(&c).replace('\0', " "))
        .filter(|c| c.contains("nats-server") && c.contains(needle))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn up_runs_everything_and_resumes_with_state_intact_after_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let first = up(&data, false).await;
    assert_eq!(nats_servers_of(&data), 1);
    let (code, out) = emit_sponsor(&first.ingest, "acme", Some("s1")).await;
    assert_eq!(code, 0, "{out}");
    let status = eventually(
        &["status", "--org", "acme", "--api-url", &first.api, "--json"],
        "\"level\": 300",
    )
    .await;
    assert!(status.contains("\"id\": \"sponsorship\""), "{status}");
    sigterm(first).await;
    assert_eq!(nats_servers_of(&data), 0, "no nats-server is left behind");

    let second = up(&data, false).await;
    let status = eventually(
        &[
            "status",
            "--org",
            "acme",
            "--api-url",
            &second.api,
            "--json",
        ],
        "\"level\": 300",
    )
    .await;
    assert!(
        status.contains("\"level\": 300"),
        "state intact after restart: {status}"
    );
    let (code, out) = emit_sponsor(&second.ingest, "acme", Some("s1")).await;
    assert_eq!(code, 0);
    assert!(
        out.contains("duplicate"),
        "the same id is still known: {out}"
    );
    let events = govtrack_testkit::get_text(
        &govtrack_runtime::http_client(),
        format!("{}/v1/orgs/acme/events", second.api),
    )
    .await;
    assert_eq!(events.matches("\"sponsor.named\"").count(), 1, "{events}");
    sigterm(second).await;
    assert_eq!(nats_servers_of(&data), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_tells_its_story_and_seeding_twice_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let svc = up(&data, true).await;
    demo_applied(&svc, None).await;
    let status = eventually(
        &["status", "--org", "contoso", "--api-url", &svc.api],
        "Executive sponsorship",
    )
    .await;
    let level_of = |name: &str| -> String {
        let line = status
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("{name} in\n{status}"));
        line[name.len()..]
            .split_whitespace()
            .next()
            .unwrap()
            .to_owned()
    };
    assert_eq!(level_of("Executive sponsorship"), "400", "{status}");
    assert_eq!(level_of("Governance"), "300", "{status}");
    assert_eq!(level_of("Community"), "300", "{status}");

    let stalled = eventually(
        &[
            "initiatives",
            "--org",
            "contoso",
            "--stalled",
            "--api-url",
            &svc.api,
        ],
        "app-in-a-day",
    )
    .await;
    assert!(stalled.contains("app-in-a-day"), "{stalled}");
    assert!(!stalled.contains("sponsor-cadence"), "{stalled}");
    // `up --demo` asks the scheduler to scan right after seeding: the stalled
    // initiative is an open alert without waiting for the hourly scan.
    let data_arg = data.to_str().unwrap();
    let alerts = eventually(
        &["alerts", "--org", "contoso", "--data-dir", data_arg],
        "app-in-a-day",
    )
    .await;
    assert!(
        alerts
            .lines()
            .any(|l| l.contains("app-in-a-day") && l.contains("firing")),
        "{alerts}"
    );
    let okrs = eventually(
        &["okrs", "--org", "contoso", "--api-url", &svc.api],
        "Get leadership buy-in",
    )
    .await;
    assert!(
        okrs.contains("Nurture a maker community") && okrs.contains("Makers trained"),
        "{okrs}"
    );
    let blocked = govtrack(&["initiatives", "--org", "contoso", "--api-url", &svc.api])
        .await
        .1;
    assert!(
        blocked
            .lines()
            .any(|l| l.starts_with("champion-network") && l.contains("blocked")),
        "{blocked}"
    );

    // The timeline says who recorded each event: the demo came over NATS.
    let timeline = eventually(
        &[
            "events",
            "--org",
            "contoso",
            "--limit",
            "3",
            "--api-url",
            &svc.api,
        ],
        "RECORDED BY",
    )
    .await;
    assert!(
        timeline.contains("nats \"govtrack.ingest.contoso\""),
        "{timeline}"
    );
    assert!(
        timeline.contains("more: govtrack events --org contoso --after 3"),
        "{timeline}"
    );

    let (code, out) = govtrack(&["demo", "--url", &svc.ingest]).await;
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(": 0 events appended"),
        "seeding twice changes nothing: {out}"
    );
    sigterm(svc).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn up_demo_again_after_the_window_says_every_event_is_already_there() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let window = ["--dedup-window", "1s"];
    let first = up_with(&data, true, &window).await;
    let (new, already) = first.demo_counts;
    assert!(new > 0, "the first start loads the demo");
    assert_eq!(already, 0);
    sigterm(first).await;
    tokio::time::sleep(Duration::from_secs(2)).await;

    let second = up_with(&data, true, &window).await;
    assert_eq!(
        second.demo_counts,
        (0, new),
        "0 new events, {new} already there"
    );
    sigterm(second).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_organisation_can_be_assessed_with_its_own_model() {
    let dir = tempfile::tempdir().unwrap();
    let svc = up_with(
        &dir.path().join("data"),
        false,
        &["--org-model", "legacy=2021"],
    )
    .await;
    for org in ["legacy", "modern"] {
        let (code, out) = emit_sponsor(&svc.ingest, org, None).await;
        assert_eq!(code, 0, "{out}");
    }
    let legacy = eventually(
        &["status", "--org", "legacy", "--api-url", &svc.api, "--json"],
        "admin_governance",
    )
    .await;
    assert!(legacy.contains("\"model\": \"2021\""), "{legacy}");
    let modern = eventually(
        &["status", "--org", "modern", "--api-url", &svc.api, "--json"],
        "sponsorship",
    )
    .await;
    assert!(
        modern.contains("\"model\": \"2025\"") && !modern.contains("admin_governance"),
        "{modern}"
    );
    sigterm(svc).await;
}

/// `govtrack up` under `dir` with a tokens file holding one token: `(name, secret,
/// scopes as TOML array items)`.
async fn up_with_token(dir: &Path, demo: bool, (name, secret, scopes): (&str, &str, &str)) -> Up {
    let tokens = dir.join("tokens.toml");
    let hash = govtrack_auth::hash_token(secret);
    let body = format!("[[token]]\nname = \"{name}\"\nsha256 = \"{hash}\"\nscopes = [{scopes}]\n");
    std::fs::write(&tokens, body).unwrap();
    let tokens = tokens.to_str().unwrap();
    up_with(&dir.join("data"), demo, &["--tokens-file", tokens]).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_loads_with_a_tokens_file_and_reads_with_a_token() {
    let dir = tempfile::tempdir().unwrap();
    // `up_with` waits for "demo org contoso loaded": seeding must not need a token.
    let svc = up_with_token(
        dir.path(),
        true,
        ("sponsor", "contoso-read", r#""read:contoso""#),
    )
    .await;
    demo_applied(&svc, Some("contoso-read")).await;
    let status = eventually(
        &[
            "status",
            "--org",
            "contoso",
            "--api-url",
            &svc.api,
            "--token",
            "contoso-read",
            "--json",
        ],
        "\"id\": \"sponsorship\"",
    )
    .await;
    assert!(status.contains("\"level\": 400"), "{status}");
    let (code, out) = govtrack(&["status", "--org", "contoso", "--api-url", &svc.api]).await;
    assert_ne!(code, 0, "{out}");
    sigterm(svc).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_a_tokens_file_the_read_commands_need_a_token_that_reads_the_org() {
    let dir = tempfile::tempdir().unwrap();
    let token = ("acme-ops", "acme-secret", r#""emit:acme", "read:acme""#);
    let svc = up_with_token(dir.path(), false, token).await;
    let data = r#"{"sponsor":"cio","name":"Ada Lovelace","formal":true}"#;
    let (code, out) = govtrack(&[
        "emit",
        "sponsor.named",
        "--org",
        "acme",
        "--data",
        data,
        "--url",
        &svc.ingest,
        "--token",
        "acme-secret",
    ])
    .await;
    assert_eq!(code, 0, "{out}");
    let read = |org: &'static str| {
        vec![
            "status",
            "--org",
            org,
            "--api-url",
            svc.api.as_str(),
            "--json",
        ]
    };
    let with_token = [read("acme"), vec!["--token", "acme-secret"]].concat();
    let status = eventually(&with_token, "\"level\": 300").await;
    assert!(status.contains("\"id\": \"sponsorship\""), "{status}");

    let (code, out) = govtrack(&read("acme")).await;
    assert_ne!(code, 0, "{out}");
    assert!(
        out.contains("error: no token: set GOVTRACK_TOKEN or --token"),
        "{out}"
    );
    let (code, out) = govtrack(&[read("acme"), vec!["--token", "guess"]].concat()).await;
    assert_ne!(code, 0);
    assert!(
        out.contains("error: the api refused the token: unknown token"),
        "{out}"
    );
    let (code, out) = govtrack(&[read("globex"), vec!["--token", "acme-secret"]].concat()).await;
    assert_ne!(code, 0);
    assert!(
        out.contains(
            "the api refused the token: token \"acme-ops\" may not read organisation \"globex\""
        ),
        "{out}"
    );
    let from_env = Command::new(BIN)
        .args(["okrs", "--org", "acme", "--api-url", &svc.api])
        .env("GOVTRACK_TOKEN", "acme-secret")
        .output()
        .await
        .unwrap();
    assert!(from_env.status.success(), "{from_env:?}");
    let (code, out) = govtrack(&[
        "initiatives",
        "--org",
        "acme",
        "--api-url",
        &svc.api,
        "--token",
        "acme-secret",
    ])
    .await;
    assert_eq!(code, 0, "{out}");
    sigterm(svc).await;
}
