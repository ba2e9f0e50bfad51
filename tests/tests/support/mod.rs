//! nats-server processes configured by the repository's own files in `deploy/`.

#![allow(dead_code)]

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A free loopback port for a config file that must name its ports.
///
/// It is released before nats-server binds it, so it is drawn below the kernel's
/// ephemeral range (32768 and up here): ports the kernel hands out to other tests'
/// `:0` listeners and outgoing connections meanwhile cannot take it.
pub fn free_port() -> u16 {
    use std::hash::{BuildHasher, RandomState};
    use std::sync::atomic::{AtomicU64, Ordering};
    static DRAWS: AtomicU64 = AtomicU64::new(0);
    loop {
        let draw = RandomState::new().hash_one(DRAWS.fetch_add(1, Ordering::Relaxed));
        let port = 20_000 + (draw % 12_000) as u16;
        if TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
}

/// `deploy/{name}` in this repository.
pub fn deploy_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../deploy")
        .join(name)
}

/// A nats-server started from a config file with environment values; killed on drop.
pub struct ConfiguredNats {
    child: Option<Child>,
    pub port: u16,
    args: Vec<String>,
    env: Vec<(String, String)>,
}

impl ConfiguredNats {
    pub fn start(
        config: &Path,
        port: u16,
        extra: &[&str],
        env: &[(&str, String)],
    ) -> ConfiguredNats {
        let mut args = vec!["-c".to_owned(), config.to_str().unwrap().to_owned()];
        args.extend(extra.iter().map(|s| (*s).to_owned()));
        let env = env
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect();
        let mut node = ConfiguredNats {
            child: None,
            port,
            args,
            env,
        };
        node.spawn();
        node
    }

    fn spawn(&mut self) {
        let binary = govtrack_bus::locate_nats_server().expect("nats-server installed");
        let child = Command::new(binary)
            .args(&self.args)
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn nats-server");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(15);
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "nats-server on {} did not start",
                self.port
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }

    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for ConfiguredNats {
    fn drop(&mut self) {
        self.kill();
    }
}
