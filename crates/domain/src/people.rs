//! People on an agency's roster: sworn officers and civilian staff.

use time::Date;
use uuid::Uuid;
use validator::ValidateEmail;

use crate::free_text::parse_free_text;
use crate::validation::ValidationErrors;

pub use confitrek_vocabulary::{PersonKind, PersonStatus};

/// Only active people may sign in; deactivating a person ends his or her login.
pub fn may_sign_in(status: PersonStatus) -> bool {
    status == PersonStatus::Active
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("is required")]
    Empty,
    #[error("must be at most {max} characters")]
    TooLong { max: usize },
    #[error("must not contain control or text-direction characters, or be digits only")]
    Invalid,
}

/// A first or last name: trimmed, 1 to 100 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    pub const MAX: usize = 100;

    pub fn parse(raw: &str) -> Result<Self, NameError> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(NameError::Empty);
        }
        if name.chars().count() > Self::MAX {
            return Err(NameError::TooLong { max: Self::MAX });
        }
        let hidden = name.chars().any(crate::free_text::is_hidden_control);
        if hidden || name.chars().all(|c| c.is_ascii_digit()) {
            return Err(NameError::Invalid);
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadgeError {
    #[error("is required")]
    Empty,
    #[error("must be at most {max} characters")]
    TooLong { max: usize },
    #[error("may contain only letters, digits, spaces and - _ / .")]
    InvalidCharacter,
}

/// A badge number or employee ID, unique within an agency. Compared without regard to case,
/// so it is kept upper-case: "b-12" and "B-12" are the same badge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadgeNumber(String);

impl BadgeNumber {
    pub const MAX: usize = 32;

    pub fn parse(raw: &str) -> Result<Self, BadgeError> {
        let badge = raw.trim();
        if badge.is_empty() {
            return Err(BadgeError::Empty);
        }
        if badge.chars().count() > Self::MAX {
            return Err(BadgeError::TooLong { max: Self::MAX });
        }
        if !badge
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || " -_/.".contains(c))
        {
            return Err(BadgeError::InvalidCharacter);
        }
        Ok(Self(badge.to_ascii_uppercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("is not a valid email address")]
    Invalid,
}

/// An email address, kept in lower case so that it identifies one mailbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        let email = raw.trim().to_lowercase();
        if email.len() > 254 || !email.validate_email() {
            return Err(EmailError::Invalid);
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CycleError {
    #[error("must come after the cycle start ({start})")]
    EndNotAfterStart { start: Date, end: Date },
    #[error("is required when the other cycle date is given")]
    HalfGiven,
}

/// A person's own license cycle: each person is judged on his or her own dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LicenseCycle {
    start: Date,
    end: Date,
}

impl LicenseCycle {
    pub fn new(start: Date, end: Date) -> Result<Self, CycleError> {
        if end <= start {
            return Err(CycleError::EndNotAfterStart { start, end });
        }
        Ok(Self { start, end })
    }

    pub fn start(&self) -> Date {
        self.start
    }

    pub fn end(&self) -> Date {
        self.end
    }
}

/// What a client sent to create or replace a person, before validation.
#[derive(Debug, Clone)]
pub struct PersonDraft {
    pub kind: PersonKind,
    pub first_name: String,
    pub last_name: String,
    pub title: Option<String>,
    pub badge: String,
    pub email: Option<String>,
    pub unit: Option<String>,
    pub supervisor_id: Option<Uuid>,
    pub status: PersonStatus,
    pub hire_date: Option<Date>,
    /// The last day with the agency.
    pub separated_on: Option<Date>,
    pub license_number: Option<String>,
    pub license_cycle_start: Option<Date>,
    pub license_cycle_end: Option<Date>,
    pub notes: Option<String>,
    pub role_flags: Vec<String>,
    pub certified_on: Option<Date>,
    pub history_from: Option<Date>,
}

impl PersonDraft {
    /// An active officer of whom nothing else is known yet, for an import row or an
    /// identity provider to fill in.
    pub fn active_officer() -> Self {
        Self {
            kind: PersonKind::Officer,
            first_name: String::new(),
            last_name: String::new(),
            title: None,
            badge: String::new(),
            email: None,
            unit: None,
            supervisor_id: None,
            status: PersonStatus::Active,
            hire_date: None,
            separated_on: None,
            license_number: None,
            license_cycle_start: None,
            license_cycle_end: None,
            notes: None,
            role_flags: Vec::new(),
            certified_on: None,
            history_from: None,
        }
    }
}

/// The role flags that decide which requirements apply to a person (see the rule sets:
/// Minnesota's school resource officers, Oregon's supervisors, Indiana's and Ohio's
/// part-time and reserve officers) or which agency training profiles reach him or her.
pub const ROLE_FLAGS: [&str; 6] = [
    "part_time",
    "reserve",
    "supervisor",
    "sro",
    "k9_handler",
    "instructor",
];

/// A valid person, ready to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPerson {
    pub kind: PersonKind,
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub title: Option<String>,
    pub badge: BadgeNumber,
    pub email: Option<Email>,
    pub unit: Option<String>,
    pub supervisor_id: Option<Uuid>,
    pub status: PersonStatus,
    pub hire_date: Option<Date>,
    /// The last day with the agency.
    pub separated_on: Option<Date>,
    pub license_number: Option<String>,
    pub license_cycle: Option<LicenseCycle>,
    pub notes: Option<String>,
    /// Sorted, without repeats.
    pub role_flags: Vec<String>,
    /// Basic certification date (Oregon anchors cycles on it).
    pub certified_on: Option<Date>,
    /// The first day from which the agency's records of this person are complete.
    pub history_from: Option<Date>,
}

pub const TITLE_MAX: usize = 100;
pub const UNIT_MAX: usize = 64;
pub const LICENSE_NUMBER_MAX: usize = 32;
pub const NOTES_MAX: usize = 2000;

/// Blank optional text is absent text.
fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl ValidPerson {
    /// Validates every field and reports all problems at once, by field name.
    /// `self_id` is the person being replaced, if any (a person cannot supervise himself).
    pub fn parse(draft: PersonDraft, self_id: Option<Uuid>) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let first_name = errors.collect("first_name", PersonName::parse(&draft.first_name));
        let last_name = errors.collect("last_name", PersonName::parse(&draft.last_name));
        let badge = errors.collect("badge", BadgeNumber::parse(&draft.badge));
        // An address is an address or absent (null): a blank one is neither, and a client
        // told so does not believe it stored one.
        let email = draft
            .email
            .as_deref()
            .and_then(|e| errors.collect("email", Email::parse(e)));
        let title = present(&draft.title)
            .and_then(|t| errors.collect("title", parse_free_text(t, TITLE_MAX)));
        let unit =
            present(&draft.unit).and_then(|u| errors.collect("unit", parse_free_text(u, UNIT_MAX)));
        let license_number = present(&draft.license_number)
            .and_then(|n| errors.collect("license_number", parse_free_text(n, LICENSE_NUMBER_MAX)));
        let notes = present(&draft.notes)
            .and_then(|n| errors.collect("notes", parse_free_text(n, NOTES_MAX)));
        let license_cycle = match (draft.license_cycle_start, draft.license_cycle_end) {
            (Some(start), Some(end)) => {
                errors.collect("license_cycle_end", LicenseCycle::new(start, end))
            }
            (Some(_), None) => {
                errors.push("license_cycle_end", CycleError::HalfGiven.to_string());
                None
            }
            (None, Some(_)) => {
                errors.push("license_cycle_start", CycleError::HalfGiven.to_string());
                None
            }
            (None, None) => None,
        };
        // Every date of a person is one the compliance engine can judge.
        let dates = [
            ("hire_date", draft.hire_date),
            ("separated_on", draft.separated_on),
            ("license_cycle_start", draft.license_cycle_start),
            ("license_cycle_end", draft.license_cycle_end),
            ("certified_on", draft.certified_on),
            ("history_from", draft.history_from),
        ];
        for (field, date) in dates {
            if let Some(date) = date
                && let Err(e) = crate::compliance::judgeable(field, date)
            {
                errors.push(field, e.reason());
            }
        }
        if self_id.is_some() && draft.supervisor_id == self_id {
            errors.push(
                "supervisor_id",
                "a person cannot be his or her own supervisor",
            );
        }
        let mut role_flags = Vec::new();
        for (i, flag) in draft.role_flags.iter().enumerate() {
            let flag = flag.trim().to_ascii_lowercase();
            if ROLE_FLAGS.contains(&flag.as_str()) {
                role_flags.push(flag);
            } else {
                errors.push(
                    format!("role_flags.{i}"),
                    format!("must be one of: {}", ROLE_FLAGS.join(", ")),
                );
            }
        }
        role_flags.sort();
        role_flags.dedup();
        if let (Some(hired), Some(cycle)) = (draft.hire_date, license_cycle)
            && cycle.end() < hired
        {
            errors.push("license_cycle_end", "must not end before the hire date");
        }
        if let (Some(hired), Some(left)) = (draft.hire_date, draft.separated_on)
            && left < hired
        {
            errors.push("separated_on", "must not be before the hire date");
        }
        match (first_name, last_name, badge) {
            (Some(first_name), Some(last_name), Some(badge)) if errors.is_empty() => Ok(Self {
                kind: draft.kind,
                first_name,
                last_name,
                title,
                badge,
                email,
                unit,
                supervisor_id: draft.supervisor_id,
                status: draft.status,
                hire_date: draft.hire_date,
                separated_on: draft.separated_on,
                license_number,
                license_cycle,
                notes,
                role_flags,
                certified_on: draft.certified_on,
                history_from: draft.history_from,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn draft() -> PersonDraft {
        PersonDraft {
            kind: PersonKind::Officer,
            first_name: "Dana".into(),
            last_name: "Lindqvist".into(),
            title: Some("Patrol Officer".into()),
            badge: " b-112 ".into(),
            email: Some("Dana.Lindqvist@Example.org".into()),
            unit: Some("Patrol".into()),
            supervisor_id: None,
            status: PersonStatus::Active,
            hire_date: Some(date!(2019 - 06 - 03)),
            separated_on: None,
            license_number: Some("MN-48213".into()),
            license_cycle_start: Some(date!(2024 - 07 - 01)),
            license_cycle_end: Some(date!(2027 - 06 - 30)),
            notes: None,
            role_flags: vec!["sro".into(), "SRO".into()],
            certified_on: None,
            history_from: None,
        }
    }

    fn fields(result: Result<ValidPerson, ValidationErrors>) -> Vec<String> {
        match result {
            Ok(_) => vec![],
            Err(e) => e.0.into_iter().map(|f| f.field).collect(),
        }
    }

    #[test]
    fn a_complete_draft_is_normalised() {
        let person = ValidPerson::parse(draft(), None).unwrap();
        assert_eq!(person.badge.as_str(), "B-112");
        assert_eq!(person.email.unwrap().as_str(), "dana.lindqvist@example.org");
        assert_eq!(person.license_cycle.unwrap().end(), date!(2027 - 06 - 30));
        assert_eq!(person.role_flags, ["sro"]);
    }

    #[test]
    fn every_invalid_field_is_named() {
        type Change = Box<dyn Fn(&mut PersonDraft)>;
        let cases: Vec<(&str, Change, Vec<&str>)> = vec![
            (
                "blank names",
                Box::new(|d| {
                    d.first_name = " ".into();
                    d.last_name = "".into()
                }),
                vec!["first_name", "last_name"],
            ),
            (
                "a badge with a symbol",
                Box::new(|d| d.badge = "B#12".into()),
                vec!["badge"],
            ),
            (
                "an email without a domain",
                Box::new(|d| d.email = Some("dana@".into())),
                vec!["email"],
            ),
            (
                "a cycle ending on its start day",
                Box::new(|d| d.license_cycle_end = d.license_cycle_start),
                vec!["license_cycle_end"],
            ),
            (
                "a cycle ending before it starts",
                Box::new(|d| d.license_cycle_end = Some(date!(2024 - 06 - 30))),
                vec!["license_cycle_end"],
            ),
            (
                "a cycle with no start",
                Box::new(|d| d.license_cycle_start = None),
                vec!["license_cycle_start"],
            ),
            (
                "an SSN in the notes",
                Box::new(|d| d.notes = Some("ssn 123-45-6789".into())),
                vec!["notes"],
            ),
            (
                "an unknown role flag",
                Box::new(|d| d.role_flags = vec!["sro".into(), "chief".into()]),
                vec!["role_flags.1"],
            ),
            (
                "a cycle that ended before the hire",
                Box::new(|d| {
                    d.license_cycle_start = Some(date!(2015 - 07 - 01));
                    d.license_cycle_end = Some(date!(2018 - 06 - 30))
                }),
                vec!["license_cycle_end"],
            ),
        ];
        for (why, change, expected) in cases {
            let mut d = draft();
            change(&mut d);
            assert_eq!(fields(ValidPerson::parse(d, None)), expected, "{why}");
        }
    }

    #[test]
    fn a_person_cannot_supervise_himself() {
        let id = Uuid::now_v7();
        let mut d = draft();
        d.supervisor_id = Some(id);
        assert_eq!(
            fields(ValidPerson::parse(d, Some(id))),
            vec!["supervisor_id"]
        );
    }

    #[test]
    fn blank_optional_fields_are_absent_but_a_blank_email_is_not_an_address() {
        let mut d = draft();
        d.unit = Some(String::new());
        let person = ValidPerson::parse(d.clone(), None).unwrap();
        assert_eq!(
            person.email.map(|e| e.as_str().to_owned()),
            Some("dana.lindqvist@example.org".into())
        );
        assert_eq!(person.unit, None);
        d.email = Some("  ".into());
        let errors = ValidPerson::parse(d, None).unwrap_err();
        assert_eq!(errors.0[0].field, "email");
    }

    #[test]
    fn a_leap_day_cycle_boundary_is_a_valid_date() {
        let mut d = draft();
        d.license_cycle_start = Some(date!(2024 - 02 - 29));
        d.license_cycle_end = Some(date!(2027 - 02 - 28));
        assert!(ValidPerson::parse(d, None).is_ok());
    }

    #[test]
    fn only_active_people_sign_in() {
        assert!(may_sign_in(PersonStatus::Active));
        assert!(!may_sign_in(PersonStatus::Inactive));
        assert!(!may_sign_in(PersonStatus::Separated));
    }
}
