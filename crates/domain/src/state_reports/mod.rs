//! The reports an agency files with its state's POST board, as ConfiTrek prepares them.
//!
//! The states publish no column layouts for these reports (the reference has none), so each
//! layout is defined once here ([`layout`]), every column with the source that asks for its
//! content or marked `unconfirmed`. The builders ([`annual`], [`session`]) turn what the
//! agency's records say into a [`Snapshot`]: the rows as prepared, which is stored, hashed
//! and rendered as CSV or PDF. A later version is compared with the one before ([`diff`]).
//! A report's life (prepared, reviewed, transmitted, received) is in [`lifecycle`]; its due
//! dates, which are rule-set data, in [`due`].
//!
//! Nothing here sends anything: a person transmits a report and records that he or she did.

pub mod annual;
pub mod diff;
pub mod due;
pub mod layout;
pub mod lifecycle;
pub mod reimbursement;
pub mod session;
pub mod snapshot;

#[cfg(test)]
mod tests;

pub use confitrek_vocabulary::{StateReportKind, StateReportPeriod, StateReportStatus};
pub use diff::{Change, diff};
pub use snapshot::{Column, Fact, Row, Snapshot};

use crate::compliance::RuleSet;
use crate::compliance::ruleset_reports::StateReportRule;

/// Why a kind of report is not offered to an agency.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotOffered {
    #[error("{kind} is a report of {report_state}; the agency's state is {agency_state}")]
    OtherState {
        kind: &'static str,
        report_state: &'static str,
        agency_state: String,
    },
    #[error("the {state} rule set in force does not describe {kind}")]
    NotInRules { kind: &'static str, state: String },
}

/// The report's description in the agency's rule set, if the agency's state asks for it.
pub fn offered<'a>(
    kind: StateReportKind,
    agency_state: &str,
    rules: Option<&'a RuleSet>,
) -> Result<&'a StateReportRule, NotOffered> {
    if kind.state_code() != agency_state {
        return Err(NotOffered::OtherState {
            kind: kind.as_str(),
            report_state: kind.state_code(),
            agency_state: agency_state.to_owned(),
        });
    }
    rules
        .and_then(|r| r.reports.iter().find(|r| r.kind == kind))
        .ok_or_else(|| NotOffered::NotInRules {
            kind: kind.as_str(),
            state: agency_state.to_owned(),
        })
}

/// Hours as the reports print them: one decimal place.
pub fn hours(minutes: u64) -> String {
    format!("{:.1}", minutes as f64 / 60.0)
}
