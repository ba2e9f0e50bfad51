//! Ingest over NATS request/reply, queue group `ingest`, on two subjects:
//! - `govtrack.ingest.{org}`: tooling's requests. Who may request which subject is
//!   NATS's business (see deploy/nats-accounts.conf); the events are recorded as
//!   `{"kind":"nats","id":<subject>}`.
//! - `govtrack.ingest.{org}.on-behalf`: the api's, for the person or app it
//!   authenticated, named by the `Govtrack-Recorded-By` header. NATS permissions let
//!   only the api's user publish there (docs/adr/0009); on the plain subject that
//!   header is refused, so no tool can name someone else.
//!
//! The body is an envelope or an array; the reply is the JSON the HTTP API returns,
//! with the HTTP status in the `Govtrack-Status` header. The org of the subject must
//! match every event's org.

use async_nats::{HeaderMap, Subscriber};
use chrono::Utc;
use futures_util::StreamExt;
use govtrack_bus::subjects::{
    INGEST_QUEUE, INGEST_WILDCARD, IngestSubject, ON_BEHALF_WILDCARD, RECORDED_BY_HEADER,
    parse_ingest_subject,
};
use govtrack_events::{Event, Problem, RecordedBy, ValidationError};
use govtrack_runtime::{CancellationToken, TaskTracker};

use crate::IngestError;
use crate::accept::accept;
use crate::state::AppState;

/// The two subscriptions ingest answers on.
pub(crate) struct Requests {
    plain: Subscriber,
    on_behalf: Subscriber,
}

/// Subscribes to ingest requests, and waits until the server has the subscriptions: a
/// request sent once `build` returned finds a responder.
pub(crate) async fn subscribe(client: &async_nats::Client) -> anyhow::Result<Requests> {
    let queue = || INGEST_QUEUE.to_owned();
    let plain = client.queue_subscribe(INGEST_WILDCARD, queue()).await?;
    let on_behalf = client.queue_subscribe(ON_BEHALF_WILDCARD, queue()).await?;
    client.flush().await?;
    Ok(Requests { plain, on_behalf })
}

/// Answers ingest requests until `shutdown`, then lets in-flight requests finish.
pub(crate) async fn serve(
    state: AppState,
    requests: Requests,
    shutdown: CancellationToken,
) -> anyhow::Result<()> {
    let tracker = TaskTracker::new();
    let Requests {
        mut plain,
        mut on_behalf,
    } = requests;
    loop {
        let next = tokio::select! {
            _ = shutdown.cancelled() => break,
            next = plain.next() => next,
            next = on_behalf.next() => next,
        };
        match next {
            Some(msg) => {
                tracker.spawn(handle(state.clone(), msg));
            }
            None => break,
        }
    }
    let _ = plain.unsubscribe().await;
    let _ = on_behalf.unsubscribe().await;
    tracker.close();
    tracker.wait().await;
    Ok(())
}

async fn handle(state: AppState, msg: async_nats::Message) {
    let Some(reply) = msg.reply.clone() else {
        return;
    };
    let (status, body) = match answer(&state, &msg).await {
        Ok(accepted) => (200, accepted.body()),
        Err(e) => (e.status().as_u16(), e.body()),
    };
    let mut headers = HeaderMap::new();
    headers.insert("Govtrack-Status", status.to_string().as_str());
    let payload = serde_json::to_vec(&body).unwrap_or_default();
    if let Err(e) = state
        .bus
        .client()
        .publish_with_headers(reply, headers, payload.into())
        .await
    {
        tracing::warn!(error = %e, "could not send the ingest reply");
    }
}

async fn answer(
    state: &AppState,
    msg: &async_nats::Message,
) -> Result<crate::accept::Accepted, IngestError> {
    let subject = msg.subject.as_str();
    let parsed = parse_ingest_subject(subject)
        .ok_or_else(|| IngestError::Forbidden(format!("{subject:?} is not an ingest subject")))?;
    let by = recorder(parsed, subject, msg.headers.as_ref())?;
    let subject_org = parsed.org;
    let permit = |event: &Event| {
        let org = event.org.as_str();
        if org == subject_org {
            Ok(())
        } else {
            Err(IngestError::Forbidden(format!(
                "event org {org:?} does not match the request subject's org {subject_org:?}"
            )))
        }
    };
    accept(state, &msg.payload, &by, permit, Utc::now()).await
}

/// Who records a request's events: the header's caller on the on-behalf subject, the
/// subject itself on the plain one.
fn recorder(
    subject: IngestSubject<'_>,
    name: &str,
    headers: Option<&HeaderMap>,
) -> Result<RecordedBy, IngestError> {
    let header = headers.and_then(|h| h.get(RECORDED_BY_HEADER));
    match (subject.on_behalf, header) {
        (false, None) => Ok(RecordedBy::nats(name)),
        (false, Some(_)) => Err(IngestError::Forbidden(format!(
            "the {RECORDED_BY_HEADER} header is taken only on govtrack.ingest.{{org}}.on-behalf, \
             which only the api may publish to; leave it out"
        ))),
        (true, None) => Err(invalid_recorder("missing")),
        (true, Some(value)) => serde_json::from_str(value.as_str())
            .map_err(|e| invalid_recorder(&format!("not a caller ({e})"))),
    }
}

fn invalid_recorder(why: &str) -> IngestError {
    IngestError::Invalid(ValidationError {
        problems: vec![Problem::new(
            RECORDED_BY_HEADER,
            format!(
                "{why}: an on-behalf request names its caller as JSON, e.g. {{\"kind\":\"user\",\"id\":\"…\"}}"
            ),
        )],
    })
}
