//! The capabilities of the 2025 maturity model (`shared/maturity/models/2025.toml`) and
//! the evidence signals each one asks for, so that the history's `evidence.recorded`
//! events are ones the evaluator actually counts. Copied rather than read from the
//! model crate: the bench only needs the names, and stays out of the evaluator's way.

/// Capabilities of the 2025 model and the evidence signals each one asks for.
const SIGNALS: &[(&str, &[&str])] = &[
    (
        "strategy",
        &[
            "roles_defined",
            "coe_responsibilities_agreed",
            "plans_shared_across_departments",
            "part_of_transformation_strategy",
        ],
    ),
    (
        "business_value",
        &[
            "business_cases_documented",
            "pain_points_measured",
            "value_reports_shared",
            "executive_value_dashboard",
        ],
    ),
    (
        "security",
        &[
            "dlp_impact_analysis",
            "sharing_limits_set",
            "admin_conditional_access",
            "compliance_audit_completed",
            "privileged_identity_management",
            "logs_in_siem",
            "incident_response_process",
            "threat_modelling",
        ],
    ),
    (
        "governance",
        &[
            "resource_cleanup_reviewed",
            "risk_based_approvals_automated",
            "practices_shared_externally",
        ],
    ),
    (
        "operations",
        &[
            "community_support_channel",
            "dedicated_support_team",
            "support_slas_defined",
            "deployment_approvals",
            "alm_simplified_for_makers",
            "support_tasks_automated",
        ],
    ),
    ("community", &["maker_career_path", "mentoring_program"]),
    (
        "responsible_ai",
        &[
            "rai_policy_drafted",
            "rai_stage_reviews",
            "rai_impact_assessments",
            "rai_risk_review",
            "rai_embedded_in_projects",
            "rai_continuous_review",
        ],
    ),
    (
        "automation",
        &[
            "manual_processes_standardised",
            "cleanup_automated",
            "environment_lifecycle_automated",
        ],
    ),
    (
        "fusion_teams",
        &[
            "peer_reviews",
            "joint_planning",
            "components_shared",
            "cross_functional_teams",
            "legacy_systems_opened",
            "skill_based_teams",
        ],
    ),
    ("sponsorship", &[]),
    (
        "plan",
        &[
            "roles_identified",
            "delivery_model_chosen",
            "roles_staffed",
            "delivery_model_reviewed",
        ],
    ),
    (
        "availability",
        &["critical_solutions_identified", "recovery_plan_documented"],
    ),
    (
        "readiness",
        &[
            "learning_resources_shared",
            "upskilling_paths_defined",
            "use_case_envisioning",
            "ideas_prioritised_by_value",
        ],
    ),
];

/// A capability that has evidence signals, and one of them, chosen by `r`.
pub fn signal(r: u64) -> (&'static str, &'static str) {
    let with_signals: Vec<_> = SIGNALS.iter().filter(|(_, s)| !s.is_empty()).collect();
    let (capability, signals) = with_signals[(r % with_signals.len() as u64) as usize];
    let signals: &[&str] = signals;
    (
        capability,
        signals[((r >> 8) % signals.len() as u64) as usize],
    )
}

/// Any capability of the model, chosen by `r`.
pub fn pick_capability(r: u64) -> &'static str {
    SIGNALS[(r % SIGNALS.len() as u64) as usize].0
}
