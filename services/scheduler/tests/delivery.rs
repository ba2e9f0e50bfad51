//! Webhook delivery against real HTTP receivers: signatures during key rotation,
//! retries while the receiver is down, Retry-After, and 410 Gone.

use crate::common;

use chrono::TimeDelta;
use common::*;
use govtrack_scheduler::commands;
use govtrack_scheduler::delivery::Format;

#[tokio::test]
async fn every_signature_verifies_during_key_rotation() {
    let h = Harness::start().await;
    let knows_old = Receiver::start(&[OLD_SECRET]).await;
    let knows_new = Receiver::start(&[NEW_SECRET]).await;
    let mut settings = h.settings("a");
    for (name, r) in [("old", &knows_old), ("new", &knows_new)] {
        settings.webhooks.push(webhook(
            name,
            &r.url(),
            &[OLD_SECRET, NEW_SECRET],
            Format::Native,
        ));
    }
    h.start_initiative("contoso", "i1", t0()).await;
    h.run_once(&settings, days(29)).await;
    assert_eq!(knows_old.received()[0].verified_with, [0]);
    assert_eq!(knows_new.received()[0].verified_with, [0]);
    assert_eq!(
        knows_old.received()[0].id,
        knows_new.received()[0].id,
        "one webhook-id per notification"
    );
}

#[tokio::test]
async fn with_the_receiver_down_deliveries_retry_and_succeed_when_it_returns() {
    let h = Harness::start().await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let mut settings = h.settings("a");
    let url = format!("http://{port}/hook");
    settings
        .webhooks
        .push(webhook("hook", &url, &[OLD_SECRET], Format::Native));
    h.start_initiative("contoso", "i1", t0()).await;
    let now = days(29);
    let report = h.run_once(&settings, now).await;
    assert_eq!(report.deliveries.retrying, 1);
    // Back-off is 30–60 s after the first failure: not yet due after 20 s.
    let report = h.run_once(&settings, now + TimeDelta::seconds(20)).await;
    assert_eq!(report.deliveries.retrying + report.deliveries.delivered, 0);

    let receiver = Receiver::start_on(port, &[OLD_SECRET]).await;
    let report = h.run_once(&settings, now + TimeDelta::minutes(2)).await;
    assert_eq!(report.deliveries.delivered, 1);
    assert_eq!(receiver.received().len(), 1);
    let hook = commands::deliveries(&settings, Some("contoso"), 10).unwrap();
    let hook = hook.iter().find(|d| d.target == "hook").unwrap();
    assert_eq!((hook.state.as_str(), hook.attempts), ("delivered", 2));
    assert_eq!(hook.history[0].outcome, "pending");
    assert!(hook.history[0].error.is_some());
    assert_eq!(hook.history[1].status, Some(200));
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let (h, receiver, settings) = Harness::with_hook(Format::Native).await;
    receiver.answer(503);
    *receiver.retry_after.lock().unwrap() = Some("3600".to_owned());
    h.start_initiative("contoso", "i1", t0()).await;
    let now = days(29);
    h.run_once(&settings, now).await;
    receiver.answer(200);
    h.run_once(&settings, now + TimeDelta::minutes(10)).await;
    assert_eq!(
        receiver.received().len(),
        1,
        "waits for Retry-After, not the back-off"
    );
    h.run_once(&settings, now + TimeDelta::minutes(61)).await;
    assert_eq!(receiver.received().len(), 2);
}

#[tokio::test]
async fn a_410_disables_the_endpoint() {
    let (h, receiver, settings) = Harness::with_hook(Format::Native).await;
    receiver.answer(410);
    h.start_initiative("contoso", "i1", t0()).await;
    let report = h.run_once(&settings, days(29)).await;
    assert_eq!(report.deliveries.disabled, 1);
    // The alert resolves: the resolved notification goes to NATS, not to the endpoint.
    h.progress("contoso", "i1", days(29) + TimeDelta::hours(1))
        .await;
    h.run_once(&settings, days(29) + TimeDelta::hours(2)).await;
    assert_eq!(receiver.received().len(), 1);
    assert_eq!(h.alert_messages().await.len(), 2);
    let deliveries = commands::deliveries(&settings, None, 10).unwrap();
    let states: Vec<(&str, &str)> = deliveries
        .iter()
        .map(|d| (d.target.as_str(), d.state.as_str()))
        .collect();
    assert!(states.contains(&("hook", "disabled")), "{states:?}");
    assert_eq!(
        states.iter().filter(|(t, _)| *t == "hook").count(),
        1,
        "{states:?}"
    );
    assert!(commands::enable_endpoint(&settings, "hook").unwrap());
}
