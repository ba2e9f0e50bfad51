//! The repository's accounts configuration (deploy/nats-accounts.conf): only ingest
//! writes the log; a tool may only request ingest for its own org.

use crate::support;

use std::time::Duration;

use govtrack_bus::subjects::EVENTS_STREAM;
use govtrack_bus::{NatsAuth, NatsSettings};
use govtrack_ingest::Settings;
use govtrack_runtime::CancellationToken;
use govtrack_testkit::stream_messages;
use serde_json::json;
use support::{ConfiguredNats, deploy_file, free_port};

fn login(url: &str, user: &str, password: &str) -> NatsSettings {
    NatsSettings {
        url: url.to_owned(),
        auth: NatsAuth::UserPassword {
            user: user.to_owned(),
            password: password.to_owned(),
        },
        name: user.to_owned(),
    }
}

/// A client logged in as `user`.
async fn connect_as(url: &str, user: &str, password: &str) -> async_nats::Client {
    govtrack_bus::connect(&login(url, user, password))
        .await
        .unwrap()
}

/// Publishes `body` on `subject` and waits until the server has it (or dropped it).
async fn publish(client: &async_nats::Client, subject: &'static str, body: Vec<u8>) {
    client.publish(subject, body.into()).await.unwrap();
    client.flush().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tools_cannot_write_the_log_directly_nor_ingest_for_another_org() {
    let store = tempfile::tempdir().unwrap();
    let port = free_port();
    let env = [
        ("GOVTRACK_NATS_INGEST_PASSWORD", "ingest-pw".to_owned()),
        ("GOVTRACK_NATS_SERVICE_PASSWORD", "service-pw".to_owned()),
        ("GOVTRACK_NATS_API_PASSWORD", "api-pw".to_owned()),
        ("GOVTRACK_NATS_TOOLING_PASSWORD", "tool-pw".to_owned()),
        ("GOVTRACK_NATS_ALERTS_PASSWORD", "alerts-pw".to_owned()),
    ];
    let port_arg = port.to_string();
    let nats = ConfiguredNats::start(
        &deploy_file("nats-accounts.conf"),
        port,
        &[
            "-a",
            "127.0.0.1",
            "-p",
            &port_arg,
            "-js",
            "--store_dir",
            store.path().to_str().unwrap(),
        ],
        &env,
    );

    let mut settings = Settings::local(&nats.url(), &store.path().join("ingest"));
    settings.nats = login(&nats.url(), "ingest", "ingest-pw");
    settings.http_addr = "127.0.0.1:0".parse().unwrap();
    let app = govtrack_ingest::build(settings)
        .await
        .expect("ingest may provision and write the log");
    let shutdown = CancellationToken::new();
    let _guard = shutdown.clone().drop_guard();
    tokio::spawn(app.run(shutdown));

    let tool = connect_as(&nats.url(), "tooling-contoso", "tool-pw").await;
    let event = |org: &str| {
        serde_json::to_vec(&json!({"type": "hackathon.held", "org": org,
            "data": {"name": "Spring", "participants": 10}}))
        .unwrap()
    };

    let none = async_nats::HeaderMap::new;
    // Its own org, through ingest: accepted.
    let own = answer(&tool, "govtrack.ingest.contoso", none(), event("contoso")).await;
    assert_eq!(own.as_deref(), Some("200"));
    // Another org: the server refuses the request.
    let other = answer(&tool, "govtrack.ingest.fabrikam", none(), event("fabrikam")).await;
    assert_eq!(
        other, None,
        "a request for another org must not be answered"
    );

    // On behalf of someone else: only the api's user may publish there.
    let mut forged = none();
    forged.insert("Govtrack-Recorded-By", r#"{"kind":"user","id":"the-ceo"}"#);
    let on_behalf = "govtrack.ingest.contoso.on-behalf";
    let tool_forging = answer(&tool, on_behalf, forged.clone(), event("contoso")).await;
    assert_eq!(
        tool_forging, None,
        "a tool's request in someone else's name must not be answered"
    );
    let api = connect_as(&nats.url(), "api", "api-pw").await;
    let forwarded = answer(&api, on_behalf, forged, event("contoso")).await;
    assert_eq!(
        forwarded.as_deref(),
        Some("200"),
        "the api forwards a write in its caller's name"
    );

    // Straight onto the log: the server drops it.
    publish(
        &tool,
        "govtrack.events.contoso.org.contoso",
        event("contoso"),
    )
    .await;

    let admin = connect_as(&nats.url(), "ingest", "ingest-pw").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let messages = stream_messages(admin.clone(), EVENTS_STREAM).await;
    assert_eq!(
        messages, 2,
        "only the events sent through ingest are on the log"
    );

    // An alert receiver may read alerts but not write the log.
    let alerts = connect_as(&nats.url(), "alerts", "alerts-pw").await;
    let mut sub = alerts.subscribe("govtrack.alerts.>").await.unwrap();
    publish(
        &alerts,
        "govtrack.events.contoso.org.contoso",
        event("contoso"),
    )
    .await;
    let services = connect_as(&nats.url(), "services", "service-pw").await;
    publish(&services, "govtrack.alerts.contoso.stalled", b"{}".to_vec()).await;
    let got = tokio::time::timeout(Duration::from_secs(5), futures_next(&mut sub)).await;
    assert!(got.is_ok(), "the alert receiver gets alerts");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let messages = stream_messages(admin, EVENTS_STREAM).await;
    assert_eq!(messages, 2, "the alert receiver could not write the log");
}

/// Ingest's `Govtrack-Status` for a request, or `None` when nothing answers within
/// two seconds (the server dropped a request the user may not publish).
async fn answer(
    client: &async_nats::Client,
    subject: &'static str,
    headers: async_nats::HeaderMap,
    body: Vec<u8>,
) -> Option<String> {
    let request = client.request_with_headers(subject, headers, body.into());
    let reply = tokio::time::timeout(Duration::from_secs(2), request).await;
    let reply = reply.ok()?.ok()?;
    let status = reply.headers?.get("Govtrack-Status")?.as_str().to_owned();
    Some(status)
}

async fn futures_next(sub: &mut async_nats::Subscriber) -> Option<async_nats::Message> {
    use futures_util::StreamExt;
    sub.next().await
}
