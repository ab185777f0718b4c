//! The life of a prepared report: prepared → reviewed → transmitted, and for a report that
//! asks for money, → received. Each step is taken by a person and recorded (by, when, how);
//! only the newest version of a kind and period moves on, so what was reviewed is what is
//! transmitted. Preparing again makes a new version, whatever the last one's state.

use super::StateReportStatus;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Someone checked the prepared data.
    Review,
    /// Someone sent it to the state (outside ConfiTrek) and says how.
    MarkTransmitted,
    /// The money it asked for came.
    RecordReceived,
}

/// Why a step is refused (409, but for `NoAmounts`, 422).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepRefused {
    #[error(
        "version {version} was replaced by version {latest}: review and transmit the newest version"
    )]
    Superseded { version: u32, latest: u32 },
    #[error("the report is {status}; this step is taken only when it is {from}")]
    WrongStatus {
        status: &'static str,
        from: &'static str,
    },
    #[error("this kind of report asks for no money, so nothing is received")]
    NoAmounts,
}

/// The report a step is asked of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    pub status: StateReportStatus,
    pub version: u32,
    /// The newest version of the same kind and period.
    pub latest: u32,
    /// The kind asks for money (a reimbursement application).
    pub carries_amounts: bool,
}

/// The status the step leads to, or why it is refused.
pub fn step(report: Standing, step: Step) -> Result<StateReportStatus, StepRefused> {
    use StateReportStatus::*;
    if step == Step::RecordReceived && !report.carries_amounts {
        return Err(StepRefused::NoAmounts);
    }
    if report.version < report.latest {
        return Err(StepRefused::Superseded {
            version: report.version,
            latest: report.latest,
        });
    }
    let (from, to) = match step {
        Step::Review => (Prepared, Reviewed),
        Step::MarkTransmitted => (Reviewed, Transmitted),
        Step::RecordReceived => (Transmitted, Received),
    };
    if report.status == from {
        Ok(to)
    } else {
        Err(StepRefused::WrongStatus {
            status: report.status.as_str(),
            from: from.as_str(),
        })
    }
}

/// The steps open now, for the app to offer.
pub fn open_steps(report: Standing) -> Vec<Step> {
    [Step::Review, Step::MarkTransmitted, Step::RecordReceived]
        .into_iter()
        .filter(|s| step(report, *s).is_ok())
        .collect()
}

use confitrek_vocabulary::{AMOUNT_MAX_CENTS, REVIEW_NOTE_MAX, TRANSMISSION_REFERENCE_MAX};
use time::Date;

use crate::ValidationErrors;
use crate::free_text::parse_free_text;

/// A reviewer's note: optional, at most 2000 characters, lines kept; blank is none.
pub fn parse_note(raw: Option<&str>) -> Result<Option<String>, ValidationErrors> {
    match raw.map(str::trim).filter(|n| !n.is_empty()) {
        None => Ok(None),
        Some(note) => parse_free_text(note, REVIEW_NOTE_MAX)
            .map(Some)
            .map_err(|e| ValidationErrors::single("note", e.to_string())),
    }
}

/// A transmission's reference (a portal confirmation, a tracking number): optional, one
/// line, at most 200 characters; blank is none.
pub fn parse_reference(raw: Option<&str>) -> Result<Option<String>, ValidationErrors> {
    match raw.map(str::trim).filter(|n| !n.is_empty()) {
        None => Ok(None),
        Some(reference) => parse_free_text(reference, TRANSMISSION_REFERENCE_MAX)
            .map(Some)
            .map_err(|e| ValidationErrors::single("reference", e.to_string())),
    }
}

/// What came: an amount from 0 to the bound, on a day from the day the report was
/// transmitted to today.
pub fn check_received(
    amount_cents: i64,
    received_on: Date,
    transmitted_on: Option<Date>,
    today: Date,
) -> Result<(), ValidationErrors> {
    if !(0..=AMOUNT_MAX_CENTS).contains(&amount_cents) {
        return Err(ValidationErrors::single(
            "amount_received_cents",
            format!("must be from 0 to {AMOUNT_MAX_CENTS}"),
        ));
    }
    if received_on > today {
        return Err(ValidationErrors::single(
            "received_on",
            "must not be after today",
        ));
    }
    if transmitted_on.is_some_and(|t| received_on < t) {
        return Err(ValidationErrors::single(
            "received_on",
            "must not be before the report was transmitted",
        ));
    }
    Ok(())
}
