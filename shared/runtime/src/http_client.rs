//! The one way govtrack builds an outgoing HTTP client (webhooks, the inventory
//! collector, the CLI, tests): reqwest with TLS by rustls on the ring provider, which
//! the NATS client already links. rustls needs a process-wide crypto provider before a
//! client is built; [`http_client_builder`] installs it once, so no caller can forget.
//! `clippy.toml` forbids `reqwest::Client::new` and `reqwest::Client::builder`.
//!
//! Certificates are checked against the operating system's store (Debian's
//! `ca-certificates`), through rustls-platform-verifier.

use std::sync::Once;

static PROVIDER: Once = Once::new();

/// A client builder with TLS ready; add time-outs and build.
#[allow(clippy::disallowed_methods)] // the one place allowed to call it
pub fn http_client_builder() -> reqwest::ClientBuilder {
    PROVIDER.call_once(|| {
        // Err means another provider is installed already, which serves as well.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
    reqwest::Client::builder()
}

/// A client with reqwest's defaults and TLS ready.
pub fn http_client() -> reqwest::Client {
    http_client_builder()
        .build()
        .expect("a default HTTP client builds once a TLS provider is installed")
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncReadExt;

    /// The client speaks TLS to an `https://` URL: the first bytes a listener receives
    /// are a TLS handshake record (0x16) carrying a ClientHello (0x01).
    #[tokio::test]
    async fn an_https_request_opens_with_a_tls_client_hello() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("https://{}/", listener.local_addr().unwrap());
        let hello = tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut head = [0u8; 6];
            socket.read_exact(&mut head).await.unwrap();
            head
        });
        let client = http_client_builder()
            .timeout(std::time::Duration::from_secs(5))
            .build()
            .unwrap();
        // The listener never answers, so the request fails; what it sent is the point.
        let sent = tokio::spawn(async move { client.get(url).send().await });
        let head = hello.await.unwrap();
        sent.abort();
        assert_eq!(head[0], 0x16, "not a TLS handshake record: {head:?}");
        assert_eq!(head[5], 0x01, "not a ClientHello: {head:?}");
    }

    #[test]
    fn building_twice_installs_the_provider_once_without_error() {
        drop(http_client());
        drop(http_client());
    }
}
