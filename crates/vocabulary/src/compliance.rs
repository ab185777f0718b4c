//! Verdicts, who a training profile applies to, and a rule's cited source.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

vocabulary! {
    /// A person's verdict over every requirement that applies: the worst of them.
    ComplianceStatus {
        Compliant = "compliant", "Compliant";
        AtRisk = "at_risk", "At risk";
        NonCompliant = "non_compliant", "Non-compliant";
        NotApplicable = "not_applicable", "Not applicable";
    }
}

vocabulary! {
    /// Where one requirement stands for its period.
    RequirementStatus {
        /// Done for the period.
        Met = "met", "Met";
        /// Not done, due later than the at-risk window.
        Pending = "pending", "Pending";
        /// Not done and due within the at-risk window, in a grace period, or undecidable for
        /// lack of data.
        AtRisk = "at_risk", "At risk";
        /// Not done by the due date (and any grace).
        Overdue = "overdue", "Overdue";
        /// Waived for the period by an approved waiver.
        Waived = "waived", "Waived";
        NotApplicable = "not_applicable", "Not applicable";
    }
}

vocabulary! {
    /// How one period of a requirement stands: what its deadline found, and what was done
    /// about it since.
    PeriodVerdict {
        /// The hours were done by the deadline.
        MetOnTime = "met_on_time", "Met on time";
        /// Missed on its deadline; later hours made up the shortfall (never shown as met on
        /// time).
        MadeUpLate = "made_up_late", "Missed, made up late";
        /// Missed on its deadline and not made up (or, under the state's rules, not to be
        /// made up).
        Missed = "missed", "Missed";
        /// Waived whole by an approved waiver.
        Waived = "waived", "Waived";
        /// Not owed under the rule itself: the year of certification (Ohio).
        Exempt = "exempt", "Exempt";
        /// The person's first period under the rule has not begun; its dates are given.
        NotStarted = "not_started", "Not started";
        /// The current period: its deadline has not passed.
        InProgress = "in_progress", "In progress";
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SourceDto {
    #[cfg_attr(feature = "openapi", schema(example = "MN-8"))]
    pub id: String,
    pub title: String,
    pub url: Option<String>,
    pub date: Option<String>,
}

/// Who a training profile applies to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Assignment {
    Everyone,
    /// Sworn officers.
    Officers,
    Units {
        units: Vec<String>,
    },
    /// People with any of these role flags.
    RoleFlags {
        role_flags: Vec<String>,
    },
    People {
        people: Vec<Uuid>,
    },
}
