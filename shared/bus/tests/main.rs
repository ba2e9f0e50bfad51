//! The bus's integration tests, against a real nats-server: one binary, one module per
//! concern.

mod streams_race;
