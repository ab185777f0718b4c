//! A training record: a person completed something on a date.

use std::collections::BTreeMap;

use time::Date;
use time::macros::date;

use super::Catalog;
use super::hours::TrainingContent;
use crate::free_text::parse_free_text;
use crate::validation::ValidationErrors;

pub use confitrek_vocabulary::{RecordSource, Verification};

/// Whether the engine counts a record's hours, given the agency's setting.
pub fn counts_hours(verification: Verification, count_unverified: bool) -> bool {
    match verification {
        Verification::Verified => true,
        Verification::Pending => count_unverified,
        Verification::Rejected => false,
    }
}

/// New evidence for a record the training office refused, filed by the person (not by the
/// office), sends the record back to the queue to be judged again.
pub fn evidence_reopens(filed_by_office: bool, verification: Verification) -> bool {
    !filed_by_office && verification == Verification::Rejected
}

pub const TITLE_MAX: usize = 200;
pub const REASON_MAX: usize = 500;
/// Nothing a coordinator records today was completed before this day: an earlier date is a
/// typing slip (a year of 1025 for 2025).
pub const EARLIEST: Date = date!(1950 - 01 - 01);

/// What a client sent to record or correct training, before validation.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordDraft {
    pub title: String,
    pub completed_on: Date,
    /// Decimal hours by topic code.
    pub hours: BTreeMap<String, f64>,
    pub events: Vec<String>,
}

/// A valid record's content, ready to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRecord {
    pub title: String,
    pub completed_on: Date,
    pub content: TrainingContent,
}

impl ValidRecord {
    /// Validates every field against the agency's catalog and its today (training is never
    /// recorded before it happened), reporting all problems at once by field name.
    pub fn parse(
        draft: RecordDraft,
        catalog: &Catalog,
        today: Date,
    ) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let title = parse_title(&draft.title, &mut errors);
        if draft.completed_on > today {
            errors.push(
                "completed_on",
                format!("must not be after today ({today}): record training once it is done"),
            );
        } else if draft.completed_on < EARLIEST {
            errors.push("completed_on", format!("must not be before {EARLIEST}"));
        }
        let content = TrainingContent::parse(&draft.hours, &draft.events, catalog, &mut errors);
        match (title, content) {
            (Some(title), Some(content)) if errors.is_empty() => Ok(Self {
                title,
                completed_on: draft.completed_on,
                content,
            }),
            _ => Err(errors),
        }
    }
}

/// A required title of at most [`TITLE_MAX`] characters, free of personal identifiers.
pub(super) fn parse_title(raw: &str, errors: &mut ValidationErrors) -> Option<String> {
    match parse_free_text(raw, TITLE_MAX) {
        Ok(t) if t.is_empty() => {
            errors.push("title", "is required");
            None
        }
        other => errors.collect("title", other),
    }
}

/// Why a record was refused: told to the person, so required and free of identifiers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectionReason(String);

impl RejectionReason {
    pub fn parse(raw: &str) -> Result<Self, ValidationErrors> {
        match parse_free_text(raw, REASON_MAX) {
            Ok(r) if r.is_empty() => Err(ValidationErrors::single(
                "reason",
                "is required: say why, so the person can fix it",
            )),
            Ok(r) => Ok(Self(r)),
            Err(e) => Err(ValidationErrors::single("reason", e.to_string())),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}
