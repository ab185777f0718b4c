//! Budgets per fiscal year and unit, always scoped to the caller's agency.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::AgencyScope;
use super::entity::budget::{self, Entity as Budgets};

/// The agency's budgets, of one fiscal year or all, by year then unit (agency-wide first).
pub async fn list(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    fiscal_year: Option<i32>,
) -> Result<Vec<budget::Model>, DbErr> {
    let mut query = Budgets::find().filter(budget::Column::AgencyId.eq(scope.id()));
    if let Some(year) = fiscal_year {
        query = query.filter(budget::Column::FiscalYear.eq(year));
    }
    query
        .order_by_desc(budget::Column::FiscalYear)
        .order_by_asc(budget::Column::UnitKey)
        .all(db)
        .await
}

pub async fn get(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
) -> Result<Option<budget::Model>, DbErr> {
    Budgets::find_by_id(id)
        .filter(budget::Column::AgencyId.eq(scope.id()))
        .one(db)
        .await
}

/// The budget of a year and unit (none: agency-wide), if there is one.
pub async fn of(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    fiscal_year: i32,
    unit: Option<&str>,
) -> Result<Option<budget::Model>, DbErr> {
    Budgets::find()
        .filter(budget::Column::AgencyId.eq(scope.id()))
        .filter(budget::Column::FiscalYear.eq(fiscal_year))
        .filter(budget::Column::UnitKey.eq(unit.unwrap_or("")))
        .one(db)
        .await
}

pub async fn insert(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    fiscal_year: i32,
    unit: Option<String>,
    amount_cents: i64,
    now: OffsetDateTime,
) -> Result<budget::Model, DbErr> {
    budget::ActiveModel {
        id: Set(Uuid::now_v7()),
        agency_id: Set(scope.id()),
        fiscal_year: Set(fiscal_year),
        unit_key: Set(unit.clone().unwrap_or_default()),
        unit: Set(unit),
        amount_cents: Set(amount_cents),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await
}

pub async fn set_amount(
    db: &impl ConnectionTrait,
    existing: budget::Model,
    amount_cents: i64,
    now: OffsetDateTime,
) -> Result<budget::Model, DbErr> {
    let mut model: budget::ActiveModel = existing.into();
    model.amount_cents = Set(amount_cents);
    model.updated_at = Set(now);
    model.update(db).await
}

pub async fn delete(db: &impl ConnectionTrait, scope: AgencyScope, id: Uuid) -> Result<(), DbErr> {
    Budgets::delete_many()
        .filter(budget::Column::AgencyId.eq(scope.id()))
        .filter(budget::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}
