//! The integration tests of this crate as one binary: each file beside this one is a
//! module, so the test build links the dependency tree once instead of once per file.

mod cli;
mod deploy;
mod env_vars;
mod mcp_stdio;
mod up;
