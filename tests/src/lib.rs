//! # govtrack-e2e
//!
//! End-to-end tests that cross service boundaries, each against a real nats-server it
//! starts itself (see `tests/`). The crate has no library code.
