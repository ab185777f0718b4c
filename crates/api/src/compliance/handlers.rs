//! `/jurisdictions`, `/people/{id}/compliance`, `/people/{id}/waivers`.

use actix_web::{HttpResponse, get, post, web};
use confitrek_domain::compliance::waivers::WaiverTerms;
use confitrek_domain::permissions::Action;
use confitrek_types::{
    ComplianceHistoryDto, ComplianceReportDto, JurisdictionDetail, JurisdictionSummary, Problem,
    WaiverDto, WaiverInput,
};
use serde::Deserialize;
use time::Date;
use utoipa::IntoParams;
use uuid::Uuid;

use super::jurisdictions::{self, detail};
use super::service::{self, effect_dto, effect_from_dto};
use crate::access::require;
use crate::app::AppState;
use crate::auth::Caller;
use crate::db::compliance as repo;
use crate::http::{ApiError, ApiResult, JsonBody, QueryParams};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AsOfQuery {
    /// The day to judge (`YYYY-MM-DD`, from 1900-01-01 to 2199-12-31); today if omitted.
    #[param(value_type = Option<String>, format = Date)]
    as_of: Option<Date>,
}

/// A person's compliance report: every requirement, what is earned and missing, by when, why.
#[utoipa::path(
    tag = "compliance",
    params(("id" = Uuid, Path, description = "The person's id"), AsOfQuery),
    responses(
        (status = 200, body = ComplianceReportDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/people/{id}/compliance")]
pub async fn person_compliance(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    query: QueryParams<AsOfQuery>,
) -> ApiResult<web::Json<ComplianceReportDto>> {
    let person = crate::people::service::get(&state.db, &caller, id.into_inner()).await?;
    Ok(web::Json(
        service::evaluate_person(
            &state.db,
            &caller.clock,
            caller.scope()?,
            &person,
            query.as_of,
        )
        .await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HistoryQuery {
    /// The first day of the range (`YYYY-MM-DD`, from 1900-01-01 to 2199-12-31); six years
    /// before `to` if omitted.
    #[param(value_type = Option<String>, format = Date)]
    from: Option<Date>,
    /// The last day of the range (same bounds, not before `from`); today if omitted.
    #[param(value_type = Option<String>, format = Date)]
    to: Option<Date>,
}

/// A person's compliance history: every period of every hours requirement overlapping the
/// range (at most the eight closed periods before the current one), with its verdict on the
/// deadline and today, what made a missed period up, and what the miss means.
#[utoipa::path(
    tag = "compliance",
    params(("id" = Uuid, Path, description = "The person's id"), HistoryQuery),
    responses(
        (status = 200, body = ComplianceHistoryDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/people/{id}/compliance/history")]
pub async fn person_compliance_history(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    query: QueryParams<HistoryQuery>,
) -> ApiResult<web::Json<ComplianceHistoryDto>> {
    let person = crate::people::service::get(&state.db, &caller, id.into_inner()).await?;
    let range = (query.from, query.to);
    Ok(web::Json(
        service::person_history(&state.db, &caller.clock, caller.scope()?, &person, range).await?,
    ))
}

/// The jurisdictions ConfiTrek has rules for.
#[utoipa::path(tag = "compliance", responses((status = 200, body = Vec<JurisdictionSummary>)), security(()))]
#[get("/jurisdictions")]
pub async fn list_jurisdictions(
    state: web::Data<AppState>,
) -> ApiResult<web::Json<Vec<JurisdictionSummary>>> {
    let mut codes: Vec<String> = jurisdictions::shipped()
        .iter()
        .map(|s| s.jurisdiction.clone())
        .collect();
    codes.extend(repo::published_jurisdictions(&state.db).await?);
    codes.sort();
    codes.dedup();
    let mut list = Vec::new();
    for code in codes {
        if let Some((j, _)) = jurisdictions::load(&state.db, &code).await?
            && let Some(set) = jurisdictions::in_force(&j, state.clock.utc_today())
        {
            list.push(JurisdictionSummary {
                code,
                name: set.name.clone(),
                current_version: set.version,
            });
        }
    }
    Ok(web::Json(list))
}

/// A jurisdiction's rules in force on a day (today by default), with sources and history.
#[utoipa::path(
    tag = "compliance",
    params(("code" = String, Path, description = "Two-letter state code, e.g. MN"), AsOfQuery),
    responses((status = 200, body = JurisdictionDetail), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(())
)]
#[get("/jurisdictions/{code}")]
pub async fn get_jurisdiction(
    state: web::Data<AppState>,
    code: web::Path<String>,
    query: QueryParams<AsOfQuery>,
) -> ApiResult<web::Json<JurisdictionDetail>> {
    let code = code.into_inner().to_ascii_uppercase();
    let (j, versions) = jurisdictions::load(&state.db, &code)
        .await?
        .ok_or(ApiError::NotFound)?;
    let set = jurisdictions::in_force(&j, query.as_of.unwrap_or_else(|| state.clock.utc_today()))
        .ok_or(ApiError::NotFound)?;
    Ok(web::Json(detail(set, versions)))
}

/// One version of a jurisdiction's rules, as published.
#[utoipa::path(
    tag = "compliance",
    params(("code" = String, Path, description = "Two-letter state code"), ("version" = u32, Path, description = "Version number")),
    responses((status = 200, body = JurisdictionDetail), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(())
)]
#[get("/jurisdictions/{code}/versions/{version}")]
pub async fn get_jurisdiction_version(
    state: web::Data<AppState>,
    path: web::Path<(String, u32)>,
) -> ApiResult<web::Json<JurisdictionDetail>> {
    let (code, version) = path.into_inner();
    let (j, versions) = jurisdictions::load(&state.db, &code.to_ascii_uppercase())
        .await?
        .ok_or(ApiError::NotFound)?;
    let set = j
        .versions()
        .iter()
        .find(|s| s.version == version)
        .ok_or(ApiError::NotFound)?;
    Ok(web::Json(detail(set, versions)))
}

/// Publish a new version of a jurisdiction's rules (platform operators only).
///
/// The body is a rule-set document in the JSON form of the files in `rules/`. It is
/// validated; its version must be higher than every existing one; it binds from its
/// `effective_from`, and a person's cycle that began before keeps the version it began under.
/// Nothing is overwritten.
#[utoipa::path(
    tag = "compliance",
    params(("code" = String, Path, description = "Two-letter state code")),
    request_body(content = Object, description = "A rule-set document (see rules/README.md)"),
    responses(
        (status = 201, body = JurisdictionDetail),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The document does not validate; `errors` names each rule and problem", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/jurisdictions/{code}/versions")]
pub async fn publish_version(
    state: web::Data<AppState>,
    caller: Caller,
    code: web::Path<String>,
    body: JsonBody<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    require(&caller, Action::ManageAgencies)?;
    let code = code.into_inner().to_ascii_uppercase();
    let (set, versions) =
        jurisdictions::publish(&state.db, &caller, &code, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(detail(&set, versions)))
}

fn waiver_dto(w: &crate::db::entity::waiver::Model) -> Option<WaiverDto> {
    let engine = service::waiver(w)?;
    Some(WaiverDto {
        id: w.id,
        person_id: w.person_id,
        requirement_id: engine.requirement_id,
        period_due: engine.period_due,
        effect: effect_dto(engine.effect),
        reason: engine.reason,
        approved_by: engine.approved_by,
    })
}

/// Record a waiver, extension or reduction of one requirement for one period of a person.
#[utoipa::path(
    tag = "compliance",
    params(("id" = Uuid, Path, description = "The person's id")),
    request_body = WaiverInput,
    responses(
        (status = 201, body = WaiverDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/people/{id}/waivers")]
pub async fn create_waiver(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<WaiverInput>,
) -> ApiResult<HttpResponse> {
    require(&caller, Action::ManageRequirements)?;
    let input = body.into_inner();
    let effect = effect_from_dto(input.effect);
    let terms = WaiverTerms::parse(
        &input.requirement_id,
        effect,
        &input.reason,
        &input.approved_by,
    )?;
    let row = service::create_waiver(&state.db, &caller, id.into_inner(), terms, input.period_due)
        .await?;
    let dto = waiver_dto(&row)
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("stored waiver unreadable")))?;
    Ok(HttpResponse::Created().json(dto))
}

/// A person's waivers.
#[utoipa::path(
    tag = "compliance",
    params(("id" = Uuid, Path, description = "The person's id")),
    responses((status = 200, body = Vec<WaiverDto>), (status = 404, body = Problem, content_type = "application/problem+json"))
)]
#[get("/people/{id}/waivers")]
pub async fn list_waivers(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Vec<WaiverDto>>> {
    let person = crate::people::service::get(&state.db, &caller, id.into_inner()).await?;
    let rows = repo::waivers_of(&state.db, caller.scope()?, person.id).await?;
    Ok(web::Json(rows.iter().filter_map(waiver_dto).collect()))
}
