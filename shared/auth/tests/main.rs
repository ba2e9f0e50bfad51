//! govtrack-auth's integration tests: Entra-shaped tokens from a real OpenID provider
//! on loopback (`govtrack_testkit::TestProvider`) through the real verifier.

mod common;
mod entra_tokens;
mod signing_keys;
