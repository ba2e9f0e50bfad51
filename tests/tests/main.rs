//! The integration tests of this crate as one binary: each file beside this one is a
//! module, so the test build links the dependency tree once instead of once per file.

mod browser;
mod common;
mod support;

mod cache_budget;
mod cluster;
mod dashboard_browser;
mod hooks;
mod log_contract;
mod mcp;
mod mcp_fuzz;
mod mcp_python;
mod mcp_writes;
mod permissions;
mod read_alerts;
mod read_api;
mod read_sources;
mod read_tokens;
mod rebuild_while_serving;
mod record_forms;
mod recorded_by;
mod saved_timelines;
mod sign_in;
mod start_together;
