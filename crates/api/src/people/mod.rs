//! The roster: officers and civilian staff of an agency.

pub mod erasure;
pub mod handlers;
pub mod service;

use confitrek_domain::people::{PersonDraft, PersonStatus};
use confitrek_types as dto;

use crate::db::entity::person;

pub fn person_draft(input: dto::PersonInput) -> PersonDraft {
    {
        PersonDraft {
            kind: input.kind,
            first_name: input.first_name,
            last_name: input.last_name,
            title: input.title,
            badge: input.badge,
            email: input.email,
            unit: input.unit,
            supervisor_id: input.supervisor_id,
            status: input.status.unwrap_or(PersonStatus::Active),
            hire_date: input.hire_date,
            separated_on: input.separated_on,
            license_number: input.license_number,
            license_cycle_start: input.license_cycle_start,
            license_cycle_end: input.license_cycle_end,
            notes: input.notes,
            role_flags: input.role_flags,
            certified_on: input.certified_on,
            history_from: input.history_from,
        }
    }
}

/// A stored person as a draft, to change some of it and validate the whole again.
pub fn draft_of(p: &person::Model) -> PersonDraft {
    PersonDraft {
        kind: p.kind,
        first_name: p.first_name.clone(),
        last_name: p.last_name.clone(),
        title: p.title.clone(),
        badge: p.badge.clone(),
        email: p.email.clone(),
        unit: p.unit.clone(),
        supervisor_id: p.supervisor_id,
        status: p.status,
        hire_date: p.hire_date,
        separated_on: p.separated_on,
        license_number: p.license_number.clone(),
        license_cycle_start: p.license_cycle_start,
        license_cycle_end: p.license_cycle_end,
        notes: p.notes.clone(),
        role_flags: p
            .role_flags
            .split(',')
            .filter(|f| !f.is_empty())
            .map(str::to_owned)
            .collect(),
        certified_on: p.certified_on,
        history_from: p.history_from,
    }
}

pub fn person_dto(p: person::Model, standing: Option<dto::StandingDto>) -> dto::PersonDto {
    dto::PersonDto {
        id: p.id,
        kind: p.kind,
        first_name: p.first_name,
        last_name: p.last_name,
        title: p.title,
        badge: p.badge,
        email: p.email,
        unit: p.unit,
        supervisor_id: p.supervisor_id,
        status: p.status,
        hire_date: p.hire_date,
        separated_on: p.separated_on,
        license_number: p.license_number,
        license_cycle_start: p.license_cycle_start,
        license_cycle_end: p.license_cycle_end,
        notes: p.notes,
        role_flags: p
            .role_flags
            .split(',')
            .filter(|f| !f.is_empty())
            .map(str::to_owned)
            .collect(),
        certified_on: p.certified_on,
        history_from: p.history_from,
        standing,
        created_at: p.created_at,
        updated_at: p.updated_at,
    }
}
