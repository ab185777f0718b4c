//! Credential types and awarded credentials, always within one agency.

use confitrek_domain::credentials::{ValidAward, ValidCredentialType};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, ModelTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::AgencyScope;
use super::entity::{course, credential, credential_type, training_record};

pub async fn types(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
) -> Result<Vec<credential_type::Model>, DbErr> {
    credential_type::Entity::find()
        .filter(credential_type::Column::AgencyId.eq(scope.id()))
        .order_by_asc(credential_type::Column::Name)
        .order_by_asc(credential_type::Column::Id)
        .all(db)
        .await
}

pub async fn credential_type(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
) -> Result<Option<credential_type::Model>, DbErr> {
    credential_type::Entity::find_by_id(id)
        .filter(credential_type::Column::AgencyId.eq(scope.id()))
        .one(db)
        .await
}

/// Creates (`existing` None) or replaces a credential type.
pub async fn save_type(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    existing: Option<credential_type::Model>,
    valid: ValidCredentialType,
    renewed_by: serde_json::Value,
    now: OffsetDateTime,
) -> Result<credential_type::Model, DbErr> {
    let validity = valid.validity_months.map(i32::from);
    match existing {
        Some(model) => {
            let mut model: credential_type::ActiveModel = model.into();
            model.code = Set(valid.code);
            model.name = Set(valid.name);
            model.validity_months = Set(validity);
            model.renewed_by = Set(renewed_by);
            model.updated_at = Set(now);
            model.update(db).await
        }
        None => {
            credential_type::ActiveModel {
                id: Set(Uuid::now_v7()),
                agency_id: Set(scope.id()),
                code: Set(valid.code),
                name: Set(valid.name),
                validity_months: Set(validity),
                renewed_by: Set(renewed_by),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(db)
            .await
        }
    }
}

pub async fn delete_type(
    db: &impl ConnectionTrait,
    model: credential_type::Model,
) -> Result<(), DbErr> {
    model.delete(db).await?;
    Ok(())
}

/// How many credentials of the type have been awarded.
pub async fn awards_of_type(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    type_id: Uuid,
) -> Result<u64, DbErr> {
    credential::Entity::find()
        .filter(credential::Column::AgencyId.eq(scope.id()))
        .filter(credential::Column::CredentialTypeId.eq(type_id))
        .count(db)
        .await
}

pub struct NewCredential {
    pub person_id: Uuid,
    pub credential_type_id: Uuid,
    pub award: ValidAward,
    /// The user who awarded it (none for the demo's history).
    pub awarded_by: Option<Uuid>,
}

pub async fn insert(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    new: NewCredential,
    now: OffsetDateTime,
) -> Result<credential::Model, DbErr> {
    credential::ActiveModel {
        id: Set(Uuid::now_v7()),
        agency_id: Set(scope.id()),
        person_id: Set(new.person_id),
        credential_type_id: Set(new.credential_type_id),
        issued_on: Set(new.award.issued_on),
        expires_on: Set(new.award.expires_on),
        note: Set(new.award.note),
        awarded_by: Set(new.awarded_by),
        created_at: Set(now),
    }
    .insert(db)
    .await
}

pub async fn credential(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
) -> Result<Option<credential::Model>, DbErr> {
    credential::Entity::find_by_id(id)
        .filter(credential::Column::AgencyId.eq(scope.id()))
        .one(db)
        .await
}

pub async fn of_person(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    person_id: Uuid,
) -> Result<Vec<credential::Model>, DbErr> {
    credential::Entity::find()
        .filter(credential::Column::AgencyId.eq(scope.id()))
        .filter(credential::Column::PersonId.eq(person_id))
        .order_by_asc(credential::Column::IssuedOn)
        .order_by_asc(credential::Column::Id)
        .all(db)
        .await
}

pub async fn delete(db: &impl ConnectionTrait, model: credential::Model) -> Result<(), DbErr> {
    model.delete(db).await?;
    Ok(())
}

/// The course of each of the person's training records that has one: (record, course).
pub async fn record_courses(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    person_id: Uuid,
) -> Result<Vec<(Uuid, Uuid)>, DbErr> {
    let rows: Vec<(Uuid, Option<Uuid>)> = training_record::Entity::find()
        .select_only()
        .column(training_record::Column::Id)
        .column(training_record::Column::CourseId)
        .filter(training_record::Column::AgencyId.eq(scope.id()))
        .filter(training_record::Column::PersonId.eq(person_id))
        .filter(training_record::Column::CourseId.is_not_null())
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(record, course)| Some((record, course?)))
        .collect())
}

/// Of `ids`, those that are courses of the agency.
pub async fn existing_courses(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    ids: &[Uuid],
) -> Result<Vec<Uuid>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    course::Entity::find()
        .select_only()
        .column(course::Column::Id)
        .filter(course::Column::AgencyId.eq(scope.id()))
        .filter(course::Column::Id.is_in(ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await
}

/// The agency's courses whose title contains `words` (case-insensitive), for the demo.
pub async fn courses_titled(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    words: &str,
) -> Result<Vec<Uuid>, DbErr> {
    let rows: Vec<(Uuid, String)> = course::Entity::find()
        .select_only()
        .column(course::Column::Id)
        .column(course::Column::Title)
        .filter(course::Column::AgencyId.eq(scope.id()))
        .order_by_asc(course::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let words = words.to_lowercase();
    Ok(rows
        .into_iter()
        .filter(|(_, title)| title.to_lowercase().contains(&words))
        .map(|(id, _)| id)
        .collect())
}
