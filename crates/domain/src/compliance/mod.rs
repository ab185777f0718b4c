//! The compliance engine: for a person on a date, whether every requirement is met, what is
//! missing, by when, and why.
//!
//! Requirements are data (see [`rules`]), composed from a few primitives, each there because
//! a real state rule needs it (the sources are in the rule sets). [`evaluate`] is one pure,
//! deterministic function from a person's facts, records, credentials and waivers to a
//! [`ComplianceReport`]; it reads no clock and does not depend on the order of its inputs.

pub mod allocation;
pub mod amounts;
pub mod calendar;
mod dates;
pub mod evaluate;
mod explain;
pub mod history;
pub mod inputs;
mod own_requirements;
pub mod periods;
pub mod profiles;
mod progress;
mod publishing;
pub mod rules;
pub mod ruleset;
pub mod ruleset_reimbursement;
pub mod ruleset_reports;
mod schema;
mod timing;
pub mod waivers;

pub use amounts::Minutes;
pub use calendar::{DateOutOfRange, FIRST_JUDGEABLE, LAST_JUDGEABLE, judgeable};
pub use dates::try_evaluate;
pub use evaluate::{
    Amount, ComplianceReport, ComplianceStatus, Evaluation, RequirementResult, RequirementStatus,
    evaluate,
};
pub use history::{PeriodHistory, PeriodVerdict, history};
pub use inputs::{
    Acknowledgement, CredentialHeld, PersonFacts, PolicyVersionAssigned, TopicCode, TrainingRecord,
    Waiver, WaiverEffect,
};
pub use own_requirements::own_requirement;
pub use periods::{Period, is_period_end};
pub use publishing::publishable;

use crate::people::PersonKind;

/// State POST rules bind licensed peace officers. Civilian staff are judged only on the
/// agency's own requirements that their training profiles assign them.
pub fn state_rules_apply(kind: PersonKind) -> bool {
    kind == PersonKind::Officer
}
pub use profiles::{Assignment, Member};
pub use rules::{
    Applicability, Binding, LateHours, Measure, MissedDeadline, PeriodRule, PeriodsJudged,
    Requirement,
};
pub use ruleset::{
    Jurisdiction, RuleSet, RuleSetError, Source, Topic, agency_requirement, requirement_schema,
    rule_set_schema,
};

#[cfg(test)]
mod tests;
