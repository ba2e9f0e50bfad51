//! The dashboard in a real browser: a seeded organisation on a real nats-server, the
//! projector and the api in this process, and headless Chromium (Debian's `chromium`)
//! loading the pages, dumping the DOM it built and saving screenshots under
//! `{CARGO_TARGET_TMPDIR}/dashboard-screenshots/`.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use common::signin::{self, Visitor};
use common::*;
use govtrack_events::{Event, EventType as T};
use govtrack_testkit::TestUser;
use serde_json::{Value, json};

const CHROMIUM: &str = "/usr/bin/chromium";
const ORG: &str = "northwind";

/// The browser, or a failure that says how to get it: this test never skips.
fn chromium() -> &'static str {
    assert!(
        Path::new(CHROMIUM).exists(),
        "{CHROMIUM} is missing: run scripts/test.sh, which installs Debian's chromium package \
         (or run `apt-get install -y chromium`); the dashboard browser test needs it"
    );
    CHROMIUM
}

/// Where the screenshots go (kept after the test, printed in its output).
fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("dashboard-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs headless Chromium with `args` on `url`; answers its stdout.
async fn browse(url: &str, args: &[&str]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let user_data = format!("--user-data-dir={}", profile.path().display());
    let mut command = tokio::process::Command::new(chromium());
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            &user_data,
        ])
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .kill_on_drop(true);
    let output = tokio::time::timeout(Duration::from_secs(120), command.output())
        .await
        .unwrap_or_else(|_| panic!("chromium did not finish within 120 s on {url}"))
        .expect("run chromium");
    assert!(
        output.status.success(),
        "chromium failed on {url}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

async fn dump_dom(url: &str) -> String {
    let dom = browse(url, &["--dump-dom"]).await;
    assert!(dom.contains("</html>"), "no document from {url}: {dom}");
    dom
}

async fn screenshot(url: &str, name: &str, size: &str) -> PathBuf {
    let path = screenshot_dir().join(name);
    let _ = std::fs::remove_file(&path);
    let shot = format!("--screenshot={}", path.display());
    let window = format!("--window-size={size}");
    browse(url, &[&shot, &window]).await;
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("no screenshot at {path:?}: {e}"));
    assert!(bytes.starts_with(b"\x89PNG"), "{path:?} is not a PNG");
    println!("screenshot: {}", path.display());
    path
}

fn ev(id: &str, event_type: T, days: i64, data: Value) -> Event {
    example_event(id, ORG, event_type, days_ago(days), Some(data))
}

/// An organisation with a story: a sponsor named informally 200 days ago and formally
/// 100 days ago; a default DLP policy (150) and the CoE kit's core (120), so governance
/// reaches 200; an objective with two measured key results; an initiative silent for
/// 75 days (stalled), one blocked, one fresh.
fn seed() -> Vec<Event> {
    vec![
        ev(
            "e01",
            T::SponsorNamed,
            200,
            json!({"sponsor": "cio", "name": "Ada Lovelace", "formal": false}),
        ),
        ev(
            "e02",
            T::DlpPolicySet,
            150,
            json!({"policy": "default-env", "scope": "default"}),
        ),
        ev("e03", T::CoeKitDeployed, 120, json!({"module": "core"})),
        ev(
            "e04",
            T::SponsorNamed,
            100,
            json!({"sponsor": "cio", "name": "Ada Lovelace", "formal": true}),
        ),
        ev(
            "e05",
            T::CapabilityTargetSet,
            95,
            json!({"capability": "governance", "level": 300, "due": "2026-09-30"}),
        ),
        ev(
            "e06",
            T::CapabilityTargetSet,
            95,
            json!({"capability": "sponsorship", "level": 400, "due": "2026-06-30"}),
        ),
        ev(
            "e07",
            T::ObjectiveDefined,
            90,
            json!({"objective": "buy-in", "title": "Get leadership buy-in <script>alert(1)</script>",
                "goal": "get_leadership_buy_in", "stakeholders": ["it_leadership", "hr"]}),
        ),
        ev(
            "e08",
            T::KeyResultDefined,
            90,
            json!({"key_result": "exec-reviews", "objective": "buy-in"}),
        ),
        ev(
            "e09",
            T::KeyResultDefined,
            90,
            json!({
            "key_result": "makers-trained", "objective": "buy-in", "title": "Makers trained",
            "unit": "%", "baseline": 0.0, "target": 80.0, "due": "2026-06-30"}),
        ),
        ev(
            "e10",
            T::InitiativeStarted,
            80,
            json!({"initiative": "sponsor-cadence", "key_results": ["exec-reviews"]}),
        ),
        ev(
            "e11",
            T::InitiativeStarted,
            75,
            json!({
            "initiative": "dlp-rollout", "key_results": [], "title": "Roll out DLP to every environment",
            "owner": "platform-admins"}),
        ),
        ev(
            "e12",
            T::InitiativeStarted,
            60,
            json!({
            "initiative": "maker-training", "key_results": ["makers-trained"], "title": "Train the first makers",
            "owner": "nurture-team"}),
        ),
        ev(
            "e13",
            T::KeyResultMeasured,
            60,
            json!({"key_result": "exec-reviews", "value": 1.0}),
        ),
        ev(
            "e14",
            T::KeyResultMeasured,
            30,
            json!({"key_result": "makers-trained", "value": 8.0}),
        ),
        ev(
            "e15",
            T::InitiativeBlocked,
            20,
            json!({"initiative": "maker-training", "reason": "no training budget"}),
        ),
        ev(
            "e16",
            T::KeyResultMeasured,
            10,
            json!({"key_result": "exec-reviews", "value": 2.0}),
        ),
        ev(
            "e17",
            T::HackathonHeld,
            5,
            json!({"name": "Spring hack", "participants": 40}),
        ),
        ev(
            "e18",
            T::KeyResultDefined,
            4,
            json!({"key_result": "use-cases", "objective": "buy-in",
                "title": "Strategic use cases built on the platform: ___ by the end of the quarter",
                "unit": "use cases", "target": null, "due": "2026-06-30"}),
        ),
        ev(
            "e19",
            T::InitiativeStarted,
            3,
            json!({"initiative": "advocates", "key_results": [], "title": "Senior leaders advocate the platform",
                "owner": "coe-lead", "horizon": "three_years"}),
        ),
    ]
}

fn row_level(dom: &str, capability: &str) -> u16 {
    let marker = format!(r#"data-capability="{capability}" data-level=""#);
    let at = dom
        .find(&marker)
        .unwrap_or_else(|| panic!("no grid row for {capability}"))
        + marker.len();
    dom[at..].split('"').next().unwrap().parse().unwrap()
}

#[tokio::test]
async fn the_dashboard_shows_levels_stalled_work_and_an_earlier_date_in_a_real_browser() {
    chromium();
    let h = Harness::start().await;
    h.append(&seed()).await;
    let page = format!("{}/orgs/{ORG}", h.base_url);

    let dom = dump_dom(&page).await;
    assert_eq!(row_level(&dom, "sponsorship"), 300, "formal sponsor");
    assert_eq!(
        row_level(&dom, "governance"),
        200,
        "DLP default + CoE kit core"
    );
    assert_eq!(row_level(&dom, "community"), 100);
    let attention = &dom[dom.find(r#"id="attention""#).expect("attention section")..];
    let attention = &attention[..attention.find("</section>").unwrap()];
    assert!(
        attention.contains("Roll out DLP to every environment"),
        "{attention}"
    );
    assert!(
        attention.contains(r#"data-status="Stalled""#),
        "{attention}"
    );
    assert!(
        attention.contains("Train the first makers"),
        "blocked: {attention}"
    );
    assert!(
        !attention.contains("sponsor-cadence"),
        "measured 10 days ago: {attention}"
    );
    assert!(
        attention.contains("<strong>75 days</strong>"),
        "{attention}"
    );
    // Alerts come from the read model: no scheduler finding is on this log.
    assert!(dom.contains("No open alerts."));
    let okrs = &dom[dom.find(r#"id="okrs""#).expect("okrs section")..];
    assert!(
        okrs.contains("Goal: Get leadership buy-in and organization alignment"),
        "objectives grouped by goal: {okrs}"
    );
    assert!(
        okrs.contains("stakeholders: IT leadership, Human resources"),
        "{okrs}"
    );
    assert!(
        okrs.contains("Target not set"),
        "the blank key result: {okrs}"
    );
    assert!(okrs.contains("horizon: three years"), "{okrs}");
    assert!(dom.contains(r#"aria-valuetext="#), "key-result bars");
    assert!(!dom.contains("<script"), "user text must stay text");
    assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(dom.contains(r#"<input id="as_of" type="date" name="as_of" value="2026-03-01">"#));
    let wide = screenshot(&page, "northwind-laptop.png", "1280,2000").await;
    let narrow = screenshot(&page, "northwind-phone.png", "390,2400").await;
    let full = screenshot(&page, "northwind-laptop-full.png", "1280,4200").await;

    let earlier = format!("{page}?as_of=2025-10-22");
    let dom = dump_dom(&earlier).await;
    assert_eq!(
        row_level(&dom, "sponsorship"),
        200,
        "only the informal sponsor then"
    );
    assert_eq!(row_level(&dom, "governance"), 100, "no CoE kit then");
    assert!(dom.contains("Back to today"));
    assert!(dom.contains(r#"value="2025-10-22""#));
    assert!(
        !dom.contains("Get leadership buy-in"),
        "defined 90 days ago, after that date"
    );
    let past = screenshot(&earlier, "northwind-2025-10-22.png", "1280,2000").await;

    let index = dump_dom(&format!("{}/", h.base_url)).await;
    assert!(
        index.contains(r#"<a href="/orgs/northwind">northwind</a>"#),
        "{index}"
    );
    println!("screenshots: {wide:?} {narrow:?} {full:?} {past:?}");
    h.stop().await;
}

#[tokio::test]
async fn dashboard_errors_are_pages_with_the_api_status_and_the_stylesheet_is_served() {
    let h = Harness::start().await;
    h.append(&seed()).await;
    let get = |path: &str| h.http.get(format!("{}{path}", h.base_url)).send();

    let css = get("/static/govtrack.css").await.unwrap();
    assert_eq!(css.status(), 200);
    assert_eq!(css.headers()["content-type"], "text/css; charset=utf-8");
    assert!(css.text().await.unwrap().contains(".grid"));

    let page = get(&format!("/orgs/{ORG}?as_of=")).await.unwrap();
    assert_eq!(page.status(), 200, "a blank date means today");
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );

    for (path, status, says) in [
        ("/orgs/nobody", 404, "has no events"),
        ("/orgs/northwind?as_of=last%20tuesday", 400, "RFC 3339"),
        ("/orgs/Bad%20Org", 400, "org"),
    ] {
        let response = get(path).await.unwrap();
        assert_eq!(response.status(), status, "{path}");
        let body = response.text().await.unwrap();
        assert!(
            body.contains("<h1>Cannot show this page</h1>") && body.contains(says),
            "{path}: {body}"
        );
    }
    h.stop().await;
}

/// Where `scripts/test.sh` installs axe-core (npm), unless GOVTRACK_AXE_JS says otherwise.
fn axe_script() -> String {
    let path = std::env::var("GOVTRACK_AXE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../target/axe/node_modules/axe-core/axe.min.js")
        });
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "axe-core is missing at {}: {e}. Run scripts/test.sh, which installs it with \
             `npm install --prefix target/axe axe-core@4`; this audit never skips",
            path.display()
        )
    })
}

/// The page as served, with axe-core added: it audits the page against WCAG 2.1 A and
/// AA once loaded and writes the violations into `<pre id="axe-results">`.
fn with_axe(html: &str, base_url: &str) -> String {
    let runner = r#"axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
  .then(r => { const pre = document.createElement('pre'); pre.id = 'axe-results';
    pre.textContent = JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary)})));
    document.body.appendChild(pre); })
  .catch(e => { const pre = document.createElement('pre'); pre.id = 'axe-results';
    pre.textContent = 'ERROR ' + e; document.body.appendChild(pre); });"#;
    let base = format!(r#"<head><base href="{base_url}/">"#);
    let scripts = format!(
        "<script>{}</script><script>{runner}</script></body>",
        axe_script()
    );
    html.replacen("<head>", &base, 1)
        .replacen("</body>", &scripts, 1)
}

/// Feeds in every status (silent, failed, late, ok, unwatched), each event received by
/// the log at its own time, so the audit sees every badge of the Feeds section.
async fn append_feeds(h: &Harness) {
    let from =
        |source: &str, id: &str, t: &str, data: Value, at| event_from(source, id, ORG, t, data, at);
    let hack = json!({"name": "Feed check", "participants": 3});
    let expect = |source: &str| json!({"source": source, "every_hours": 24});
    let hour = chrono::TimeDelta::hours(1);
    let events = [
        from("hr-sync", "f1", "hackathon.held", hack.clone(), days_ago(5)),
        from(
            "azure-devops",
            "f2",
            "hackathon.held",
            hack.clone(),
            now() - hour * 30,
        ),
        from("github", "f3", "hackathon.held", hack.clone(), now() - hour),
        from("dataverse", "f4", "hackathon.held", hack, now() - hour),
        from(
            "govtrack-cli",
            "f5",
            "source.expected",
            expect("hr-sync"),
            days_ago(6),
        ),
        from(
            "govtrack-cli",
            "f6",
            "source.expected",
            expect("azure-devops"),
            days_ago(6),
        ),
        from(
            "govtrack-cli",
            "f7",
            "source.expected",
            expect("github"),
            days_ago(6),
        ),
        from(
            "govtrack-scheduler",
            "f8",
            "source.failed",
            json!({"source": "inventory-sync", "error": "401 Unauthorized"}),
            now() - hour,
        ),
    ];
    h.append_received(&events).await;
}

#[tokio::test]
async fn the_dashboard_passes_an_axe_core_audit_of_wcag_2_1_aa() {
    chromium();
    let h = Harness::start().await;
    h.append(&seed()).await;
    append_feeds(&h).await;
    for (name, path) in [("org", format!("/orgs/{ORG}")), ("index", "/".to_owned())] {
        let html = h.page(&path).await;
        if name == "org" {
            for badge in [
                "st-off-track\">silent",
                "st-overdue\">failed",
                "st-at-risk\">late",
                "st-on-track\">ok",
                "st-not-started\">unwatched",
            ] {
                assert!(
                    html.contains(badge),
                    "the audited page shows the {badge} feed"
                );
            }
        }
        audit(&html, &h.base_url, &path).await;
    }
    h.stop().await;
}

/// Runs axe-core over `html` (served at `base_url`, found at `path`) in Chromium and
/// fails on any WCAG 2.1 A or AA violation.
async fn audit(html: &str, base_url: &str, path: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("audited.html");
    std::fs::write(&file, with_axe(html, base_url)).unwrap();
    let url = format!("file://{}", file.display());
    let dom = browse(&url, &["--virtual-time-budget=20000", "--dump-dom"]).await;
    let start = dom
        .find(r#"<pre id="axe-results">"#)
        .unwrap_or_else(|| panic!("axe did not report on {path}"))
        + r#"<pre id="axe-results">"#.len();
    let report = &dom[start..start + dom[start..].find("</pre>").unwrap()];
    let report = report
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">");
    assert!(
        !report.starts_with("ERROR"),
        "axe failed on {path}: {report}"
    );
    let violations: Value = serde_json::from_str(&report).unwrap();
    assert_eq!(
        violations.as_array().map(Vec::len),
        Some(0),
        "WCAG 2.1 AA violations on {path}: {violations:#}"
    );
}

#[tokio::test]
async fn a_person_signs_in_through_the_provider_in_chromium_and_the_signed_in_and_no_access_pages_pass_axe()
 {
    chromium();
    let h = Harness::start().await;
    h.append(&seed()).await;
    let api = signin::start(h.data.path(), h.shutdown.clone()).await;
    let lead = TestUser::new("lead@contoso.com", "Ada Lovelace");
    api.provider.sign_in_as(&lead);
    let page = format!("{}/orgs/{ORG}", api.base_url);

    // Chromium follows the whole sign-in: the api, the provider, the callback, the page.
    let dom = dump_dom(&page).await;
    assert!(
        dom.contains("Signed in as <strong>Ada Lovelace</strong>"),
        "{dom}"
    );
    assert!(dom.contains(r#"href="/auth/logout""#) && dom.contains("Sign out"));
    assert_eq!(
        row_level(&dom, "sponsorship"),
        300,
        "the organisation's page itself"
    );
    screenshot(&page, "signed-in.png", "1280,900").await;

    let mut visitor = Visitor::new();
    let signed_in = visitor.follow(&page).await.pop().unwrap();
    assert_eq!(signed_in.status, 200);
    audit(&signed_in.body, &api.base_url, "the signed-in page").await;

    let grace = TestUser::new("grace@contoso.com", "Grace Hopper")
        .in_groups(&["0b6f7c1e-unrelated"])
        .with_app_roles(&["Other.Role"]);
    api.provider.sign_in_as(&grace);
    let mut visitor = Visitor::new();
    let refused = visitor.follow(&page).await.pop().unwrap();
    assert_eq!(refused.status, 403);
    assert!(refused.body.contains("Grace Hopper") && refused.body.contains("0b6f7c1e-unrelated"));
    audit(&refused.body, &api.base_url, "the no-access page").await;
    screenshot(&page, "no-access.png", "1280,900").await;
    h.stop().await;
}
