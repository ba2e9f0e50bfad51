//! The integration tests of this crate as one binary: each file beside this one is a
//! module, so the test build links the dependency tree once instead of once per file.

mod catalogue;
mod decoded;
mod feeds;
mod models;
mod okr;
mod properties;
mod recorded_by;
