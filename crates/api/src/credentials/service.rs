//! Credential types: each use case loads within the caller's agency, validates through
//! `domain`, and writes the change, its audit event and the refreshed verdicts in one
//! transaction.

use std::collections::BTreeSet;

use confitrek_domain::credentials::{CredentialTypeDraft, Renewal, ValidCredentialType};
use confitrek_domain::permissions::Action;
use confitrek_types::{CredentialTypeDto, CredentialTypeInput};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use uuid::Uuid;

use super::type_dto;
use crate::access::{require, visible_people};
use crate::auth::Caller;
use crate::compliance::jurisdictions;
use crate::compliance::service::refresh_everyone;
use crate::db::entity::agency;
use crate::db::{AgencyScope, agencies, agency_rules, credentials};
use crate::http::error::OnConstraint;
use crate::http::{ApiError, ApiResult};

pub async fn list_types(
    db: &DatabaseConnection,
    caller: &Caller,
) -> ApiResult<Vec<CredentialTypeDto>> {
    visible_people(db, caller).await?;
    let rows = credentials::types(db, caller.scope()?).await?;
    Ok(rows.into_iter().map(type_dto).collect())
}

/// The event codes of the agency's jurisdiction, in any of its versions (a record may be
/// dated under an earlier one).
async fn known_events(
    db: &impl ConnectionTrait,
    agency: &agency::Model,
) -> ApiResult<BTreeSet<String>> {
    Ok(jurisdictions::load(db, &agency.state_code)
        .await?
        .map(|(j, _)| {
            j.versions()
                .iter()
                .flat_map(|v| v.events.iter().map(|e| e.code.clone()))
                .collect()
        })
        .unwrap_or_default())
}

async fn validate_type(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    input: CredentialTypeInput,
) -> ApiResult<ValidCredentialType> {
    let draft = CredentialTypeDraft {
        code: input.code,
        name: input.name,
        validity_months: input.validity_months,
        renewal: Renewal {
            course_ids: input.renewed_by.course_ids.clone(),
            events: input.renewed_by.events.clone(),
        },
    };
    let parsed = ValidCredentialType::parse(draft);
    let mut errors = parsed.as_ref().err().cloned().unwrap_or_default();
    let agency = agencies::get(db, scope).await?.ok_or(ApiError::NotFound)?;
    let events = known_events(db, &agency).await?;
    for (i, event) in input.renewed_by.events.iter().enumerate() {
        let field = format!("renewed_by.events.{i}");
        if !events.contains(event.trim()) && !errors.0.iter().any(|e| e.field == field) {
            let known: Vec<&str> = events.iter().map(String::as_str).collect();
            errors.push(
                field,
                format!(
                    "is not an event of the agency's state rules; one of: {}",
                    known.join(", ")
                ),
            );
        }
    }
    let courses = credentials::existing_courses(db, scope, &input.renewed_by.course_ids).await?;
    for (i, course) in input.renewed_by.course_ids.iter().enumerate() {
        if !courses.contains(course) {
            errors.push(
                format!("renewed_by.course_ids.{i}"),
                "is not a course of the agency's catalog",
            );
        }
    }
    match parsed {
        Ok(valid) if errors.is_empty() => Ok(valid),
        _ => Err(errors.into()),
    }
}

/// Whether an agency requirement counts credentials of type `code`.
async fn required_by(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    code: &str,
) -> ApiResult<Option<String>> {
    Ok(agency_rules::requirements(db, scope)
        .await?
        .into_iter()
        .find(|r| {
            r.document["measure"]["kind"] == "credential"
                && r.document["measure"]["credential_type"] == code
        })
        .map(|r| r.code))
}

async fn save_type(
    db: &DatabaseConnection,
    caller: &Caller,
    existing: Option<Uuid>,
    input: CredentialTypeInput,
) -> ApiResult<CredentialTypeDto> {
    require(caller, Action::ManageCredentials)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let existing = match existing {
        Some(id) => Some(
            credentials::credential_type(&txn, scope, id)
                .await?
                .ok_or(ApiError::NotFound)?,
        ),
        None => None,
    };
    let valid = validate_type(&txn, scope, input).await?;
    if let Some(old) = &existing
        && old.code != valid.code
        && let Some(requirement) = required_by(&txn, scope, &old.code).await?
    {
        return Err(ApiError::field(
            "code",
            format!("cannot change while the agency requirement {requirement} counts it"),
        ));
    }
    let renewed_by = serde_json::to_value(&valid.renewal).map_err(anyhow::Error::from)?;
    let action = if existing.is_some() {
        "credential_type.update"
    } else {
        "credential_type.create"
    };
    let code = valid.code.clone();
    let row = credentials::save_type(&txn, scope, existing, valid, renewed_by, caller.clock.now())
        .await
        .on_unique(
            "code",
            format!("{code} is already the code of another credential type"),
        )?;
    caller
        .audit(&txn, scope.id(), action, ("credential_type", row.id))
        .await?;
    // Its validity and what renews it change who holds a current credential.
    refresh_everyone(&txn, &caller.clock, scope).await?;
    txn.commit().await?;
    Ok(type_dto(row))
}

pub async fn create_type(
    db: &DatabaseConnection,
    caller: &Caller,
    input: CredentialTypeInput,
) -> ApiResult<CredentialTypeDto> {
    save_type(db, caller, None, input).await
}

pub async fn replace_type(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Uuid,
    input: CredentialTypeInput,
) -> ApiResult<CredentialTypeDto> {
    save_type(db, caller, Some(id), input).await
}

/// Removes a credential type that nobody was awarded and no requirement counts.
pub async fn delete_type(db: &DatabaseConnection, caller: &Caller, id: Uuid) -> ApiResult<()> {
    require(caller, Action::ManageCredentials)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let existing = credentials::credential_type(&txn, scope, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if let Some(requirement) = required_by(&txn, scope, &existing.code).await? {
        return Err(ApiError::Conflict(format!(
            "{} is counted by the agency requirement {requirement}; change that first",
            existing.code
        )));
    }
    let awarded = credentials::awards_of_type(&txn, scope, id).await?;
    if awarded > 0 {
        return Err(ApiError::Conflict(format!(
            "{} has been awarded {awarded} time(s); take the awards back first",
            existing.code
        )));
    }
    credentials::delete_type(&txn, existing).await?;
    caller
        .audit(
            &txn,
            scope.id(),
            "credential_type.delete",
            ("credential_type", id),
        )
        .await?;
    refresh_everyone(&txn, &caller.clock, scope).await?;
    txn.commit().await?;
    Ok(())
}
