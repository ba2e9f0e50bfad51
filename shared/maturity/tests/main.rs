//! The integration tests of this crate as one binary: each file beside this one is a
//! module, so the test build links the dependency tree once instead of once per file.

mod common;

mod any_of;
mod attestation;
mod community;
mod describe;
mod gating;
mod governance;
mod history;
mod models;
mod never_panics;
mod pillars;
mod seed_coverage;
mod seed_fixes;
mod sources;
mod sponsorship;
mod time;
