//! The integration tests of this crate as one binary: each file beside this one is a
//! module, so the test build links the dependency tree once instead of once per file.

mod initiative;
mod key_result;
mod objective;
mod properties;
mod target_not_set;
