//! A govtrack service under test (`govtrack ingest`, `govtrack projector`, `govtrack api`),
//! run as its own process so that its CPU and memory are its own and its peak RSS can
//! be read from `/proc`. Each logs to a file of the run's directory (shown when it fails
//! to start) and is killed when dropped, so an error anywhere in a run leaves no child
//! behind. Each is started with the bench's maturity model ([`MODEL`]), the one the
//! workloads are checked against.

use std::ffi::OsString;
use std::fs::File;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use crate::model::MODEL;

/// A running `govtrack <service>`. Killed when dropped.
pub struct Service {
    name: &'static str,
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

impl Service {
    /// `govtrack ingest` against `nats_url`, on a free loopback port, its id index
    /// under `{log_dir}/ingest-data`.
    pub fn ingest(binary: &Path, nats_url: &str, log_dir: &Path) -> anyhow::Result<Service> {
        Service::ingest_with(binary, nats_url, log_dir, &[])
    }

    /// [`Service::ingest`] with `extra` arguments (the (e) scenario's OpenID settings),
    /// on the same id index.
    pub fn ingest_with(
        binary: &Path,
        nats_url: &str,
        log_dir: &Path,
        extra: &[OsString],
    ) -> anyhow::Result<Service> {
        let mut args = vec![
            OsString::from("--nats-url"),
            nats_url.into(),
            "--data-dir".into(),
            log_dir.join("ingest-data").into(),
            "--model".into(),
            MODEL.into(),
        ];
        args.extend_from_slice(extra);
        Service::start(binary, ("ingest", "--http-addr"), &args, log_dir)
    }

    /// `govtrack projector` folding the log at `nats_url` into `data_dir`, serving its
    /// metrics on a free loopback port.
    pub fn projector(
        binary: &Path,
        nats_url: &str,
        data_dir: &Path,
        log_dir: &Path,
    ) -> anyhow::Result<Service> {
        let args = [
            OsString::from("--nats-url"),
            nats_url.into(),
            "--data-dir".into(),
            data_dir.into(),
            "--model".into(),
            MODEL.into(),
        ];
        Service::start(
            binary,
            ("projector", "--projector-http-addr"),
            &args,
            log_dir,
        )
    }

    /// `govtrack api` over the read model in `data_dir`, on a free loopback port.
    pub fn api(binary: &Path, data_dir: &Path, log_dir: &Path) -> anyhow::Result<Service> {
        let args = [
            OsString::from("--data-dir"),
            data_dir.into(),
            "--model".into(),
            MODEL.into(),
        ];
        Service::start(binary, ("api", "--api-addr"), &args, log_dir)
    }

    /// Starts `binary name args… ADDR_FLAG 127.0.0.1:PORT` (each service names its
    /// address flag for itself, as `govtrack up` takes all three), logging to
    /// `{log_dir}/{name}.log`. The child gets no `GOVTRACK_*` variables of ours (a
    /// tokens file would turn authentication on).
    fn start(
        binary: &Path,
        (name, addr_flag): (&'static str, &str),
        args: &[OsString],
        log_dir: &Path,
    ) -> anyhow::Result<Service> {
        let port = free_port()?;
        let mut log_file = log_dir.join(format!("{name}.log"));
        for n in 2.. {
            if !log_file.exists() {
                break;
            }
            log_file = log_dir.join(format!("{name}-{n}.log"));
        }
        let log = File::create(&log_file)
            .with_context(|| format!("cannot create {}", log_file.display()))?;
        let mut command = Command::new(binary);
        command
            .arg(name)
            .args(args)
            .arg(addr_flag)
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
            .with_context(|| format!("cannot start {} {name}", binary.display()))?;
        Ok(Service {
            name,
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

    /// Waits until `GET /readyz` answers 200.
    pub async fn wait_ready(&mut self, limit: Duration) -> anyhow::Result<()> {
        let client = govtrack_runtime::http_client_builder().no_proxy().build()?;
        let url = format!("{}/readyz", self.base_url);
        let started = Instant::now();
        while started.elapsed() < limit {
            self.check_running()?;
            let ready = client.get(&url).send().await;
            if ready.is_ok_and(|r| r.status().is_success()) {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        bail!(
            "govtrack {} was not ready within {} s; its log:\n{}",
            self.name,
            limit.as_secs(),
            self.log_tail()
        )
    }

    /// Fails (with the end of its log) if the process has exited.
    pub fn check_running(&mut self) -> anyhow::Result<()> {
        if let Some(status) = self.child.try_wait()? {
            bail!(
                "govtrack {} exited ({status}); its log:\n{}",
                self.name,
                self.log_tail()
            );
        }
        Ok(())
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

impl Drop for Service {
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
