//! Custom credentials: the agency's own certifications (TASER user, firearms instructor, K9
//! handler), each valid for some months from its issue, awarded by a coordinator or earned
//! by the training that renews it.
//!
//! Credentials earned through training are derived from the records every time a person is
//! judged, never written when a record is saved: a corrected or deleted record changes the
//! credential with it, and there is no write path that could forget to issue one.

use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

use crate::codes::parse_code;
use crate::compliance::CredentialHeld;
use crate::compliance::calendar::add_months;
use crate::free_text::parse_free_text;
use crate::validation::ValidationErrors;

/// Fifty years: longer is "never expires", which is said by giving no validity.
pub const MAX_VALIDITY_MONTHS: u16 = 600;

/// What earns or renews a credential: completing one of these courses, or a record of one
/// of these events (e.g. `taser_recertification`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Renewal {
    #[serde(default)]
    pub course_ids: Vec<Uuid>,
    #[serde(default)]
    pub events: Vec<String>,
}

impl Renewal {
    pub fn is_empty(&self) -> bool {
        self.course_ids.is_empty() && self.events.is_empty()
    }

    fn renewed_by(&self, record: &CompletedTraining<'_>) -> bool {
        record
            .course_id
            .is_some_and(|c| self.course_ids.contains(&c))
            || record.events.iter().any(|e| self.events.contains(e))
    }
}

/// A credential type as the engine needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialType {
    pub code: String,
    pub validity_months: Option<u16>,
    pub renewal: Renewal,
}

/// The last day a credential issued on `issued_on` is valid: the day before the same date
/// `validity_months` later, so that a 12-month credential issued 2025-03-15 is valid through
/// 2026-03-14 and its renewal on the anniversary leaves no gap. Where the later month has no
/// such day (issued on January 31 for one month, on February 29 for a year), it is valid
/// through the last day of that month. `None`: it never expires.
pub fn expires_on(issued_on: Date, validity_months: Option<u16>) -> Option<Date> {
    let months = validity_months?;
    let anniversary = add_months(issued_on, i32::from(months));
    if anniversary.day() < issued_on.day() {
        // Clamped to the end of a shorter month: the anniversary would fall after it.
        Some(anniversary)
    } else {
        Some(anniversary.previous_day().unwrap_or(anniversary))
    }
}

/// A training record as far as credentials care.
#[derive(Debug, Clone, Copy)]
pub struct CompletedTraining<'a> {
    pub id: Uuid,
    pub completed_on: Date,
    pub course_id: Option<Uuid>,
    pub events: &'a [String],
}

/// The credentials a person's training earns: one per record of a renewing course or event,
/// issued on the record's date, identified by the record's id.
pub fn earned_through_training(
    types: &[CredentialType],
    records: &[CompletedTraining<'_>],
) -> Vec<CredentialHeld> {
    let mut earned = Vec::new();
    for kind in types.iter().filter(|t| !t.renewal.is_empty()) {
        for record in records.iter().filter(|r| kind.renewal.renewed_by(r)) {
            earned.push(CredentialHeld {
                id: record.id,
                credential_type: kind.code.clone(),
                issued_on: record.completed_on,
                expires_on: expires_on(record.completed_on, kind.validity_months),
            });
        }
    }
    earned
}

/// Every credential the person holds or held: those awarded and those earned through
/// training, in one order whatever the order of the inputs (type, issue date, id).
pub fn credentials_held(
    types: &[CredentialType],
    awarded: impl IntoIterator<Item = CredentialHeld>,
    records: &[CompletedTraining<'_>],
) -> Vec<CredentialHeld> {
    let mut held: Vec<CredentialHeld> = awarded.into_iter().collect();
    held.extend(earned_through_training(types, records));
    held.sort_by(|a, b| {
        (&a.credential_type, a.issued_on, a.id).cmp(&(&b.credential_type, b.issued_on, b.id))
    });
    held
}

pub use confitrek_vocabulary::CredentialStanding;

pub fn standing(credential: &CredentialHeld, day: Date, warn_days: u16) -> CredentialStanding {
    if credential.issued_on > day {
        return CredentialStanding::NotYetValid;
    }
    match credential.expires_on {
        Some(end) if end < day => CredentialStanding::Expired,
        Some(end) if (end - day).whole_days() < i64::from(warn_days) => {
            CredentialStanding::ExpiringSoon
        }
        _ => CredentialStanding::Current,
    }
}

/// A credential type as submitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialTypeDraft {
    pub code: String,
    pub name: String,
    pub validity_months: Option<i64>,
    pub renewal: Renewal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCredentialType {
    pub code: String,
    pub name: String,
    pub validity_months: Option<u16>,
    /// Without repeats; event codes well formed.
    pub renewal: Renewal,
}

impl ValidCredentialType {
    /// Checks what can be checked without the database; whether the courses and events exist
    /// is the caller's to check. Errors name `code`, `name`, `validity_months`,
    /// `renewed_by.events.N`.
    pub fn parse(draft: CredentialTypeDraft) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let code = errors.collect("code", parse_code(&draft.code));
        let name = required_text(&mut errors, "name", &draft.name, 200);
        let validity_months = match draft.validity_months {
            None => None,
            Some(m) if (1..=i64::from(MAX_VALIDITY_MONTHS)).contains(&m) => u16::try_from(m).ok(),
            Some(_) => {
                errors.push(
                    "validity_months",
                    format!(
                        "must be from 1 to {MAX_VALIDITY_MONTHS} months, or left out for a credential that never expires"
                    ),
                );
                None
            }
        };
        let mut renewal = Renewal::default();
        for (i, event) in draft.renewal.events.iter().enumerate() {
            if let Some(event) =
                errors.collect(&format!("renewed_by.events.{i}"), parse_code(event))
                && !renewal.events.contains(&event)
            {
                renewal.events.push(event);
            }
        }
        for course in draft.renewal.course_ids {
            if !renewal.course_ids.contains(&course) {
                renewal.course_ids.push(course);
            }
        }
        errors.into_result()?;
        match (code, name) {
            (Some(code), Some(name)) => Ok(ValidCredentialType {
                code,
                name,
                validity_months,
                renewal,
            }),
            _ => Err(ValidationErrors::single("code", "is required")),
        }
    }
}

/// Trimmed text that must not be empty.
pub(crate) fn required_text(
    errors: &mut ValidationErrors,
    field: &str,
    raw: &str,
    max: usize,
) -> Option<String> {
    match parse_free_text(raw, max) {
        Ok(text) if text.is_empty() => {
            errors.push(field, "is required");
            None
        }
        other => errors.collect(field, other),
    }
}

/// An award as submitted: the expiry may be left to the type's validity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwardDraft {
    pub issued_on: Date,
    pub expires_on: Option<Date>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAward {
    pub issued_on: Date,
    pub expires_on: Option<Date>,
    pub note: Option<String>,
}

impl ValidAward {
    /// An award of a credential of a type valid for `validity_months`, entered on `today`
    /// (the agency's date). Errors name `issued_on`, `expires_on`, `note`.
    pub fn parse(
        draft: AwardDraft,
        validity_months: Option<u16>,
        today: Date,
    ) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        if draft.issued_on > today {
            errors.push("issued_on", format!("cannot be later than today ({today})"));
        }
        let expires_on = draft
            .expires_on
            .or_else(|| expires_on(draft.issued_on, validity_months));
        if let Some(end) = draft.expires_on
            && end < draft.issued_on
        {
            errors.push(
                "expires_on",
                format!("must be on or after the issue date ({})", draft.issued_on),
            );
        }
        let note = match draft.note.as_deref().map(|n| parse_free_text(n, 500)) {
            Some(Ok(n)) if n.is_empty() => None,
            Some(result) => errors.collect("note", result),
            None => None,
        };
        errors.into_result()?;
        Ok(ValidAward {
            issued_on: draft.issued_on,
            expires_on,
            note,
        })
    }
}

#[cfg(test)]
#[path = "credentials_tests.rs"]
mod tests;
