//! `/budgets`: budgets per fiscal year and unit (none: agency-wide), each shown with what is
//! spent (paid), committed (approved, not paid) and left. The training office keeps them; a
//! supervisor reads his or her unit's. The use cases are in `budget_service`.

use actix_web::{HttpResponse, delete, get, post, put, web};
use confitrek_types::{BudgetDto, BudgetInput, Problem};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::budget_service as service;
use crate::app::AppState;
use crate::auth::Caller;
use crate::http::{ApiResult, JsonBody, QueryParams};

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
    Ok(web::Json(
        service::list(&state.db, &caller, query.fiscal_year).await?,
    ))
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
    let dto = service::create(&state.db, &caller, &body).await?;
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
    let dto = service::replace(&state.db, &caller, id.into_inner(), &body).await?;
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
    service::delete(&state.db, &caller, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
