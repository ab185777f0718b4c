//! Policy documents, always scoped to the caller's agency.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::AgencyScope;
use super::entity::policy_document::{self, Entity as PolicyDocuments};

pub struct NewDocument {
    pub id: Uuid,
    pub policy_id: Uuid,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_by: Uuid,
}

pub async fn insert(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    new: NewDocument,
) -> Result<policy_document::Model, DbErr> {
    policy_document::ActiveModel {
        id: Set(new.id),
        agency_id: Set(scope.id()),
        policy_id: Set(new.policy_id),
        content_type: Set(new.content_type),
        size_bytes: Set(new.size_bytes),
        sha256: Set(new.sha256),
        uploaded_by: Set(new.uploaded_by),
        created_at: Set(OffsetDateTime::now_utc()),
    }
    .insert(db)
    .await
}

pub async fn get(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
) -> Result<Option<policy_document::Model>, DbErr> {
    PolicyDocuments::find_by_id(id)
        .filter(policy_document::Column::AgencyId.eq(scope.id()))
        .one(db)
        .await
}
