//! Headless Chromium driven over the DevTools protocol, for tests that follow links,
//! type into forms, submit them and go back, as a person does. The protocol runs over
//! `--remote-debugging-pipe`: NUL-terminated JSON messages on the browser's file
//! descriptors 3 (in) and 4 (out), which a shell wires to the child's stdin and stdout.
//! The page's own scripts are off (the dashboard must work without them); the test
//! reads and acts through `Runtime.evaluate`, which the protocol runs regardless.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, ChildStdin, ChildStdout};

const CHROMIUM: &str = "/usr/bin/chromium";

/// How long one protocol call, or one page load, may take.
const PATIENCE: Duration = Duration::from_secs(60);

/// A browser with one page.
pub struct Browser {
    child: Child,
    to: ChildStdin,
    from: BufReader<ChildStdout>,
    next_id: u64,
    /// Marks left on pages so far.
    marks: u64,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts Chromium with a page of `width` × `height` CSS pixels, scripts off.
    pub async fn start(width: u32, height: u32) -> Browser {
        assert!(
            Path::new(CHROMIUM).exists(),
            "{CHROMIUM} is missing: run scripts/test.sh, which installs Debian's chromium package"
        );
        let profile = tempfile::tempdir().unwrap();
        let command = format!(
            "exec 3<&0 4>&1 </dev/null >/dev/null; exec {CHROMIUM} --headless --no-sandbox \
             --disable-gpu --disable-quic --no-first-run --disable-background-networking \
             --disable-component-update --disable-sync --hide-scrollbars \
             --remote-debugging-pipe --user-data-dir={} about:blank",
            profile.path().display()
        );
        let mut child = tokio::process::Command::new("bash")
            .args(["-c", &command])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("run chromium");
        let to = child.stdin.take().unwrap();
        let from = BufReader::new(child.stdout.take().unwrap());
        let mut browser = Browser {
            child,
            to,
            from,
            next_id: 0,
            marks: 0,
            session: String::new(),
            _profile: profile,
        };
        let target = browser
            .send(None, "Target.createTarget", json!({"url": "about:blank"}))
            .await;
        let target = target["targetId"].as_str().unwrap().to_owned();
        let attached = browser
            .send(
                None,
                "Target.attachToTarget",
                json!({"targetId": target, "flatten": true}),
            )
            .await;
        browser.session = attached["sessionId"].as_str().unwrap().to_owned();
        browser.call("Page.enable", json!({})).await;
        browser
            .call(
                "Emulation.setDeviceMetricsOverride",
                json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}),
            )
            .await;
        browser
            .call(
                "Emulation.setScriptExecutionDisabled",
                json!({"value": true}),
            )
            .await;
        browser
    }

    /// One protocol call on the page; answers its `result`.
    pub async fn call(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.send(Some(&session), method, params).await
    }

    /// A call that fails while the page is being replaced; `None` then.
    async fn try_call(&mut self, method: &str, params: Value) -> Option<Value> {
        let session = self.session.clone();
        let answer = self.exchange(Some(&session), method, params).await;
        answer
            .get("error")
            .is_none()
            .then(|| answer["result"].clone())
    }

    async fn send(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        let answer = self.exchange(session, method, params.clone()).await;
        assert!(answer.get("error").is_none(), "{method} {params}: {answer}");
        answer["result"].clone()
    }

    /// Sends one message and reads until its answer, skipping events.
    async fn exchange(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        let mut bytes = serde_json::to_vec(&message).unwrap();
        bytes.push(0);
        self.to.write_all(&bytes).await.unwrap();
        self.to.flush().await.unwrap();
        let deadline = Instant::now() + PATIENCE;
        loop {
            let mut frame = Vec::new();
            let read =
                tokio::time::timeout_at(deadline.into(), self.from.read_until(0, &mut frame));
            let n = read
                .await
                .unwrap_or_else(|_| panic!("no answer to {method} within {PATIENCE:?}"))
                .unwrap();
            assert!(n > 0, "chromium closed its pipe during {method}");
            frame.pop();
            let answer: Value = serde_json::from_slice(&frame).unwrap();
            if answer["id"] == json!(id) {
                return answer;
            }
        }
    }

    /// The value of a JavaScript expression in the page.
    pub async fn eval(&mut self, expression: &str) -> Value {
        let result = self
            .call(
                "Runtime.evaluate",
                json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
            )
            .await;
        assert!(
            result.get("exceptionDetails").is_none(),
            "{expression}: {result}"
        );
        result["result"]["value"].clone()
    }

    /// Opens `url` and waits for it.
    pub async fn open(&mut self, url: &str) {
        self.mark().await;
        self.call("Page.navigate", json!({"url": url})).await;
        self.wait_for_new_page().await;
    }

    /// Clicks the element `selector` finds (a link, a submit button) and waits for the
    /// page it leads to.
    pub async fn click(&mut self, selector: &str) {
        self.mark().await;
        let found = self
            .eval(&format!(
                "(() => {{ const e = document.querySelector({}); if (!e) return false; e.click(); return true; }})()",
                json!(selector)
            ))
            .await;
        assert_eq!(found, json!(true), "nothing matches {selector}");
        self.wait_for_new_page().await;
    }

    /// Types `text` into the input `selector` finds, as a keyboard would.
    pub async fn type_into(&mut self, selector: &str, text: &str) {
        let found = self
            .eval(&format!(
                "(() => {{ const e = document.querySelector({}); if (!e) return false; e.focus(); e.select && e.select(); return true; }})()",
                json!(selector)
            ))
            .await;
        assert_eq!(found, json!(true), "nothing matches {selector}");
        self.call("Input.insertText", json!({"text": text})).await;
    }

    /// Goes back one page in the history, as the back button does.
    pub async fn back(&mut self) {
        let history = self.call("Page.getNavigationHistory", json!({})).await;
        let current = history["currentIndex"].as_u64().unwrap() as usize;
        let entry = history["entries"][current - 1]["id"].clone();
        self.mark().await;
        self.call("Page.navigateToHistoryEntry", json!({"entryId": entry}))
            .await;
        self.wait_for_new_page().await;
    }

    /// Gives the page `width` × `height` CSS pixels (a phone is 390 wide).
    pub async fn resize(&mut self, width: u32, height: u32) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}),
        )
        .await;
    }

    /// The page's address.
    pub async fn url(&mut self) -> String {
        self.eval("location.href")
            .await
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// The page's document as the browser holds it.
    pub async fn html(&mut self) -> String {
        let html = self.eval("document.documentElement.outerHTML").await;
        html.as_str().unwrap().to_owned()
    }

    /// A screenshot of the whole page, saved at `path`.
    pub async fn screenshot(&mut self, path: &Path) -> PathBuf {
        let shot = self
            .call(
                "Page.captureScreenshot",
                json!({"format": "png", "captureBeyondViewport": true}),
            )
            .await;
        let png = base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().unwrap())
            .unwrap();
        std::fs::write(path, png).unwrap();
        println!("screenshot: {}", path.display());
        path.to_owned()
    }

    /// The WCAG 2.1 A and AA violations axe-core finds on the page as it is. axe's
    /// timers need scripts on, for the length of the audit (the page has none).
    pub async fn axe(&mut self, axe_source: &str) -> Value {
        self.call(
            "Emulation.setScriptExecutionDisabled",
            json!({"value": false}),
        )
        .await;
        self.eval(axe_source).await;
        let violations = self.eval(
            "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
               .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                 nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary)})))",
        )
        .await;
        self.call(
            "Emulation.setScriptExecutionDisabled",
            json!({"value": true}),
        )
        .await;
        violations
    }

    /// Leaves a mark on the current document, which no other page has (a page the
    /// back button restores keeps an older mark).
    async fn mark(&mut self) {
        self.marks += 1;
        self.eval(&format!("window.__govtrackMark = {}", self.marks))
            .await;
    }

    async fn wait_for_new_page(&mut self) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let state = self
                .try_call(
                    "Runtime.evaluate",
                    json!({"expression": format!("window.__govtrackMark !== {} && document.readyState === 'complete'", self.marks), "returnByValue": true}),
                )
                .await;
            if state.is_some_and(|s| s["result"]["value"] == json!(true)) {
                return;
            }
            assert!(Instant::now() < deadline, "no new page within {PATIENCE:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
    }
}

/// axe-core's script, where `scripts/test.sh` installs it (npm) unless
/// `GOVTRACK_AXE_JS` says otherwise; this audit never skips.
pub fn axe_source() -> String {
    let path = std::env::var("GOVTRACK_AXE_JS").map_or_else(
        |_| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../target/axe/node_modules/axe-core/axe.min.js")
        },
        PathBuf::from,
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "axe-core is missing at {}: {e}. Run scripts/test.sh, which installs it with npm",
            path.display()
        )
    })
}

/// Where the screenshots of the browser tests go (kept, printed in the output).
pub fn screenshot_path(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("dashboard-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}
