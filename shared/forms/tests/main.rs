//! The integration tests of this crate as one binary: each file beside this one is a
//! module.

mod catalogue;
