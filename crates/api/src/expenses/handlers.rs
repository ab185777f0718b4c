//! `/expenses`: the lines, their status, summaries and exports.

use actix_web::{HttpResponse, delete, get, post, put, web};
use confitrek_types::{
    ExpenseDto, ExpenseInput, ExpenseStatus, ExpenseStatusChange, ExpenseSummaryDto, Page, Problem,
    SpreadsheetFormat,
};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::{service, summary};
use crate::access::{require, visible_people};
use crate::app::AppState;
use crate::auth::Caller;
use crate::db::expenses::{self as repo, ExpenseFilter};
use crate::http::pagination::PageRequest;
use crate::http::{ApiError, ApiResult, JsonBody, QueryParams, created, pagination};
use confitrek_domain::permissions::Action;

/// The filters of the list, the summary and the export.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExpenseQuery {
    /// Incurred in this fiscal year (named by the year it ends in), 2000 to 2100. The list
    /// and export: every year if omitted; the summary: the current one.
    #[param(minimum = 2000, maximum = 2100)]
    pub fiscal_year: Option<i64>,
    pub status: Option<ExpenseStatus>,
    /// Falling on this unit's people (a session's line: on its attendees). At most 100
    /// characters.
    #[param(max_length = 100)]
    pub unit: Option<String>,
    /// Falling on this person: on the person, a record of his or hers, or a session attended.
    pub person_id: Option<Uuid>,
    /// On a record or session of this course.
    pub course_id: Option<Uuid>,
    pub session_id: Option<Uuid>,
    pub record_id: Option<Uuid>,
    /// The export only: `csv` (default) or `xlsx`.
    pub format: Option<SpreadsheetFormat>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

async fn filter(state: &AppState, caller: &Caller, q: &ExpenseQuery) -> ApiResult<ExpenseFilter> {
    // One query serves the list, the summary and the export: its bounds hold for all three.
    pagination::limit(q.limit)?;
    let period = match q.fiscal_year {
        Some(year) => {
            let fiscal = super::fiscal_context(&state.db, &caller.clock, caller.scope()?).await?;
            let year = fiscal.year("fiscal_year", Some(year))?;
            Some(fiscal.bounds("fiscal_year", year)?)
        }
        None => None,
    };
    let unit = q.unit.as_deref().map(str::trim).filter(|u| !u.is_empty());
    if unit.is_some_and(|u| u.chars().count() > 100) {
        return Err(ApiError::field("unit", "must be at most 100 characters"));
    }
    Ok(ExpenseFilter {
        period,
        status: q.status,
        person_id: q.person_id,
        unit: unit.map(str::to_owned),
        course_id: q.course_id,
        session_id: q.session_id,
        record_id: q.record_id,
    })
}

/// The lines the caller sees, newest entered first: every line for the training office,
/// those falling on the unit's people for a supervisor, one's own for an officer.
#[utoipa::path(
    tag = "expenses",
    params(ExpenseQuery),
    responses(
        (status = 200, body = Page<ExpenseDto>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad filter, limit or cursor", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/expenses")]
pub async fn list_expenses(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<ExpenseQuery>,
) -> ApiResult<web::Json<Page<ExpenseDto>>> {
    require(&caller, Action::ReadExpenses)?;
    let scope = caller.scope()?;
    let visible = visible_people(&state.db, &caller).await?;
    let filter = filter(&state, &caller, &query).await?;
    let page = PageRequest::<Uuid>::parse(query.limit, query.cursor.as_deref())?;
    let mut rows = repo::list(&state.db, scope, &visible, &filter, page.after, page.rows()).await?;
    let next_cursor = page.cut(&mut rows, |r| r.id);
    let fiscal = super::fiscal_context(&state.db, &caller.clock, scope).await?;
    Ok(web::Json(Page {
        items: super::dtos(&state.db, scope, &fiscal, rows).await?,
        next_cursor,
    }))
}

/// Enter a line. The training office enters any (already approved or paid if it says so); a
/// person asks for his or her own expense (on the person or his or her record), `requested`.
#[utoipa::path(
    tag = "expenses",
    request_body = ExpenseInput,
    responses(
        (status = 201, body = ExpenseDto),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or not exactly one of record_id, session_id and person_id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/expenses")]
pub async fn create_expense(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<ExpenseInput>,
) -> ApiResult<HttpResponse> {
    let dto = service::create(&state.db, &caller, body.into_inner()).await?;
    Ok(created(format!("/api/v1/expenses/{}", dto.id), &dto))
}

/// The caller's lines of a fiscal year (the current one if omitted) summed per course,
/// unit, person and category, and every fiscal year's totals; a session's line counts for
/// each attendee by his or her share.
#[utoipa::path(
    tag = "expenses",
    params(ExpenseQuery),
    responses(
        (status = 200, body = ExpenseSummaryDto),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad filter", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/expenses/summary")]
pub async fn expense_summary(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<ExpenseQuery>,
) -> ApiResult<web::Json<ExpenseSummaryDto>> {
    let mut filter = filter(&state, &caller, &query).await?;
    // The year is the summary's own; its lines are read across years for the yearly totals.
    filter.period = None;
    Ok(web::Json(
        summary::summary(&state, &caller, query.fiscal_year, filter).await?,
    ))
}

/// The caller's lines the filters select, one row per line, as CSV or XLSX. Audited.
#[utoipa::path(
    tag = "expenses",
    params(ExpenseQuery),
    responses(
        (status = 200, description = "The file as a download (Content-Disposition: attachment)", content((String = "text/csv"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad filter or format", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/expenses/export")]
pub async fn export_expenses(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<ExpenseQuery>,
) -> ApiResult<HttpResponse> {
    let filter = filter(&state, &caller, &query).await?;
    let format = query.format.unwrap_or(SpreadsheetFormat::Csv);
    Ok(summary::export(&state, &caller, filter, format)
        .await?
        .download())
}

/// One line the caller sees.
#[utoipa::path(
    tag = "expenses",
    params(("id" = Uuid, Path, description = "The expense line's id")),
    responses(
        (status = 200, body = ExpenseDto),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/expenses/{id}")]
pub async fn get_expense(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<ExpenseDto>> {
    Ok(web::Json(
        service::get(&state.db, &caller, id.into_inner()).await?,
    ))
}

/// Correct a line's target and content (the training office), until it is paid. Its status
/// moves through `POST /expenses/{id}/status`.
#[utoipa::path(
    tag = "expenses",
    params(("id" = Uuid, Path, description = "The expense line's id")),
    request_body = ExpenseInput,
    responses(
        (status = 200, body = ExpenseDto),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The line is paid", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/expenses/{id}")]
pub async fn replace_expense(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<ExpenseInput>,
) -> ApiResult<web::Json<ExpenseDto>> {
    let dto = service::correct(&state.db, &caller, id.into_inner(), body.into_inner()).await?;
    Ok(web::Json(dto))
}

/// Approve (`approved`: committed), pay (`paid`: spent) or reject (`rejected`, with a
/// reason) a line: requested -> approved or rejected; approved -> paid or rejected. The
/// training office decides.
#[utoipa::path(
    tag = "expenses",
    params(("id" = Uuid, Path, description = "The expense line's id")),
    request_body = ExpenseStatusChange,
    responses(
        (status = 200, body = ExpenseDto),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The line cannot move there from where it is", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A rejection without a reason, or a reason without a rejection", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/expenses/{id}/status")]
pub async fn change_expense_status(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<ExpenseStatusChange>,
) -> ApiResult<web::Json<ExpenseDto>> {
    let dto =
        service::change_status(&state.db, &caller, id.into_inner(), body.into_inner()).await?;
    Ok(web::Json(dto))
}

/// Delete a line that is not paid, with its receipt (the training office).
#[utoipa::path(
    tag = "expenses",
    params(("id" = Uuid, Path, description = "The expense line's id")),
    responses(
        (status = 204),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The line is paid", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/expenses/{id}")]
pub async fn delete_expense(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    service::delete(&state, &caller, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
