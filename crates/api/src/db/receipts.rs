//! Receipts of expense lines, always scoped to the caller's agency.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::AgencyScope;
use super::entity::expense_receipt::{self, Entity as Receipts};

pub async fn of_expense(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    expense_id: Uuid,
) -> Result<Option<expense_receipt::Model>, DbErr> {
    Receipts::find()
        .filter(expense_receipt::Column::AgencyId.eq(scope.id()))
        .filter(expense_receipt::Column::ExpenseId.eq(expense_id))
        .one(db)
        .await
}

/// The receipts of these lines, for listing them in one query.
pub async fn of_expenses(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    expense_ids: Vec<Uuid>,
) -> Result<Vec<expense_receipt::Model>, DbErr> {
    if expense_ids.is_empty() {
        return Ok(Vec::new());
    }
    Receipts::find()
        .filter(expense_receipt::Column::AgencyId.eq(scope.id()))
        .filter(expense_receipt::Column::ExpenseId.is_in(expense_ids))
        .all(db)
        .await
}

pub struct NewReceipt {
    pub id: Uuid,
    pub expense_id: Uuid,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_by: Uuid,
}

pub async fn insert(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    new: NewReceipt,
) -> Result<expense_receipt::Model, DbErr> {
    expense_receipt::ActiveModel {
        id: Set(new.id),
        agency_id: Set(scope.id()),
        expense_id: Set(new.expense_id),
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
    Receipts::delete_many()
        .filter(expense_receipt::Column::AgencyId.eq(scope.id()))
        .filter(expense_receipt::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}
