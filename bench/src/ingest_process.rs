//! The ingest service under test, run as its own process (`govtrack ingest`) so that
//! its CPU and memory are its own and its peak RSS can be read from `/proc`.

use std::fs::File;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

/// A running `govtrack ingest`. Killed when dropped.
pub struct IngestProcess {
    child: Child,
    base_url: String,
    log_file: PathBuf,
}

/// The `govtrack` binary: `explicit`, else next to the bench's own executable (where
/// `cargo build --release -p govtrack -p govtrack-bench` puts both).
pub fn locate(explicit: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    let path = match explicit {
        Some(path) => path,
        None => std::env::current_exe()
            .context("cannot find the bench's own executable")?
            .with_file_name("govtrack"),
    };
    if !path.is_file() {
        bail!(
            "the govtrack binary is not at {}. Build it next to the bench first:\n  \
             cargo build --release -p govtrack -p govtrack-bench\n\
             (with the same CARGO_TARGET_DIR), or pass --govtrack-bin PATH",
            path.display()
        );
    }
    Ok(path)
}

impl IngestProcess {
    /// Starts `binary ingest` against `nats_url` on a free loopback port, logging to
    /// a file in `dir`. The child gets no `GOVTRACK_*` variables of ours (a tokens
    /// file would turn authentication on).
    pub fn start(binary: &Path, nats_url: &str, dir: &Path) -> anyhow::Result<IngestProcess> {
        let port = free_port()?;
        let log_file = dir.join("ingest.log");
        let log = File::create(&log_file)?;
        let mut command = Command::new(binary);
        command
            .args(["ingest", "--nats-url", nats_url, "--http-addr"])
            .arg(format!("127.0.0.1:{port}"))
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log);
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("GOVTRACK_") {
                command.env_remove(key);
            }
        }
        let child = command
            .spawn()
            .with_context(|| format!("cannot start {}", binary.display()))?;
        Ok(IngestProcess {
            child,
            base_url: format!("http://127.0.0.1:{port}"),
            log_file,
        })
    }

    /// The OS process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `http://127.0.0.1:{port}`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Waits until `GET /readyz` answers 200 (NATS connected, stream present).
    pub async fn wait_ready(&mut self, limit: Duration) -> anyhow::Result<()> {
        let client = reqwest::Client::builder().no_proxy().build()?;
        let url = format!("{}/readyz", self.base_url);
        let started = Instant::now();
        while started.elapsed() < limit {
            if let Some(status) = self.child.try_wait()? {
                bail!(
                    "govtrack ingest exited ({status}); its log:\n{}",
                    self.log_tail()
                );
            }
            let ready = client.get(&url).send().await;
            if ready.is_ok_and(|r| r.status().is_success()) {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        bail!(
            "govtrack ingest was not ready within {} s; its log:\n{}",
            limit.as_secs(),
            self.log_tail()
        )
    }

    /// Peak resident set size so far (`VmHWM`), in MiB.
    pub fn peak_rss_mib(&self) -> anyhow::Result<f64> {
        let path = format!("/proc/{}/status", self.child.id());
        let status = std::fs::read_to_string(&path).with_context(|| format!("reading {path}"))?;
        let kib = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .with_context(|| format!("no VmHWM line in {path}"))?;
        Ok(kib / 1024.0)
    }

    /// Stops it as an operator would (SIGTERM), killing it after 10 s.
    pub fn stop(&mut self) {
        let _ = kill(Pid::from_raw(self.child.id() as i32), Signal::SIGTERM);
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(10) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(&self.log_file).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(15)..].join("\n")
    }
}

impl Drop for IngestProcess {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A port nothing listens on right now (the child binds it a moment later).
fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("cannot find a free port")?;
    Ok(listener.local_addr()?.port())
}
