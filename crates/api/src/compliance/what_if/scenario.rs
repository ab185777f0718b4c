//! The request checked against the rules that will judge it, and turned into the engine's
//! inputs. Every problem is named by its path in the request, as serde names a wrong type.

use std::collections::BTreeSet;

use confitrek_domain::ValidationErrors;
use confitrek_domain::compliance::{
    Acknowledgement, CredentialHeld, Jurisdiction, Minutes, PersonFacts, PolicyVersionAssigned,
    TopicCode, TrainingRecord, Waiver,
};
use confitrek_domain::people::{self, LicenseCycle, PersonKind, PersonStatus};
use confitrek_types::WhatIfRequest;
use uuid::Uuid;

use super::MAX_RECORD_HOURS;
use crate::compliance::service::effect_from_dto;

/// The request as the engine's inputs, every field checked against the rules that judge it.
pub(super) struct Scenario {
    pub(super) kind: PersonKind,
    pub(super) facts: PersonFacts,
    pub(super) records: Vec<TrainingRecord>,
    pub(super) credentials: Vec<CredentialHeld>,
    pub(super) policies: Vec<PolicyVersionAssigned>,
    pub(super) acknowledgements: Vec<Acknowledgement>,
    pub(super) waivers: Vec<Waiver>,
    pub(super) as_of: time::Date,
    pub(super) at_risk_days: u16,
}

/// The id given, or the item's place in its list counted from 1.
fn id_or_place(id: Option<Uuid>, index: usize) -> Uuid {
    id.unwrap_or_else(|| Uuid::from_u128(index as u128 + 1))
}

/// What the rules name: topics, events, role flags and requirement ids.
struct Vocabulary<'a> {
    code: &'a str,
    topics: BTreeSet<&'a str>,
    events: BTreeSet<&'a str>,
    role_flags: BTreeSet<&'a str>,
    requirements: BTreeSet<&'a str>,
}

impl<'a> Vocabulary<'a> {
    fn of(jurisdiction: &'a Jurisdiction) -> Self {
        let sets = jurisdiction.versions();
        let requirements = sets.iter().flat_map(|s| &s.requirements);
        let mut role_flags: BTreeSet<&str> = people::ROLE_FLAGS.into_iter().collect();
        for r in requirements.clone() {
            role_flags.extend(r.applies.roles_any.iter().map(String::as_str));
            role_flags.extend(r.applies.roles_none.iter().map(String::as_str));
        }
        Self {
            code: sets.first().map(|s| s.jurisdiction.as_str()).unwrap_or(""),
            topics: sets
                .iter()
                .flat_map(|s| &s.topics)
                .map(|t| t.code.as_str())
                .collect(),
            events: sets
                .iter()
                .flat_map(|s| &s.events)
                .map(|t| t.code.as_str())
                .collect(),
            role_flags,
            requirements: requirements.map(|r| r.id.as_str()).collect(),
        }
    }
}

impl Scenario {
    pub(super) fn parse(
        jurisdiction: &Jurisdiction,
        request: WhatIfRequest,
        default_at_risk_days: u16,
    ) -> Result<Self, ValidationErrors> {
        let known = Vocabulary::of(jurisdiction);
        let code = known.code;
        let mut errors = ValidationErrors::default();
        let person = request.person;
        let mut roles = Vec::new();
        for (i, flag) in person.role_flags.iter().enumerate() {
            let flag = flag.trim().to_ascii_lowercase();
            if known.role_flags.contains(flag.as_str()) {
                roles.push(flag);
            } else {
                let flags: Vec<&str> = known.role_flags.iter().copied().collect();
                errors.push(
                    format!("person.role_flags[{i}]"),
                    format!("must be one of: {}", flags.join(", ")),
                );
            }
        }
        let license_cycle = match (person.license_cycle_start, person.license_cycle_end) {
            (Some(start), Some(end)) => errors
                .collect("person.license_cycle_end", LicenseCycle::new(start, end))
                .map(|c| (c.start(), c.end())),
            (Some(_), None) => {
                errors.push(
                    "person.license_cycle_end",
                    people::CycleError::HalfGiven.to_string(),
                );
                None
            }
            (None, Some(_)) => {
                errors.push(
                    "person.license_cycle_start",
                    people::CycleError::HalfGiven.to_string(),
                );
                None
            }
            (None, None) => None,
        };
        let mut records = Vec::new();
        for (i, r) in request.records.iter().enumerate() {
            let mut minutes_by_topic = Vec::new();
            for (topic, hours) in &r.hours {
                let field = format!("records[{i}].hours.{topic}");
                if !known.topics.contains(topic.as_str()) {
                    errors.push(field, format!("is not a topic of the {code} rules"));
                    continue;
                }
                match Minutes::from_decimal_hours(*hours).filter(|_| *hours <= MAX_RECORD_HOURS) {
                    Some(m) => minutes_by_topic.push((TopicCode::from(topic.as_str()), m)),
                    None => errors.push(
                        field,
                        format!("must be a number of hours from 0 to {MAX_RECORD_HOURS}"),
                    ),
                }
            }
            for (j, event) in r.events.iter().enumerate() {
                if !known.events.contains(event.as_str()) {
                    errors.push(
                        format!("records[{i}].events[{j}]"),
                        format!("is not an event of the {code} rules"),
                    );
                }
            }
            records.push(TrainingRecord {
                id: id_or_place(r.id, i),
                completed_on: r.completed_on,
                minutes_by_topic,
                events: r.events.clone(),
            });
        }
        let mut credentials = Vec::new();
        for (i, c) in request.credentials.iter().enumerate() {
            if c.credential_type.trim().is_empty() {
                errors.push(format!("credentials[{i}].credential_type"), "is required");
            }
            if c.expires_on.is_some_and(|end| end < c.issued_on) {
                errors.push(
                    format!("credentials[{i}].expires_on"),
                    "must not be before issued_on",
                );
            }
            credentials.push(CredentialHeld {
                id: id_or_place(c.id, i),
                credential_type: c.credential_type.trim().to_owned(),
                issued_on: c.issued_on,
                expires_on: c.expires_on,
            });
        }
        let mut policies = Vec::new();
        for (i, p) in request.policy_versions.iter().enumerate() {
            if p.policy.trim().is_empty() {
                errors.push(format!("policy_versions[{i}].policy"), "is required");
            }
            policies.push(PolicyVersionAssigned {
                policy: p.policy.trim().to_owned(),
                version: p.version,
                assigned_on: p.assigned_on,
            });
        }
        let mut acknowledgements = Vec::new();
        for (i, a) in request.acknowledgements.iter().enumerate() {
            if a.policy.trim().is_empty() {
                errors.push(format!("acknowledgements[{i}].policy"), "is required");
            }
            acknowledgements.push(Acknowledgement {
                id: id_or_place(a.id, i),
                policy: a.policy.trim().to_owned(),
                version: a.version,
                acknowledged_on: a.acknowledged_on,
            });
        }
        let mut waivers = Vec::new();
        for (i, w) in request.waivers.iter().enumerate() {
            if !known.requirements.contains(w.requirement_id.as_str()) {
                errors.push(
                    format!("waivers[{i}].requirement_id"),
                    format!("is not a requirement of the {code} rules"),
                );
            }
            match effect_from_dto(w.effect) {
                Some(effect) => waivers.push(Waiver {
                    id: id_or_place(w.id, i),
                    requirement_id: w.requirement_id.clone(),
                    period_due: w.period_due,
                    effect,
                    reason: String::new(),
                    approved_by: String::new(),
                }),
                None => errors.push(
                    format!("waivers[{i}].effect.hours"),
                    "must be a number of hours from 0 to 100000",
                ),
            }
        }
        let at_risk_days = request.at_risk_days.unwrap_or(default_at_risk_days);
        if !(1..=365).contains(&at_risk_days) {
            errors.push("at_risk_days", "must be from 1 to 365 days");
        }
        errors.into_result()?;
        Ok(Self {
            kind: person.kind.unwrap_or(PersonKind::Officer),
            facts: PersonFacts {
                status: person.status.unwrap_or(PersonStatus::Active),
                roles,
                hire_date: person.hire_date,
                certified_on: person.certified_on,
                license_cycle,
                records_complete_from: person.records_complete_from,
            },
            records,
            credentials,
            policies,
            acknowledgements,
            waivers,
            as_of: request.as_of,
            at_risk_days,
        })
    }
}
