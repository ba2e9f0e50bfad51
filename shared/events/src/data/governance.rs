//! Governance and security events: DLP, environments, tenant isolation, CoE kit, admins.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::EntityId;

/// Where a DLP policy applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DlpScope {
    /// The default environment.
    Default,
    /// The whole tenant.
    Tenant,
    /// One or more named environments.
    Environment,
}

/// `dlp_policy.set`: a data-loss-prevention policy is created or changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DlpPolicySet {
    /// Policy id.
    pub policy: EntityId,
    /// Where it applies.
    pub scope: DlpScope,
}

/// `dlp_policy.removed`: the policy no longer applies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DlpPolicyRemoved {
    /// Policy id.
    pub policy: EntityId,
}

/// `tenant_isolation.configured`: cross-tenant connections are restricted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct TenantIsolationConfigured {
    /// Which direction is restricted: `inbound`, `outbound` or `both`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
}

/// `environment.created`: an environment exists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnvironmentCreated {
    /// Environment id.
    pub environment: EntityId,
    /// Kind: `production`, `sandbox`, `developer`, `default`, `teams`, …
    pub kind: String,
    /// A managed environment (governed by the environment strategy).
    pub managed: bool,
}

/// Modules of the CoE Starter Kit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CoeKitModule {
    /// Core components: inventory.
    Core,
    /// Governance: audits, compliance, cleanup.
    Governance,
    /// Nurture: onboarding, training, champions.
    Nurture,
    /// Innovation backlog.
    InnovationBacklog,
    /// Business value.
    BusinessValue,
}

impl CoeKitModule {
    /// The module's name as on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Core => "core",
            Self::Governance => "governance",
            Self::Nurture => "nurture",
            Self::InnovationBacklog => "innovation_backlog",
            Self::BusinessValue => "business_value",
        }
    }
}

/// `coe_kit.deployed`: a module of the CoE Starter Kit is deployed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CoeKitDeployed {
    /// Which module.
    pub module: CoeKitModule,
    /// Version deployed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

/// `admin_role.assigned`: an admin role is given to a person or group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdminRoleAssigned {
    /// The role, e.g. `power_platform_admin`.
    pub role: String,
    /// Who holds it.
    pub assignee: String,
}
