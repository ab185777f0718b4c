//! A training record: a person completed something on a date.

use std::collections::BTreeMap;

use time::Date;
use time::macros::date;

use super::Catalog;
use super::hours::TrainingContent;
use crate::free_text::parse_free_text;
use crate::validation::ValidationErrors;

/// Whether a coordinator has checked the record against its evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verification {
    /// Reported by the person (or imported) and not yet checked: its hours count only where
    /// the agency counts unverified hours.
    Pending,
    /// Checked, or entered by a coordinator: its hours count.
    Verified,
    /// Refused with a reason: its hours never count.
    Rejected,
}

impl Verification {
    pub const ALL: [Verification; 3] = [
        Verification::Pending,
        Verification::Verified,
        Verification::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Verification::Pending => "pending",
            Verification::Verified => "verified",
            Verification::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// Whether the engine counts the record's hours, given the agency's setting.
    pub fn counts(self, count_unverified: bool) -> bool {
        match self {
            Verification::Verified => true,
            Verification::Pending => count_unverified,
            Verification::Rejected => false,
        }
    }
}

/// Who entered the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordSource {
    /// A coordinator or admin entered it, one by one or as a session's attendance.
    Coordinator,
    /// The person reported his or her own training.
    SelfReported,
    /// Loaded from another system.
    Import,
}

impl RecordSource {
    pub const ALL: [RecordSource; 3] = [
        RecordSource::Coordinator,
        RecordSource::SelfReported,
        RecordSource::Import,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RecordSource::Coordinator => "coordinator",
            RecordSource::SelfReported => "self_reported",
            RecordSource::Import => "import",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
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
