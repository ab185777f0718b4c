//! Credential use cases: each loads within the caller's agency, validates through `domain`,
//! and writes the change, its audit event and the refreshed verdicts in one transaction.

use std::collections::BTreeSet;

use confitrek_domain::compliance::TrainingRecord;
use confitrek_domain::credentials::{
    AwardDraft, CredentialTypeDraft, Renewal, ValidAward, ValidCredentialType, standing,
};
use confitrek_domain::permissions::Action;
use confitrek_domain::training::Verification;
use confitrek_types::{
    AwardCredentialInput, CredentialDto, CredentialSource, CredentialStanding, CredentialTypeDto,
    CredentialTypeInput,
};
use sea_orm::{ConnectionTrait, DatabaseConnection, TransactionTrait};
use uuid::Uuid;

use super::held::AgencyCredentials;
use super::type_dto;
use crate::auth::Caller;
use crate::compliance::jurisdictions;
use crate::compliance::service::{agency_today, refresh, refresh_agency};
use crate::db::entity::{agency, credential_type, person};
use crate::db::{AgencyScope, agencies, agency_rules, compliance, credentials, people};
use crate::http::error::OnConstraint;
use crate::http::{ApiError, ApiResult};
use crate::permissions::{require, sees, visible_people};

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
    let txn = db.begin().await?;
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
    let row = credentials::save_type(&txn, scope, existing, valid, renewed_by)
        .await
        .on_unique(
            "code",
            format!("{code} is already the code of another credential type"),
        )?;
    caller
        .audit(&txn, scope.id(), action, ("credential_type", row.id))
        .await?;
    // Its validity and what renews it change who holds a current credential.
    refresh_agency(&txn, scope).await?;
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
    let txn = db.begin().await?;
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
    refresh_agency(&txn, scope).await?;
    txn.commit().await?;
    Ok(())
}

/// A person of the caller's agency whom the caller may see; anyone else is not found.
async fn visible_person(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: Uuid,
) -> ApiResult<person::Model> {
    let visible = visible_people(db, caller).await?;
    let person = people::get(db, caller.scope()?, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if sees(&visible, &person) {
        Ok(person)
    } else {
        Err(ApiError::NotFound)
    }
}

/// The person's training records whose hours count for the agency (as the engine is given
/// them), as far as credentials care: their dates and events.
async fn counted_records(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    agency: &agency::Model,
    person_id: Uuid,
) -> ApiResult<Vec<TrainingRecord>> {
    Ok(compliance::records_of(db, scope, person_id)
        .await?
        .into_iter()
        .filter(|r| {
            Verification::parse(&r.verification).is_some_and(|v| v.counts(agency.count_unverified))
        })
        .map(|r| TrainingRecord {
            id: r.id,
            completed_on: r.completed_on,
            minutes_by_topic: Vec::new(),
            events: serde_json::from_value(r.events).unwrap_or_default(),
        })
        .collect())
}

/// Every credential the person holds or held, awarded or earned, with its standing today.
pub async fn list(
    db: &DatabaseConnection,
    caller: &Caller,
    person_id: Uuid,
) -> ApiResult<Vec<CredentialDto>> {
    let scope = caller.scope()?;
    let person = visible_person(db, caller, person_id).await?;
    let agency = agencies::get(db, scope).await?.ok_or(ApiError::NotFound)?;
    let today = agency_today(&agency);
    let warn = u16::try_from(agency.at_risk_days).unwrap_or(90);
    let types = AgencyCredentials::load(db, scope).await?;
    let awarded = credentials::of_person(db, scope, person.id).await?;
    let records = counted_records(db, scope, &agency, person.id).await?;
    let held = types.held(db, scope, person.id, &awarded, &records).await?;
    let mut list: Vec<CredentialDto> = held
        .iter()
        .filter_map(|c| {
            let kind = types.type_by_code(&c.credential_type)?;
            let award = awarded.iter().find(|a| a.id == c.id);
            Some(CredentialDto {
                id: c.id,
                person_id: person.id,
                credential_type_id: kind.id,
                credential_type_code: kind.code.clone(),
                credential_type_name: kind.name.clone(),
                issued_on: c.issued_on,
                expires_on: c.expires_on,
                note: award.and_then(|a| a.note.clone()),
                source: if award.is_some() {
                    CredentialSource::Awarded
                } else {
                    CredentialSource::Training
                },
                training_record_id: award.is_none().then_some(c.id),
                standing: standing_dto(standing(c, today, warn)),
            })
        })
        .collect();
    // The newest first: what a coordinator looks for.
    list.sort_by_key(|c| std::cmp::Reverse((c.issued_on, c.id)));
    Ok(list)
}

fn standing_dto(s: confitrek_domain::credentials::Standing) -> CredentialStanding {
    use confitrek_domain::credentials::Standing;
    match s {
        Standing::NotYetValid => CredentialStanding::NotYetValid,
        Standing::Current => CredentialStanding::Current,
        Standing::ExpiringSoon => CredentialStanding::ExpiringSoon,
        Standing::Expired => CredentialStanding::Expired,
    }
}

pub async fn award(
    db: &DatabaseConnection,
    caller: &Caller,
    input: AwardCredentialInput,
) -> ApiResult<CredentialDto> {
    require(caller, Action::ManageCredentials)?;
    let scope = caller.scope()?;
    let txn = db.begin().await?;
    let agency = agencies::get(&txn, scope)
        .await?
        .ok_or(ApiError::NotFound)?;
    let mut errors = confitrek_domain::ValidationErrors::default();
    let person = people::get(&txn, scope, input.person_id).await?;
    if person.is_none() {
        errors.push("person_id", "is not a person in this agency");
    }
    let kind: Option<credential_type::Model> =
        credentials::credential_type(&txn, scope, input.credential_type_id).await?;
    if kind.is_none() {
        errors.push(
            "credential_type_id",
            "is not a credential type of this agency",
        );
    }
    let validity = kind
        .as_ref()
        .and_then(|k| k.validity_months)
        .and_then(|m| u16::try_from(m).ok());
    let draft = AwardDraft {
        issued_on: input.issued_on,
        expires_on: input.expires_on,
        note: input.note,
    };
    let award = match ValidAward::parse(draft, validity, agency_today(&agency)) {
        Ok(award) => Some(award),
        Err(e) => {
            errors.0.extend(e.0);
            None
        }
    };
    errors.clone().into_result()?;
    let (Some(person), Some(kind), Some(award)) = (person, kind, award) else {
        return Err(errors.into());
    };
    let row = credentials::insert(
        &txn,
        scope,
        credentials::NewCredential {
            person_id: person.id,
            credential_type_id: kind.id,
            award,
            awarded_by: Some(caller.user_id),
        },
    )
    .await?;
    caller
        .audit(&txn, scope.id(), "credential.award", ("credential", row.id))
        .await?;
    refresh(&txn, scope, person.id).await?;
    txn.commit().await?;
    let today = agency_today(&agency);
    let held = confitrek_domain::compliance::CredentialHeld {
        id: row.id,
        credential_type: kind.code.clone(),
        issued_on: row.issued_on,
        expires_on: row.expires_on,
    };
    Ok(CredentialDto {
        id: row.id,
        person_id: row.person_id,
        credential_type_id: kind.id,
        credential_type_code: kind.code,
        credential_type_name: kind.name,
        issued_on: row.issued_on,
        expires_on: row.expires_on,
        note: row.note,
        source: CredentialSource::Awarded,
        training_record_id: None,
        standing: standing_dto(standing(
            &held,
            today,
            u16::try_from(agency.at_risk_days).unwrap_or(90),
        )),
    })
}

/// Takes an award back (a credential earned through training follows its record instead).
pub async fn delete(db: &DatabaseConnection, caller: &Caller, id: Uuid) -> ApiResult<()> {
    require(caller, Action::ManageCredentials)?;
    let scope = caller.scope()?;
    let txn = db.begin().await?;
    let existing = credentials::credential(&txn, scope, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let person_id = existing.person_id;
    credentials::delete(&txn, existing).await?;
    caller
        .audit(&txn, scope.id(), "credential.delete", ("credential", id))
        .await?;
    refresh(&txn, scope, person_id).await?;
    txn.commit().await?;
    Ok(())
}
