//! The common goals and the stakeholder groups of the adoption guidance (seeds/000):
//! the closed lists `objective.defined` accepts for `goal` and `stakeholders`.
//!
//! Each value has a wire id (`get_leadership_buy_in`) and a title in the guidance's own
//! words ("Get leadership buy-in and organization alignment"). The lists are data the
//! catalogue serves ([`goal_choices`], [`stakeholder_choices`]), so a connector's
//! dropdown and the CLI show the same words.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A value outside a closed list, e.g. `"goal": "scale_adoption"`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected one of {expected}, got {got:?}")]
pub struct ChoiceError {
    /// What was sent.
    pub got: String,
    /// The valid ids, comma-separated.
    pub expected: String,
}

macro_rules! choices {
    ($(#[$doc:meta])* $name:ident { $( $(#[$vdoc:meta])* $variant:ident = $id:literal, $title:literal; )* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
        pub enum $name {
            $( $(#[$vdoc])* #[serde(rename = $id)] $variant, )*
        }

        impl $name {
            /// Every value, in the guidance's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The wire id, e.g. `get_leadership_buy_in`.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $id,)* }
            }

            /// The title in the guidance's words.
            pub fn title(self) -> &'static str {
                match self { $($name::$variant => $title,)* }
            }
        }

        impl FromStr for $name {
            type Err = ChoiceError;
            fn from_str(s: &str) -> Result<Self, ChoiceError> {
                match s {
                    $($id => Ok($name::$variant),)*
                    _ => Err(ChoiceError {
                        got: s.to_owned(),
                        expected: Self::ALL.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", "),
                    }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

choices! {
    /// One of the seven common goals of Power Platform adoption (seeds/000), or `custom`
    /// for a goal of the organisation's own.
    Goal {
        /// Empower innovation and AI culture.
        EmpowerInnovation = "empower_innovation", "Empower innovation and AI culture";
        /// Nurture a maker and champion community.
        NurtureMakerCommunity = "nurture_maker_community", "Nurture a maker and champion community";
        /// Enhance operational efficiency.
        EnhanceOperationalEfficiency = "enhance_operational_efficiency", "Enhance operational efficiency";
        /// Establish a Center of Excellence with governance patterns and practices.
        EstablishCoe = "establish_coe", "Establish a Center of Excellence with governance patterns and practices";
        /// Get leadership buy-in and organization alignment.
        GetLeadershipBuyIn = "get_leadership_buy_in", "Get leadership buy-in and organization alignment";
        /// Improve employee experience.
        ImproveEmployeeExperience = "improve_employee_experience", "Improve employee experience";
        /// Measure value and realize return of investment.
        RealizeValue = "realize_value", "Measure value and realize return of investment";
        /// A goal of the organisation's own, outside the guidance's seven.
        Custom = "custom", "A goal of the organization's own";
    }
}

choices! {
    /// A stakeholder group to seek alignment with (seeds/000, "Prepare for conversations
    /// with stakeholders").
    Stakeholder {
        /// Human resources.
        Hr = "hr", "Human resources";
        /// Sales.
        Sales = "sales", "Sales";
        /// Customer service.
        CustomerService = "customer_service", "Customer service";
        /// Legal and compliance.
        LegalCompliance = "legal_compliance", "Legal and compliance";
        /// Operations management.
        OperationsManagement = "operations_management", "Operations management";
        /// IT leadership.
        ItLeadership = "it_leadership", "IT leadership";
    }
}

/// The goals `objective.defined` accepts, as `(id, title)` pairs in the guidance's order.
pub fn goal_choices() -> Vec<(&'static str, &'static str)> {
    Goal::ALL.iter().map(|g| (g.as_str(), g.title())).collect()
}

/// The stakeholder groups `objective.defined` accepts, as `(id, title)` pairs.
pub fn stakeholder_choices() -> Vec<(&'static str, &'static str)> {
    Stakeholder::ALL
        .iter()
        .map(|s| (s.as_str(), s.title()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_from_str_and_serde() {
        for &g in Goal::ALL {
            assert_eq!(g.as_str().parse::<Goal>(), Ok(g));
            assert_eq!(serde_json::to_value(g).unwrap(), g.as_str());
        }
        for &s in Stakeholder::ALL {
            assert_eq!(s.as_str().parse::<Stakeholder>(), Ok(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
    }

    #[test]
    fn an_unknown_id_lists_the_valid_ones() {
        let err = "scale_adoption".parse::<Goal>().unwrap_err();
        assert!(
            err.to_string()
                .starts_with("expected one of empower_innovation, ")
        );
        assert!(err.to_string().ends_with("custom, got \"scale_adoption\""));
    }

    #[test]
    fn titles_are_the_guidance_words() {
        assert_eq!(goal_choices().len(), 8);
        assert_eq!(
            Goal::GetLeadershipBuyIn.title(),
            "Get leadership buy-in and organization alignment"
        );
        assert_eq!(Stakeholder::LegalCompliance.title(), "Legal and compliance");
        assert_eq!(stakeholder_choices()[0], ("hr", "Human resources"));
    }
}
