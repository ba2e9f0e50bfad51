//! The event types the property tests draw facts from: every type the built-in models
//! and the test models read. Shared by the unit tests of the replay (`src/history_tests.rs`)
//! and the integration tests.

/// The event types the models read.
pub const EVENT_TYPES: [&str; 20] = [
    "sponsor.named",
    "sponsor.stepped_down",
    "sponsor.review_held",
    "dlp_policy.set",
    "dlp_policy.removed",
    "environment.created",
    "environment_strategy.published",
    "coe_kit.deployed",
    "hackathon.held",
    "welcome_email.enabled",
    "champion.recognized",
    "evidence.recorded",
    "capability.assessed",
    "capability.target_set",
    "kpi.reviewed",
    "key_result.measured",
    "success_story.published",
    "training.held",
    "dr_test.completed",
    "vision.published",
];
