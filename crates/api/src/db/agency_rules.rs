//! An agency's own requirements and training profiles, always within the agency.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, ModelTrait, QueryFilter,
    QueryOrder, Set,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::AgencyScope;
use super::entity::{agency_requirement, training_profile};

pub async fn requirements(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
) -> Result<Vec<agency_requirement::Model>, DbErr> {
    agency_requirement::Entity::find()
        .filter(agency_requirement::Column::AgencyId.eq(scope.id()))
        .order_by_asc(agency_requirement::Column::Code)
        .all(db)
        .await
}

pub async fn requirement(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
) -> Result<Option<agency_requirement::Model>, DbErr> {
    agency_requirement::Entity::find_by_id(id)
        .filter(agency_requirement::Column::AgencyId.eq(scope.id()))
        .one(db)
        .await
}

/// Creates (`existing` None) or replaces a requirement.
pub async fn save_requirement(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    existing: Option<agency_requirement::Model>,
    code: String,
    document: serde_json::Value,
    now: OffsetDateTime,
) -> Result<agency_requirement::Model, DbErr> {
    match existing {
        Some(model) => {
            let mut model: agency_requirement::ActiveModel = model.into();
            model.code = Set(code);
            model.document = Set(document);
            model.updated_at = Set(now);
            model.update(db).await
        }
        None => {
            agency_requirement::ActiveModel {
                id: Set(Uuid::now_v7()),
                agency_id: Set(scope.id()),
                code: Set(code),
                document: Set(document),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(db)
            .await
        }
    }
}

pub async fn delete_requirement(
    db: &impl ConnectionTrait,
    model: agency_requirement::Model,
) -> Result<(), DbErr> {
    model.delete(db).await?;
    Ok(())
}

pub async fn profiles(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
) -> Result<Vec<training_profile::Model>, DbErr> {
    training_profile::Entity::find()
        .filter(training_profile::Column::AgencyId.eq(scope.id()))
        .order_by_asc(training_profile::Column::Name)
        .all(db)
        .await
}

pub async fn profile(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
) -> Result<Option<training_profile::Model>, DbErr> {
    training_profile::Entity::find_by_id(id)
        .filter(training_profile::Column::AgencyId.eq(scope.id()))
        .one(db)
        .await
}

pub async fn save_profile(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    existing: Option<training_profile::Model>,
    name: String,
    codes: serde_json::Value,
    assignment: serde_json::Value,
    now: OffsetDateTime,
) -> Result<training_profile::Model, DbErr> {
    match existing {
        Some(model) => {
            let mut model: training_profile::ActiveModel = model.into();
            model.name = Set(name);
            model.requirement_codes = Set(codes);
            model.assignment = Set(assignment);
            model.updated_at = Set(now);
            model.update(db).await
        }
        None => {
            training_profile::ActiveModel {
                id: Set(Uuid::now_v7()),
                agency_id: Set(scope.id()),
                name: Set(name),
                requirement_codes: Set(codes),
                assignment: Set(assignment),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(db)
            .await
        }
    }
}

pub async fn delete_profile(
    db: &impl ConnectionTrait,
    model: training_profile::Model,
) -> Result<(), DbErr> {
    model.delete(db).await?;
    Ok(())
}
