//! Policies: the agency's documents (vehicle pursuit, use of force, body-worn cameras) that
//! the people they are assigned to must acknowledge, version by version, within the
//! policy's days.
//!
//! A policy becomes one requirement per person it reaches (`policy.<code>`, judged at all
//! times by the engine's acknowledgement measure) and one assigned version per published
//! version, binding from the later of its publication and the person's start.

use std::collections::BTreeSet;

use time::Date;
use uuid::Uuid;

use crate::codes::parse_code;
use crate::compliance::{
    Applicability, Assignment, Binding, Measure, Member, MissedDeadline, PeriodRule, PeriodsJudged,
    PersonFacts, PolicyVersionAssigned, Requirement,
};
use crate::credentials::required_text;
use crate::validation::ValidationErrors;

/// What a policy requirement's id starts with; agency requirements may not use it.
pub const REQUIREMENT_PREFIX: &str = "policy.";

/// The most days a policy may give to acknowledge a version.
pub const MAX_DUE_DAYS: u16 = 365;

/// The longest version text accepted, in characters (a long policy is about 60 000).
pub const MAX_CONTENT_CHARS: usize = 200_000;

pub fn requirement_id(code: &str) -> String {
    format!("{REQUIREMENT_PREFIX}{code}")
}

/// A published version: its number (1, 2, ...) and the agency's date it was published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublishedVersion {
    pub version: u32,
    pub published_on: Date,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    pub code: String,
    pub title: String,
    pub due_days: u16,
    pub assignment: Assignment,
    pub versions: Vec<PublishedVersion>,
}

/// What a person owes the agency's policies: a requirement for each policy assigned to him
/// or her with at least one version, and those versions with the day each began to bind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicyDuties {
    pub requirements: Vec<Requirement>,
    pub versions: Vec<PolicyVersionAssigned>,
}

/// The day a version published on `published_on` starts to bind the person: not before he
/// or she was hired, nor before the agency keeps his or her records in ConfiTrek (an officer
/// added today has the policy's days from today, not from a publication years ago).
pub fn assigned_on(published_on: Date, person: &PersonFacts) -> Date {
    [person.hire_date, person.records_complete_from]
        .into_iter()
        .flatten()
        .fold(published_on, Date::max)
}

pub fn duties_of(policies: &[Policy], member: &Member<'_>, person: &PersonFacts) -> PolicyDuties {
    let mut duties = PolicyDuties::default();
    for policy in policies {
        let Some(latest) = policy.versions.iter().map(|v| v.version).max() else {
            continue;
        };
        if !member.is_in(&policy.assignment) {
            continue;
        }
        duties.requirements.push(requirement(policy, latest));
        duties
            .versions
            .extend(policy.versions.iter().map(|v| PolicyVersionAssigned {
                policy: policy.code.clone(),
                version: v.version,
                assigned_on: assigned_on(v.published_on, person),
            }));
    }
    duties
}

fn requirement(policy: &Policy, latest: u32) -> Requirement {
    Requirement {
        id: requirement_id(&policy.code),
        title: policy.title.clone(),
        subject: policy.title.clone(),
        citations: vec![format!("{}, version {latest}", policy.title)],
        unconfirmed: None,
        applies: Applicability::default(),
        period: PeriodRule::AtAllTimes,
        measure: Measure::Acknowledgement {
            policy: policy.code.clone(),
            within_days: policy.due_days,
        },
        effective_from: None,
        effective_until: None,
        binding: Binding::Immediately,
        grace_days: 0,
        prorate_first_period: false,
        missed: MissedDeadline::default(),
        judges: PeriodsJudged::Both,
    }
}

/// A policy as submitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyDraft {
    pub code: String,
    pub title: String,
    pub due_days: i64,
    pub assignment: Assignment,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPolicy {
    pub code: String,
    pub title: String,
    pub due_days: u16,
    pub assignment: Assignment,
}

impl ValidPolicy {
    /// Errors name `code`, `title`, `due_days`; whether the assignment's people and units
    /// exist is the caller's to check.
    pub fn parse(draft: PolicyDraft) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let code = errors.collect("code", parse_code(&draft.code));
        let title = required_text(&mut errors, "title", &draft.title, 200);
        let due_days = u16::try_from(draft.due_days)
            .ok()
            .filter(|d| (1..=MAX_DUE_DAYS).contains(d));
        if due_days.is_none() {
            errors.push("due_days", format!("must be from 1 to {MAX_DUE_DAYS} days"));
        }
        errors.into_result()?;
        match (code, title, due_days) {
            (Some(code), Some(title), Some(due_days)) => Ok(ValidPolicy {
                code,
                title,
                due_days,
                assignment: draft.assignment,
            }),
            _ => Err(ValidationErrors::single("code", "is required")),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContentError {
    #[error("is required: the text people will acknowledge")]
    Empty,
    #[error("must be at most {max} characters (got {len})")]
    TooLong { max: usize, len: usize },
    #[error("must not contain control characters")]
    ControlCharacters,
}

/// The text of a version, stored as written (only surrounding blank space trimmed): what is
/// acknowledged is exactly what was published, and its hash is taken of these bytes.
pub fn parse_content(raw: &str) -> Result<String, ContentError> {
    let text = raw.trim();
    let len = text.chars().count();
    if len == 0 {
        return Err(ContentError::Empty);
    }
    if len > MAX_CONTENT_CHARS {
        return Err(ContentError::TooLong {
            max: MAX_CONTENT_CHARS,
            len,
        });
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(ContentError::ControlCharacters);
    }
    Ok(text.to_owned())
}

/// Whether a person may acknowledge `version` of a policy whose newest version is `latest`:
/// only the newest, and only by attesting. Errors name `attest`, `policy_version_id`.
pub fn check_acknowledgement(
    version: u32,
    latest: u32,
    attest: bool,
) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::default();
    if !attest {
        errors.push(
            "attest",
            "must be true: acknowledging is attesting that you have read and understood the policy",
        );
    }
    if version < latest {
        errors.push(
            "policy_version_id",
            format!("is version {version}; version {latest} replaces it: acknowledge that one"),
        );
    }
    errors.into_result()
}

/// The sentence an acknowledgement stores: what the person attested to.
pub fn attestation(title: &str, version: u32) -> String {
    format!("I have read and understood {title}, version {version}.")
}

/// The sentence of an acknowledgement signed on paper and brought in from the agency's
/// records: the same attestation, saying where it was made. (An acknowledgement made in
/// ConfiTrek is the person's own act, see `permissions::may_acknowledge_for`; one signed on
/// paper is a fact of the record, which the training office enters.)
pub fn paper_attestation(title: &str, version: u32, signed_on: Date) -> String {
    format!(
        "{} Signed on paper on {signed_on}; recorded from the agency's files.",
        attestation(title, version)
    )
}

/// Of a policy's versions as `(number, published on)`, the one a person signing on `day`
/// acknowledged when the paper does not say: the latest published by then.
pub fn version_signed_on(versions: &[(u32, Date)], day: Date) -> Option<u32> {
    versions
        .iter()
        .filter(|(_, published)| *published <= day)
        .max_by_key(|(number, published)| (*published, *number))
        .map(|(number, _)| *number)
}

/// Whether an acknowledgement signed on paper on `day` of a version published on
/// `published_on` can be recorded on `today`: not before the version existed, not later
/// than today.
pub fn check_paper_acknowledgement(
    day: Date,
    published_on: Date,
    today: Date,
) -> Result<(), String> {
    if day > today {
        Err(format!("cannot be later than today ({today})"))
    } else if day < published_on {
        Err(format!(
            "is before the version was published ({published_on})"
        ))
    } else {
        Ok(())
    }
}

/// How many of the people a policy is assigned to have acknowledged its current version,
/// and who has not (in the order given).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub assigned: usize,
    pub acknowledged: usize,
    pub pending: Vec<Uuid>,
}

pub fn progress(assigned: &[Uuid], acknowledged_by: &[Uuid]) -> Progress {
    let acknowledged_by: BTreeSet<&Uuid> = acknowledged_by.iter().collect();
    let pending: Vec<Uuid> = assigned
        .iter()
        .filter(|p| !acknowledged_by.contains(p))
        .copied()
        .collect();
    Progress {
        assigned: assigned.len(),
        acknowledged: assigned.len() - pending.len(),
        pending,
    }
}

#[cfg(test)]
#[path = "policies_tests.rs"]
mod tests;
