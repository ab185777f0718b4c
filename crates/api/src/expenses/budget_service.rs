//! Budget use cases: each write runs in one transaction with its audit event.

use confitrek_domain::expenses::{self as rules, budget_visibility};
use confitrek_domain::permissions::{Action, PeopleVisibility};
use confitrek_types::{BudgetDto, BudgetInput};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::FiscalContext;
use crate::access::require;
use crate::auth::Caller;
use crate::db::entity::budget;
use crate::db::{AgencyScope, budgets as repo, people};
use crate::http::{ApiError, ApiResult};

async fn dto(
    db: &impl sea_orm::ConnectionTrait,
    scope: AgencyScope,
    fiscal: &FiscalContext,
    b: budget::Model,
) -> ApiResult<BudgetDto> {
    let (starts_on, ends_on) = fiscal.bounds("fiscal_year", b.fiscal_year)?;
    let figures = super::summary::figures(db, scope, fiscal, b.fiscal_year)
        .await?
        .remove(&b.unit)
        .unwrap_or_default();
    let figures = rules::BudgetFigures {
        amount: b.amount_cents,
        ..figures
    };
    Ok(BudgetDto {
        id: b.id,
        fiscal_year: b.fiscal_year,
        starts_on,
        ends_on,
        unit: b.unit,
        amount_cents: b.amount_cents,
        spent_cents: figures.spent,
        committed_cents: figures.committed,
        left_cents: figures.left(),
    })
}

/// A budget's year, unit and amount, checked.
fn parse(input: &BudgetInput) -> ApiResult<(i32, Option<String>, i64)> {
    let mut errors = confitrek_domain::ValidationErrors::default();
    let year = errors.collect(
        "fiscal_year",
        rules::parse_fiscal_year("fiscal_year", i64::from(input.fiscal_year))
            .map_err(|e| e.0[0].message.clone()),
    );
    let amount = errors.collect(
        "amount_cents",
        rules::parse_budget_amount(input.amount_cents).map_err(|e| e.0[0].message.clone()),
    );
    let unit = match input.unit.as_deref().map(str::trim) {
        None | Some("") => Some(None),
        Some(u) if u.chars().count() > 100 => {
            errors.push("unit", "must be at most 100 characters");
            None
        }
        Some(u) => Some(Some(u.to_owned())),
    };
    match (year, unit, amount) {
        (Some(y), Some(u), Some(a)) if errors.is_empty() => Ok((y, u, a)),
        _ => Err(errors.into()),
    }
}

/// The budgets the caller reads: all for the training office, the caller's unit's for a
/// supervisor; `fiscal_year` narrows them to one year.
pub async fn list(
    db: &DatabaseConnection,
    caller: &Caller,
    fiscal_year: Option<i64>,
) -> ApiResult<Vec<BudgetDto>> {
    let scope = caller.scope()?;
    let unit = match budget_visibility(caller.role) {
        PeopleVisibility::Agency => None,
        PeopleVisibility::OwnUnit => match caller.person_id {
            Some(id) => Some(people::get(db, scope, id).await?.and_then(|p| p.unit)),
            None => Some(None),
        },
        PeopleVisibility::OwnSelf | PeopleVisibility::None => return Err(ApiError::Forbidden),
    };
    let year = fiscal_year
        .map(|y| rules::parse_fiscal_year("fiscal_year", y))
        .transpose()?;
    let fiscal = super::fiscal_context(db, &caller.clock, scope).await?;
    let mut out = Vec::new();
    for b in repo::list(db, scope, year).await? {
        // A supervisor of no unit reads none.
        if unit.as_ref().is_some_and(|u| u.is_none() || *u != b.unit) {
            continue;
        }
        out.push(dto(db, scope, &fiscal, b).await?);
    }
    Ok(out)
}

/// Sets a year's budget for the agency or a unit; a second for the same year and unit is
/// refused.
pub async fn create(
    db: &DatabaseConnection,
    caller: &Caller,
    input: &BudgetInput,
) -> ApiResult<BudgetDto> {
    require(caller, Action::ManageExpenses)?;
    let scope = caller.scope()?;
    let (year, unit, amount) = parse(input)?;
    let fiscal = super::fiscal_context(db, &caller.clock, scope).await?;
    let txn = crate::db::begin_write(db).await?;
    if repo::of(&txn, scope, year, unit.as_deref())
        .await?
        .is_some()
    {
        return Err(ApiError::Conflict(
            "that fiscal year and unit have a budget already: change it".into(),
        ));
    }
    let created = repo::insert(&txn, scope, year, unit, amount, caller.clock.now()).await?;
    caller
        .audit(&txn, scope.id(), "budget.create", ("budget", created.id))
        .await?;
    let dto = dto(&txn, scope, &fiscal, created).await?;
    txn.commit().await?;
    Ok(dto)
}

/// Changes a budget's amount; its year and unit stay.
pub async fn replace(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Uuid,
    input: &BudgetInput,
) -> ApiResult<BudgetDto> {
    require(caller, Action::ManageExpenses)?;
    let scope = caller.scope()?;
    let (year, unit, amount) = parse(input)?;
    let fiscal = super::fiscal_context(db, &caller.clock, scope).await?;
    let txn = crate::db::begin_write(db).await?;
    let existing = repo::get(&txn, scope, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if existing.fiscal_year != year || existing.unit != unit {
        return Err(ApiError::field(
            "fiscal_year",
            "a budget keeps its year and unit: add another budget for another",
        ));
    }
    let updated = repo::set_amount(&txn, existing, amount, caller.clock.now()).await?;
    caller
        .audit(&txn, scope.id(), "budget.update", ("budget", updated.id))
        .await?;
    let dto = dto(&txn, scope, &fiscal, updated).await?;
    txn.commit().await?;
    Ok(dto)
}

/// Removes a budget; the expenses stay.
pub async fn delete(db: &DatabaseConnection, caller: &Caller, id: Uuid) -> ApiResult<()> {
    require(caller, Action::ManageExpenses)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let existing = repo::get(&txn, scope, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    repo::delete(&txn, scope, existing.id).await?;
    caller
        .audit(&txn, scope.id(), "budget.delete", ("budget", existing.id))
        .await?;
    txn.commit().await?;
    Ok(())
}
