//! Events for tests: a type's documented example data, validated as ingest would.

use chrono::{DateTime, Utc};
use govtrack_events::{Envelope, Event, EventType, example_data, validate_trusted};
use serde_json::Value;

/// An event of `event_type` in `org` with id `id`, occurred at `at`, carrying its
/// type's documented example data with the fields of `replace` (an object) over it.
pub fn example_event(
    id: &str,
    org: &str,
    event_type: EventType,
    at: DateTime<Utc>,
    replace: Option<Value>,
) -> Event {
    let mut data = example_data(event_type);
    if let (Some(Value::Object(fields)), Some(object)) = (replace, data.as_object_mut()) {
        object.extend(fields);
    }
    let mut envelope = Envelope::new(event_type.name(), org, data);
    envelope.id = Some(id.to_owned());
    envelope.occurred_at = Some(at.to_rfc3339());
    validate_trusted(envelope, at)
        .unwrap_or_else(|e| panic!("{} {id} is not a valid event: {e}", event_type.name()))
}
