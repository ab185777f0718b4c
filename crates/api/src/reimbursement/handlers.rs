//! `/reimbursement/...` and `/people/{id}/pay-rates/...`: thin handlers; the computations are
//! in `confitrek_domain::reimbursement`, the facts in the rule sets.

use actix_web::{HttpResponse, delete, get, put, web};
use confitrek_types::{
    ClaimDecisionDto, ClaimDecisionInput, MinnesotaApplication, MinnesotaQuery, OhioQuery,
    OhioReimbursement, PayRateDto, PayRateInput, Problem, ReimbursementProgram,
};
use time::Date;
use uuid::Uuid;

use super::{Answer, pay_rates};
use crate::app::AppState;
use crate::auth::Caller;
use crate::http::{ApiResult, JsonBody, QueryParams};
use crate::reports::table::download;

fn answer<T: serde::Serialize>(answer: Answer<T>) -> HttpResponse {
    match answer {
        Answer::Json(value) => HttpResponse::Ok().json(value),
        Answer::File {
            format,
            name,
            bytes,
        } => download(format, &name, bytes),
    }
}

/// The agency's state reimbursement program: Minnesota's, Ohio's, or none found (with the
/// sources searched), its facts each with sources and `unconfirmed` marks, and the current
/// year (the training office, and supervisors).
#[utoipa::path(
    tag = "reimbursement",
    responses(
        (status = 200, body = ReimbursementProgram),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reimbursement")]
pub async fn reimbursement_program(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<ReimbursementProgram>> {
    Ok(web::Json(super::program(&state.db, &caller).await?))
}

/// Minnesota's reimbursement application (Rule 6700.1800) for the fiscal year ending in
/// `fiscal_year` (2026 = 2025-07-01 to 2026-06-30), over the officers the caller sees: each
/// with licence number, months with the agency, credits, eligibility and every reason; the
/// agency's approved and paid training costs; the CLEO's affirmation. `format=csv|pdf`
/// downloads it in the portal's order. Every generation is audited.
#[utoipa::path(
    tag = "reimbursement",
    params(("fiscal_year" = i32, Path, description = "The fiscal year, named by the year it ends in (1990 to 2199)", minimum = 1990, maximum = 2199), MinnesotaQuery),
    responses(
        (status = 200, description = "The application as JSON, or a CSV or PDF download", content((MinnesotaApplication = "application/json"), (String = "text/csv"), (Vec<u8> = "application/pdf"))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The agency's state has no such program", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reimbursement/minnesota/{fiscal_year}")]
pub async fn minnesota_application(
    state: web::Data<AppState>,
    caller: Caller,
    fiscal_year: web::Path<i32>,
    query: QueryParams<MinnesotaQuery>,
) -> ApiResult<HttpResponse> {
    let found =
        super::minnesota_download(&state.db, &caller, fiscal_year.into_inner(), &query).await?;
    Ok(answer(found))
}

/// Ohio's CPT reimbursement (OAC 109:2-18-04) for calendar year `year`, over the officers
/// the caller sees: qualifying hours (at most 24, in date order) at the base hourly rate in
/// effect on each training day, the year's funded percent, the totals. `format=csv|pdf`
/// downloads it. Every generation is audited.
#[utoipa::path(
    tag = "reimbursement",
    params(("year" = i32, Path, description = "The calendar year (1990 to 2199)", minimum = 1990, maximum = 2199), OhioQuery),
    responses(
        (status = 200, description = "The figures as JSON, or a CSV or PDF download", content((OhioReimbursement = "application/json"), (String = "text/csv"), (Vec<u8> = "application/pdf"))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The agency's state has no such program", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reimbursement/ohio/{year}")]
pub async fn ohio_reimbursement(
    state: web::Data<AppState>,
    caller: Caller,
    year: web::Path<i32>,
    query: QueryParams<OhioQuery>,
) -> ApiResult<HttpResponse> {
    let found = super::ohio_download(&state.db, &caller, year.into_inner(), &query).await?;
    Ok(answer(found))
}

/// Records whether another unit claims the officer for the fiscal year (Minnesota: only one
/// unit may claim an officer): claimed elsewhere leaves the officer out of this agency's
/// application. Replaces an earlier decision. The training office.
#[utoipa::path(
    tag = "reimbursement",
    params(
        ("fiscal_year" = i32, Path, description = "The fiscal year, named by the year it ends in (1990 to 2199)", minimum = 1990, maximum = 2199),
        ("person_id" = Uuid, Path, description = "The officer's id"),
    ),
    request_body = ClaimDecisionInput,
    responses(
        (status = 200, body = ClaimDecisionDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/reimbursement/minnesota/{fiscal_year}/claims/{person_id}")]
pub async fn decide_claim(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(i32, Uuid)>,
    body: JsonBody<ClaimDecisionInput>,
) -> ApiResult<web::Json<ClaimDecisionDto>> {
    let (fiscal_year, person) = path.into_inner();
    let decided = pay_rates::decide_claim(&state.db, &caller, fiscal_year, person, body.0).await?;
    Ok(web::Json(decided))
}

/// A person's base hourly rates, oldest first, each applying from its day until the next
/// (the training office, and the person).
#[utoipa::path(
    tag = "reimbursement",
    params(("id" = Uuid, Path, description = "The person's id")),
    responses(
        (status = 200, body = Vec<PayRateDto>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/people/{id}/pay-rates")]
pub async fn list_pay_rates(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Vec<PayRateDto>>> {
    Ok(web::Json(
        pay_rates::list(&state.db, &caller, id.into_inner()).await?,
    ))
}

/// Sets the person's base hourly rate from `effective_from` on (1990-01-01 to 2199-12-31),
/// replacing that day's rate if there is one (the training office).
#[utoipa::path(
    tag = "reimbursement",
    params(
        ("id" = Uuid, Path, description = "The person's id"),
        ("effective_from" = String, Path, format = Date, description = "The first day the rate applies"),
    ),
    request_body = PayRateInput,
    responses(
        (status = 200, body = PayRateDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/people/{id}/pay-rates/{effective_from}")]
pub async fn set_pay_rate(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(Uuid, Date)>,
    body: JsonBody<PayRateInput>,
) -> ApiResult<web::Json<PayRateDto>> {
    let (person, day) = path.into_inner();
    let rate = pay_rates::set(&state.db, &caller, person, day, body.hourly_rate_cents).await?;
    Ok(web::Json(rate))
}

/// Removes the person's rate of `effective_from` (the training office).
#[utoipa::path(
    tag = "reimbursement",
    params(
        ("id" = Uuid, Path, description = "The person's id"),
        ("effective_from" = String, Path, format = Date, description = "The day of the rate"),
    ),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/people/{id}/pay-rates/{effective_from}")]
pub async fn delete_pay_rate(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(Uuid, Date)>,
) -> ApiResult<HttpResponse> {
    let (person, day) = path.into_inner();
    pay_rates::delete(&state.db, &caller, person, day).await?;
    Ok(HttpResponse::NoContent().finish())
}
