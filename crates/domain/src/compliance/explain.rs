//! The one sentence per requirement a coordinator can read aloud.

use time::Date;

use super::evaluate::{Amount, RequirementStatus};
use super::progress::Progress;
use super::rules::{Measure, PeriodRule, Requirement};

pub(super) fn sentence(
    requirement: &Requirement,
    p: &Progress,
    status: RequirementStatus,
    due: Date,
    grace_end: Date,
    as_of: Date,
) -> String {
    let subject = &requirement.subject;
    let what = match &requirement.measure {
        Measure::Hours { .. } => format!("{} more hours of {subject}", p.short),
        Measure::TopicsChosen {
            count,
            minimum_each,
            ..
        } => {
            let done = match p.earned {
                Amount::Count(done) => done,
                Amount::Minutes(_) => 0,
            };
            let missing = u32::from(*count).saturating_sub(done);
            format!("{missing} more {subject} topics at {minimum_each} hours each")
        }
        Measure::Event { .. } | Measure::Credential { .. } => format!("a current {subject}"),
        Measure::Acknowledgement { .. } => format!("an acknowledgement of {subject}"),
    };
    match status {
        RequirementStatus::Met => match (
            &requirement.measure,
            &requirement.period,
            p.earned,
            p.required,
        ) {
            (Measure::Acknowledgement { .. }, ..) => format!("met: {subject} acknowledged"),
            (Measure::Credential { .. }, ..) if due == as_of => {
                format!("met: {subject} held (does not expire)")
            }
            (_, PeriodRule::AtAllTimes | PeriodRule::Rolling { .. }, ..) => {
                format!("met: {subject} current until {due}")
            }
            (Measure::Hours { .. }, _, Amount::Minutes(e), Amount::Minutes(r)) => {
                format!("met: {e} of {r} hours of {subject} for the period ending {due}")
            }
            _ => format!("met: {subject} done for the period ending {due}"),
        },
        RequirementStatus::AtRisk if p.met => format!("met until {due}: renew {subject} by then"),
        RequirementStatus::Pending | RequirementStatus::AtRisk if as_of > due => {
            format!("needs {what} by {grace_end} (grace period after the {due} deadline)")
        }
        RequirementStatus::Pending | RequirementStatus::AtRisk => format!("needs {what} by {due}"),
        RequirementStatus::Overdue => format!("overdue: needed {what} by {due}"),
        RequirementStatus::Waived => format!("waived for the period ending {due}"),
        RequirementStatus::NotApplicable => "does not apply".to_owned(),
    }
}
