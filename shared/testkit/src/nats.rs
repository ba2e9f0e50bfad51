//! [`TestNats`]: a throwaway nats-server with JetStream, one per test.

use govtrack_bus::streams::StreamSettings;
use govtrack_bus::subjects::EVENTS_STREAM;
use govtrack_bus::{Bus, NatsServerProcess, NatsSettings};
use tempfile::TempDir;

/// A throwaway nats-server with JetStream.
pub struct TestNats {
    server: NatsServerProcess,
    dir: TempDir,
}

impl TestNats {
    /// Starts a server; panics with the reason when nats-server is missing, since a
    /// test that cannot reach its real parts must fail, not pass.
    pub fn start() -> TestNats {
        Self::start_with(&[])
    }

    /// Starts a server with extra command-line arguments.
    pub fn start_with(extra_args: &[String]) -> TestNats {
        let dir = tempfile::Builder::new()
            .prefix("govtrack-nats-")
            .tempdir()
            .expect("temp dir");
        let server = NatsServerProcess::start(&dir.path().join("store"), None, extra_args)
            .unwrap_or_else(|e| panic!("cannot start nats-server for the test: {e}"));
        TestNats { server, dir }
    }

    /// `nats://127.0.0.1:{port}`.
    pub fn url(&self) -> String {
        self.server.url()
    }

    /// A directory private to this server, for the test's other files.
    pub fn dir(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// Kills the server (SIGKILL), as a crash would.
    pub fn kill(&mut self) {
        self.server.kill();
    }

    /// Starts the server again on the same port with the same store.
    pub fn restart(&mut self) {
        self.server.restart().expect("restart nats-server");
    }

    /// A plain client connection.
    pub async fn client(&self) -> async_nats::Client {
        async_nats::connect(self.url())
            .await
            .expect("connect to test nats-server")
    }

    /// A [`Bus`] on this server, its streams provisioned with `stream`; `name` is the
    /// connection's name.
    pub async fn bus(&self, name: &str, stream: &StreamSettings) -> Bus {
        let settings = NatsSettings::new(self.url(), name);
        (Bus::connect(&settings, stream).await).expect("connect and provision the streams")
    }

    /// How many messages the log (`GOVTRACK_EVENTS`) holds.
    pub async fn log_messages(&self) -> u64 {
        stream_messages(self.client().await, EVENTS_STREAM).await
    }
}

/// A temporary directory whose name starts with `prefix`, deleted when dropped.
pub fn temp_dir(prefix: &str) -> TempDir {
    (tempfile::Builder::new().prefix(prefix).tempdir()).expect("a temporary directory")
}

/// How many messages `stream` holds, read through `client`.
pub async fn stream_messages(client: async_nats::Client, stream: &str) -> u64 {
    let js = async_nats::jetstream::new(client);
    let mut stream = js.get_stream(stream).await.expect("the stream exists");
    stream
        .info()
        .await
        .expect("the stream's info")
        .state
        .messages
}
