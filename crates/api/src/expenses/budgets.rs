//! Budgets per fiscal year and unit (none: agency-wide), each shown with what is spent
//! (paid), committed (approved, not paid) and left. The training office keeps them; a
//! supervisor reads his or her unit's.

use actix_web::{HttpResponse, delete, get, post, put, web};
use confitrek_domain::expenses::{self as rules, budget_visibility};
use confitrek_domain::permissions::{Action, PeopleVisibility};
use confitrek_types::{BudgetDto, BudgetInput, Problem};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::FiscalContext;
use crate::access::require;
use crate::app::AppState;
use crate::auth::Caller;
use crate::db::entity::budget;
use crate::db::{AgencyScope, budgets as repo, people};
use crate::http::{ApiError, ApiResult, JsonBody, QueryParams};

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

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BudgetQuery {
    /// Only this fiscal year's (2000 to 2100); every year's if omitted.
    #[param(minimum = 2000, maximum = 2100)]
    pub fiscal_year: Option<i64>,
}

/// The budgets the caller reads, newest year first, agency-wide before units: all for the
/// training office, the caller's unit's for a supervisor.
#[utoipa::path(
    tag = "expenses",
    params(BudgetQuery),
    responses(
        (status = 200, body = Vec<BudgetDto>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A fiscal year out of range", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/budgets")]
pub async fn list_budgets(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<BudgetQuery>,
) -> ApiResult<web::Json<Vec<BudgetDto>>> {
    let scope = caller.scope()?;
    let unit = match budget_visibility(caller.role) {
        PeopleVisibility::Agency => None,
        PeopleVisibility::OwnUnit => match caller.person_id {
            Some(id) => Some(
                people::get(&state.db, scope, id)
                    .await?
                    .and_then(|p| p.unit),
            ),
            None => Some(None),
        },
        PeopleVisibility::OwnSelf | PeopleVisibility::None => return Err(ApiError::Forbidden),
    };
    let year = query
        .fiscal_year
        .map(|y| rules::parse_fiscal_year("fiscal_year", y))
        .transpose()?;
    let fiscal = super::fiscal_context(&state.db, &caller.clock, scope).await?;
    let mut out = Vec::new();
    for b in repo::list(&state.db, scope, year).await? {
        // A supervisor of no unit reads none.
        if unit.as_ref().is_some_and(|u| u.is_none() || *u != b.unit) {
            continue;
        }
        out.push(dto(&state.db, scope, &fiscal, b).await?);
    }
    Ok(web::Json(out))
}

/// Set a fiscal year's budget for the agency or a unit (the training office).
#[utoipa::path(
    tag = "expenses",
    request_body = BudgetInput,
    responses(
        (status = 201, body = BudgetDto),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "That year and unit have a budget already", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/budgets")]
pub async fn create_budget(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<BudgetInput>,
) -> ApiResult<HttpResponse> {
    require(&caller, Action::ManageExpenses)?;
    let scope = caller.scope()?;
    let (year, unit, amount) = parse(&body)?;
    let fiscal = super::fiscal_context(&state.db, &caller.clock, scope).await?;
    let txn = crate::db::begin_write(&state.db).await?;
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
    Ok(HttpResponse::Created().json(dto))
}

/// Change a budget's amount (its year and unit stay; the training office).
#[utoipa::path(
    tag = "expenses",
    params(("id" = Uuid, Path, description = "The budget's id")),
    request_body = BudgetInput,
    responses(
        (status = 200, body = BudgetDto),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or another year or unit than the budget's", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/budgets/{id}")]
pub async fn replace_budget(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<BudgetInput>,
) -> ApiResult<web::Json<BudgetDto>> {
    require(&caller, Action::ManageExpenses)?;
    let scope = caller.scope()?;
    let (year, unit, amount) = parse(&body)?;
    let fiscal = super::fiscal_context(&state.db, &caller.clock, scope).await?;
    let txn = crate::db::begin_write(&state.db).await?;
    let existing = repo::get(&txn, scope, id.into_inner())
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
    Ok(web::Json(dto))
}

/// Remove a budget (the training office); the expenses stay.
#[utoipa::path(
    tag = "expenses",
    params(("id" = Uuid, Path, description = "The budget's id")),
    responses(
        (status = 204),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/budgets/{id}")]
pub async fn delete_budget(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    require(&caller, Action::ManageExpenses)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(&state.db).await?;
    let existing = repo::get(&txn, scope, id.into_inner())
        .await?
        .ok_or(ApiError::NotFound)?;
    repo::delete(&txn, scope, existing.id).await?;
    caller
        .audit(&txn, scope.id(), "budget.delete", ("budget", existing.id))
        .await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
