//! Ingest over NATS request/reply: `govtrack.ingest.{org}`, queue group `ingest`.
//! The body is an envelope or an array; the reply is the JSON the HTTP API returns,
//! with the HTTP status in the `Govtrack-Status` header. Who may request which subject
//! is NATS's business (see deploy/nats-accounts.conf); here the org of the subject
//! must match every event's org.

use async_nats::{HeaderMap, Subscriber};
use chrono::Utc;
use futures_util::StreamExt;
use govtrack_bus::subjects::{INGEST_QUEUE, INGEST_WILDCARD, org_of_ingest_subject};
use govtrack_runtime::{CancellationToken, TaskTracker};

use crate::IngestError;
use crate::accept::accept;
use crate::state::AppState;

/// Subscribes to ingest requests, and waits until the server has the subscription: a
/// request sent once `build` returned finds a responder.
pub(crate) async fn subscribe(client: &async_nats::Client) -> anyhow::Result<Subscriber> {
    let requests = client
        .queue_subscribe(INGEST_WILDCARD, INGEST_QUEUE.to_owned())
        .await?;
    client.flush().await?;
    Ok(requests)
}

/// Answers ingest requests until `shutdown`, then lets in-flight requests finish.
pub(crate) async fn serve(
    state: AppState,
    mut requests: Subscriber,
    shutdown: CancellationToken,
) -> anyhow::Result<()> {
    let tracker = TaskTracker::new();
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => break,
            next = requests.next() => match next {
                Some(msg) => { tracker.spawn(handle(state.clone(), msg)); }
                None => break,
            },
        }
    }
    let _ = requests.unsubscribe().await;
    tracker.close();
    tracker.wait().await;
    Ok(())
}

async fn handle(state: AppState, msg: async_nats::Message) {
    let Some(reply) = msg.reply.clone() else {
        return;
    };
    let subject_org = org_of_ingest_subject(msg.subject.as_str())
        .unwrap_or_default()
        .to_owned();
    let permit = |org: &str| {
        if org == subject_org {
            Ok(())
        } else {
            Err(IngestError::Forbidden(format!(
                "event org {org:?} does not match the request subject's org {subject_org:?}"
            )))
        }
    };
    let outcome = accept(&state, &msg.payload, permit, Utc::now()).await;
    let (status, body) = match outcome {
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
