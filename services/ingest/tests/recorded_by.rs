//! Every stored event says who recorded it, from the authenticated caller and never
//! from the body: a token by its name, the local user without tokens, a NATS request
//! by its subject, the api's on-behalf request by the caller it names, a webhook by
//! its sender.

use crate::common;

use async_nats::HeaderMap;
use common::{sponsor_named, start, start_with_token};
use govtrack_events::{RecordedBy, RecorderKind};
use govtrack_testkit::assert_error_mentions;
use serde_json::{Value, json};

async fn request(
    client: &async_nats::Client,
    subject: &str,
    headers: HeaderMap,
    body: &Value,
) -> (u16, Value) {
    let payload = serde_json::to_vec(body).unwrap().into();
    let reply = client
        .request_with_headers(subject.to_owned(), headers, payload)
        .await
        .unwrap();
    let status = reply.headers.as_ref().unwrap().get("Govtrack-Status");
    let status = status.unwrap().as_str().parse().unwrap();
    (status, serde_json::from_slice(&reply.payload).unwrap())
}

fn caller_header(by: &RecordedBy) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        "Govtrack-Recorded-By",
        serde_json::to_string(by).unwrap().as_str(),
    );
    headers
}

#[tokio::test]
async fn a_token_records_by_its_name_and_a_body_cannot_say_otherwise() {
    let svc = start_with_token("s3cret").await;
    let body = serde_json::to_vec(&sponsor_named("t1", "cio")).unwrap();
    let (status, answer) = svc.post_raw(body, Some("s3cret")).await;
    assert_eq!(status, 200, "{answer}");
    let mut forged = sponsor_named("t2", "cfo");
    forged["recorded_by"] = json!({"kind": "user", "id": "the-ceo"});
    let (status, answer) = svc
        .post_raw(serde_json::to_vec(&forged).unwrap(), Some("s3cret"))
        .await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(answer["error"]["problems"][0]["field"], "recorded_by");
    let events = svc.stream_events().await;
    assert_eq!(events.len(), 1, "the forged event is not appended");
    assert_eq!(events[0].recorded_by, Some(RecordedBy::token("hooks")));
}

#[tokio::test]
async fn without_tokens_the_local_user_records() {
    let svc = start(None).await;
    let (status, answer) = svc.post(&sponsor_named("l1", "cio")).await;
    assert_eq!(status, 200, "{answer}");
    let events = svc.stream_events().await;
    assert_eq!(events[0].recorded_by, Some(RecordedBy::local()));
}

#[tokio::test]
async fn a_nats_request_records_by_its_subject_and_may_not_name_a_caller() {
    let svc = start(None).await;
    let client = svc.nats.client().await;
    let subject = "govtrack.ingest.contoso";
    let body = sponsor_named("n1", "cio");
    let (status, answer) = request(&client, subject, HeaderMap::new(), &body).await;
    assert_eq!(status, 200, "{answer}");
    let ada = RecordedBy::user("oid-ada", Some("ada@contoso.com".into()));
    let (status, answer) = request(
        &client,
        subject,
        caller_header(&ada),
        &sponsor_named("n2", "cfo"),
    )
    .await;
    assert_eq!(status, 403, "{answer}");
    assert_error_mentions(&answer, "Govtrack-Recorded-By");
    let events = svc.stream_events().await;
    assert_eq!(
        events.len(),
        1,
        "the request naming someone is not appended"
    );
    assert_eq!(events[0].recorded_by, Some(RecordedBy::nats(subject)));
}

#[tokio::test]
async fn an_on_behalf_request_records_the_caller_it_names_and_needs_one() {
    let svc = start(None).await;
    let client = svc.nats.client().await;
    let subject = "govtrack.ingest.contoso.on-behalf";
    let ada = RecordedBy::user("oid-ada", Some("ada@contoso.com".into()));
    let (status, answer) = request(
        &client,
        subject,
        caller_header(&ada),
        &sponsor_named("b1", "cio"),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    let (status, answer) = request(
        &client,
        subject,
        HeaderMap::new(),
        &sponsor_named("b2", "x"),
    )
    .await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(
        answer["error"]["problems"][0]["field"],
        "Govtrack-Recorded-By"
    );
    let mut garbled = HeaderMap::new();
    garbled.insert("Govtrack-Recorded-By", "ada");
    let (status, _) = request(&client, subject, garbled, &sponsor_named("b3", "x")).await;
    assert_eq!(status, 400);
    let (status, _) = request(
        &client,
        "govtrack.ingest.fabrikam.on-behalf",
        caller_header(&ada),
        &sponsor_named("b4", "cio"),
    )
    .await;
    assert_eq!(status, 403, "the subject's org still binds the events");
    let events = svc.stream_events().await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].recorded_by, Some(ada));
    assert_eq!(
        events[0].recorded_by.as_ref().unwrap().kind,
        RecorderKind::User
    );
}
