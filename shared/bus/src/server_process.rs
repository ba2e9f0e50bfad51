//! A `nats-server` child process with JetStream: the embedded default of `govtrack up`,
//! and the real server every test starts for itself.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

/// Why a nats-server child could not be started.
#[derive(Debug, thiserror::Error)]
pub enum ServerProcessError {
    /// No `nats-server` binary was found.
    #[error(
        "nats-server is not installed (looked in $GOVTRACK_NATS_SERVER, $PATH, /usr/sbin, /usr/local/bin). \
         Install it with `sudo apt-get install nats-server` (Debian/Ubuntu) or from the official \
         release at github.com/nats-io/nats-server/releases, or set GOVTRACK_NATS_URL to use a running server"
    )]
    NotInstalled,
    /// The process could not be spawned or its files written.
    #[error("cannot start nats-server: {0}")]
    Io(#[from] std::io::Error),
    /// It started but did not report a client port.
    #[error("nats-server did not start listening within {secs} s; its log ends with:\n{log_tail}")]
    NotListening {
        /// Seconds waited.
        secs: u64,
        /// Last lines of its log.
        log_tail: String,
    },
}

/// Finds the `nats-server` binary: `$GOVTRACK_NATS_SERVER`, then `$PATH`, then the
/// places Debian and release tarballs put it.
pub fn locate_nats_server() -> Result<PathBuf, ServerProcessError> {
    if let Some(p) = std::env::var_os("GOVTRACK_NATS_SERVER").map(PathBuf::from) {
        return if p.is_file() {
            Ok(p)
        } else {
            Err(ServerProcessError::NotInstalled)
        };
    }
    let on_path = std::env::var_os("PATH")
        .map(|paths| {
            std::env::split_paths(&paths)
                .map(|d| d.join("nats-server"))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let fixed = [
        "/usr/sbin/nats-server",
        "/usr/local/bin/nats-server",
        "/usr/bin/nats-server",
    ]
    .map(PathBuf::from);
    on_path
        .into_iter()
        .chain(fixed)
        .find(|p| p.is_file())
        .ok_or(ServerProcessError::NotInstalled)
}

/// A running nats-server child. Killed when dropped.
pub struct NatsServerProcess {
    binary: PathBuf,
    store_dir: PathBuf,
    log_file: PathBuf,
    extra_args: Vec<String>,
    child: Option<Child>,
    port: u16,
}

impl NatsServerProcess {
    /// Starts `nats-server -js` on 127.0.0.1 with its store in `store_dir`, on `port`
    /// (or a free one when `None`), and waits until it listens. `extra_args` are passed
    /// on (e.g. `-c nats.conf`).
    pub fn start(
        store_dir: &Path,
        port: Option<u16>,
        extra_args: &[String],
    ) -> Result<NatsServerProcess, ServerProcessError> {
        std::fs::create_dir_all(store_dir)?;
        let mut server = NatsServerProcess {
            binary: locate_nats_server()?,
            store_dir: store_dir.to_owned(),
            log_file: store_dir.join("nats-server.log"),
            extra_args: extra_args.to_vec(),
            child: None,
            port: port.unwrap_or(0),
        };
        server.spawn()?;
        Ok(server)
    }

    fn spawn(&mut self) -> Result<(), ServerProcessError> {
        std::fs::write(&self.log_file, b"")?;
        let port = if self.port == 0 {
            "-1".to_owned()
        } else {
            self.port.to_string()
        };
        let child = Command::new(&self.binary)
            .args(["-js", "-a", "127.0.0.1", "-p", &port, "--store_dir"])
            .arg(&self.store_dir)
            .arg("-l")
            .arg(&self.log_file)
            .args(&self.extra_args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        self.child = Some(child);
        self.port = self.wait_for_port(Duration::from_secs(15))?;
        Ok(())
    }

    fn wait_for_port(&mut self, limit: Duration) -> Result<u16, ServerProcessError> {
        let started = Instant::now();
        while started.elapsed() < limit {
            let log = std::fs::read_to_string(&self.log_file).unwrap_or_default();
            if let Some(port) = listening_port(&log) {
                return Ok(port);
            }
            let exited = self
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten())
                .is_some();
            if exited {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let log = std::fs::read_to_string(&self.log_file).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(8).collect();
        Err(ServerProcessError::NotListening {
            secs: limit.as_secs(),
            log_tail: tail.into_iter().rev().collect::<Vec<_>>().join("\n"),
        })
    }

    /// The client URL, `nats://127.0.0.1:{port}`.
    pub fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }

    /// The client port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The OS process id, while running.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// Stops it cleanly (SIGTERM), killing it after 10 s.
    pub fn stop(&mut self) {
        self.signal_and_wait(Signal::SIGTERM, Duration::from_secs(10));
    }

    /// Kills it at once (SIGKILL), as a crash would.
    pub fn kill(&mut self) {
        self.signal_and_wait(Signal::SIGKILL, Duration::from_secs(5));
    }

    /// Starts it again on the same port with the same store.
    pub fn restart(&mut self) -> Result<(), ServerProcessError> {
        if self.child.is_some() {
            self.stop();
        }
        self.spawn()
    }

    fn signal_and_wait(&mut self, signal: Signal, limit: Duration) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        let pid = Pid::from_raw(child.id() as i32);
        let _ = kill(pid, signal);
        let started = Instant::now();
        while started.elapsed() < limit {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill();
        let _ = child.wait();
    }
}

impl Drop for NatsServerProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

fn listening_port(log: &str) -> Option<u16> {
    let line = log
        .lines()
        .find(|l| l.contains("Listening for client connections on"))?;
    line.rsplit(':').next()?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_port_is_read_from_the_log_line() {
        let log = "[1] 2026/11/23 [INF] Starting nats-server\n[1] 2026/11/23 [INF] Listening for client connections on 127.0.0.1:43121\n";
        assert_eq!(super::listening_port(log), Some(43121));
        assert_eq!(super::listening_port("nothing yet"), None);
    }
}
