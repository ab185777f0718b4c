//! The roster: officers and civilian staff of an agency.

pub mod handlers;
pub mod service;

use confitrek_domain::people::{PersonDraft, PersonKind, PersonStatus};
use confitrek_domain::permissions::Role;
use confitrek_types as dto;

use crate::db::entity::person;

pub fn role_dto(role: Role) -> dto::Role {
    match role {
        Role::PlatformOperator => dto::Role::PlatformOperator,
        Role::AgencyAdmin => dto::Role::AgencyAdmin,
        Role::Coordinator => dto::Role::Coordinator,
        Role::Supervisor => dto::Role::Supervisor,
        Role::Officer => dto::Role::Officer,
    }
}

pub fn role_from_dto(role: dto::Role) -> Role {
    match role {
        dto::Role::PlatformOperator => Role::PlatformOperator,
        dto::Role::AgencyAdmin => Role::AgencyAdmin,
        dto::Role::Coordinator => Role::Coordinator,
        dto::Role::Supervisor => Role::Supervisor,
        dto::Role::Officer => Role::Officer,
    }
}

pub fn status_from_dto(status: dto::PersonStatus) -> PersonStatus {
    match status {
        dto::PersonStatus::Active => PersonStatus::Active,
        dto::PersonStatus::Inactive => PersonStatus::Inactive,
        dto::PersonStatus::Separated => PersonStatus::Separated,
    }
}

fn status_dto(status: &str) -> dto::PersonStatus {
    match status {
        "inactive" => dto::PersonStatus::Inactive,
        "separated" => dto::PersonStatus::Separated,
        _ => dto::PersonStatus::Active,
    }
}

pub fn person_draft(input: dto::PersonInput) -> PersonDraft {
    {
        PersonDraft {
            kind: match input.kind {
                dto::PersonKind::Officer => PersonKind::Officer,
                dto::PersonKind::Civilian => PersonKind::Civilian,
            },
            first_name: input.first_name,
            last_name: input.last_name,
            title: input.title,
            badge: input.badge,
            email: input.email,
            unit: input.unit,
            supervisor_id: input.supervisor_id,
            status: input
                .status
                .map(status_from_dto)
                .unwrap_or(PersonStatus::Active),
            hire_date: input.hire_date,
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

pub fn person_dto(p: person::Model) -> dto::PersonDto {
    dto::PersonDto {
        id: p.id,
        kind: if p.kind == "civilian" {
            dto::PersonKind::Civilian
        } else {
            dto::PersonKind::Officer
        },
        first_name: p.first_name,
        last_name: p.last_name,
        title: p.title,
        badge: p.badge,
        email: p.email,
        unit: p.unit,
        supervisor_id: p.supervisor_id,
        status: status_dto(&p.status),
        hire_date: p.hire_date,
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
        created_at: p.created_at,
        updated_at: p.updated_at,
    }
}
