//! The bench's tiny runs: every scenario of `govtrack-bench ingest` and `read` on a
//! few thousand events, through the real binaries, so a bench that no longer runs, or
//! whose workload ingest refuses, fails the test command. Figures are not checked: the
//! machine is shared, and speed is for release runs of the bench itself.

mod smoke;
