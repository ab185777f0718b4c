//! A person's credentials: listing those awarded and those earned through training, with
//! where each stands today; awarding one; taking an award back. Each write re-evaluates the
//! person in the same transaction.

use confitrek_domain::ValidationErrors;
use confitrek_domain::compliance::{CredentialHeld, TrainingRecord};
use confitrek_domain::credentials::{AwardDraft, CredentialStanding, ValidAward, standing};
use confitrek_domain::permissions::Action;
use confitrek_domain::training::counts_hours;
use confitrek_types::{AwardCredentialInput, CredentialDto, CredentialSource};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use time::Date;
use uuid::Uuid;

use super::held::AgencyCredentials;
use crate::access::{require, visible_person};
use crate::auth::Caller;
use crate::compliance::service::refresh_person;
use crate::db::entity::{agency, credential_type, person};
use crate::db::{AgencyScope, agencies, compliance, credentials, people};
use crate::http::{ApiError, ApiResult};

/// The person's training records whose hours count for the agency (the rule the engine's
/// records follow), as far as credentials care: their dates and events.
async fn counted_records(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    agency: &agency::Model,
    person_id: Uuid,
) -> ApiResult<Vec<TrainingRecord>> {
    Ok(compliance::records_of(db, scope, person_id)
        .await?
        .into_iter()
        .filter(|r| counts_hours(r.verification, agency.count_unverified))
        .map(|r| TrainingRecord {
            id: r.id,
            completed_on: r.completed_on,
            minutes_by_topic: Vec::new(),
            events: serde_json::from_value(r.events).unwrap_or_default(),
        })
        .collect())
}

/// Where a credential stands on the agency's today, warned of within its at-risk window.
fn standing_today(
    held: &CredentialHeld,
    agency: &agency::Model,
    today: Date,
) -> CredentialStanding {
    let warn = u16::try_from(agency.at_risk_days).unwrap_or(90);
    standing(held, today, warn)
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
    let today = caller.clock.today_in(&agency.time_zone);
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
                standing: standing_today(c, &agency, today),
            })
        })
        .collect();
    // The newest first: what a coordinator looks for.
    list.sort_by_key(|c| std::cmp::Reverse((c.issued_on, c.id)));
    Ok(list)
}

/// The person and the credential type an award names, each a field error when it is not
/// one of the agency's.
async fn award_targets(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    input: &AwardCredentialInput,
    errors: &mut ValidationErrors,
) -> ApiResult<(Option<person::Model>, Option<credential_type::Model>)> {
    let person = people::get(db, scope, input.person_id).await?;
    if person.is_none() {
        errors.push("person_id", "is not a person in this agency");
    }
    let kind = credentials::credential_type(db, scope, input.credential_type_id).await?;
    if kind.is_none() {
        errors.push(
            "credential_type_id",
            "is not a credential type of this agency",
        );
    }
    Ok((person, kind))
}

pub async fn award(
    db: &DatabaseConnection,
    caller: &Caller,
    input: AwardCredentialInput,
) -> ApiResult<CredentialDto> {
    require(caller, Action::ManageCredentials)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let agency = agencies::get(&txn, scope)
        .await?
        .ok_or(ApiError::NotFound)?;
    let today = caller.clock.today_in(&agency.time_zone);
    let mut errors = ValidationErrors::default();
    let (person, kind) = award_targets(&txn, scope, &input, &mut errors).await?;
    let validity = kind
        .as_ref()
        .and_then(|k| k.validity_months)
        .and_then(|m| u16::try_from(m).ok());
    let draft = AwardDraft {
        issued_on: input.issued_on,
        expires_on: input.expires_on,
        note: input.note,
    };
    let award = ValidAward::parse(draft, validity, today)
        .map_err(|e| errors.0.extend(e.0))
        .ok();
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
        caller.clock.now(),
    )
    .await?;
    caller
        .audit(&txn, scope.id(), "credential.award", ("credential", row.id))
        .await?;
    refresh_person(&txn, &caller.clock, scope, person.id).await?;
    txn.commit().await?;
    let held = CredentialHeld {
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
        standing: standing_today(&held, &agency, today),
    })
}

/// Takes an award back (a credential earned through training follows its record instead).
pub async fn delete(db: &DatabaseConnection, caller: &Caller, id: Uuid) -> ApiResult<()> {
    require(caller, Action::ManageCredentials)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let existing = credentials::credential(&txn, scope, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let person_id = existing.person_id;
    credentials::delete(&txn, existing).await?;
    caller
        .audit(&txn, scope.id(), "credential.delete", ("credential", id))
        .await?;
    refresh_person(&txn, &caller.clock, scope, person_id).await?;
    txn.commit().await?;
    Ok(())
}
