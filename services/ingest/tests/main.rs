//! The integration tests of this crate as one binary: each file beside this one is a
//! module, so the test build links the dependency tree once instead of once per file.

mod common;

mod auth;
mod connector;
mod durable_ids;
mod entra_tokens;
mod hooks;
mod hooks_never_panic;
mod http_ingest;
mod model_validation;
mod nats_request;
mod never_panics;
mod outage;
mod overload;
mod recorded_by;
