//! Certificate rows, always scoped to the caller's agency.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::AgencyScope;
use super::entity::certificate::{self, Entity as Certificates};

pub async fn of_record(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    record_id: Uuid,
) -> Result<Option<certificate::Model>, DbErr> {
    Certificates::find()
        .filter(certificate::Column::AgencyId.eq(scope.id()))
        .filter(certificate::Column::RecordId.eq(record_id))
        .one(db)
        .await
}

/// The certificates of these records, for listing them in one query.
pub async fn of_records(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    record_ids: Vec<Uuid>,
) -> Result<Vec<certificate::Model>, DbErr> {
    if record_ids.is_empty() {
        return Ok(Vec::new());
    }
    Certificates::find()
        .filter(certificate::Column::AgencyId.eq(scope.id()))
        .filter(certificate::Column::RecordId.is_in(record_ids))
        .all(db)
        .await
}

pub struct NewCertificate {
    pub id: Uuid,
    pub record_id: Uuid,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_by: Uuid,
}

pub async fn insert(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    new: NewCertificate,
) -> Result<certificate::Model, DbErr> {
    certificate::ActiveModel {
        id: Set(new.id),
        agency_id: Set(scope.id()),
        record_id: Set(new.record_id),
        content_type: Set(new.content_type),
        size_bytes: Set(new.size_bytes),
        sha256: Set(new.sha256),
        uploaded_by: Set(new.uploaded_by),
        created_at: Set(OffsetDateTime::now_utc()),
    }
    .insert(db)
    .await
}

pub async fn delete(db: &impl ConnectionTrait, scope: AgencyScope, id: Uuid) -> Result<(), DbErr> {
    Certificates::delete_many()
        .filter(certificate::Column::AgencyId.eq(scope.id()))
        .filter(certificate::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}
