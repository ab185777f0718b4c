//! An agency's own topics, always within the agency.

use confitrek_domain::training::ValidTopic;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, ModelTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::AgencyScope;
use super::entity::topic::{self, Column, Entity as Topics};

pub async fn list(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
) -> Result<Vec<topic::Model>, DbErr> {
    Topics::find()
        .filter(Column::AgencyId.eq(scope.id()))
        .order_by_asc(Column::Code)
        .all(db)
        .await
}

pub async fn get(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
) -> Result<Option<topic::Model>, DbErr> {
    Topics::find_by_id(id)
        .filter(Column::AgencyId.eq(scope.id()))
        .one(db)
        .await
}

pub async fn insert(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    t: &ValidTopic,
    now: OffsetDateTime,
) -> Result<topic::Model, DbErr> {
    topic::ActiveModel {
        id: Set(Uuid::now_v7()),
        agency_id: Set(scope.id()),
        code: Set(t.code.clone()),
        title: Set(t.title.clone()),
        creditable: Set(t.creditable),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await
}

pub async fn update(
    db: &impl ConnectionTrait,
    existing: topic::Model,
    t: &ValidTopic,
    now: OffsetDateTime,
) -> Result<topic::Model, DbErr> {
    let mut model: topic::ActiveModel = existing.into();
    model.code = Set(t.code.clone());
    model.title = Set(t.title.clone());
    model.creditable = Set(t.creditable);
    model.updated_at = Set(now);
    model.update(db).await
}

pub async fn delete(db: &impl ConnectionTrait, existing: topic::Model) -> Result<(), DbErr> {
    existing.delete(db).await?;
    Ok(())
}

/// Codes of the agency's topics whose hours do not count toward totals.
pub async fn non_creditable(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
) -> Result<Vec<String>, DbErr> {
    Topics::find()
        .select_only()
        .column(Column::Code)
        .filter(Column::AgencyId.eq(scope.id()))
        .filter(Column::Creditable.eq(false))
        .order_by_asc(Column::Code)
        .into_tuple()
        .all(db)
        .await
}
