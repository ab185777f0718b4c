//! `/agencies`: the platform operator creates agencies and their first admin; an agency's
//! users read their own agency.

use actix_web::{HttpResponse, get, post, put, web};
use confitrek_domain::agency::{NewAgencyChecked, SettingsAsked, SettingsChange, ValidAgency};
use confitrek_domain::permissions::Action;
use confitrek_types::{
    AgencyCreated, AgencyDto, AgencySettings, AgencyUpdate, NewAgencyRequest, Page, Problem,
};
use uuid::Uuid;

use super::{agency_dto, service};
use crate::access::require;
use crate::app::AppState;
use crate::auth::Caller;
use crate::clock;
use crate::db::agencies;
use crate::http::pagination::ListQuery;
use crate::http::{ApiError, ApiResult, JsonBody, QueryParams};
use crate::users::user_dto;

/// Create an agency and invite its first admin (platform operators only).
#[utoipa::path(
    tag = "agencies",
    request_body = NewAgencyRequest,
    responses(
        (status = 201, body = AgencyCreated),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/agencies")]
pub async fn create_agency(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<NewAgencyRequest>,
) -> ApiResult<HttpResponse> {
    require(&caller, Action::ManageAgencies)?;
    let req = body.into_inner();
    let agency = ValidAgency::parse(&req.name, &req.state_code, &req.modules);
    let zone = req.time_zone.as_deref();
    let new = NewAgencyChecked::parse(agency, &req.admin_email, zone, clock::is_known_zone)?;
    let (agency, invited) =
        service::create(&state.db, &caller, new, req.subscription_status).await?;
    Ok(HttpResponse::Created().json(AgencyCreated {
        agency: agency_dto(agency, &state.clock),
        admin: user_dto(invited.user),
        invitation_token: invited.token,
    }))
}

/// Every agency (platform operators only).
#[utoipa::path(tag = "agencies", params(ListQuery), responses((status = 200, body = Page<AgencyDto>)))]
#[get("/agencies")]
pub async fn list_agencies(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<ListQuery>,
) -> ApiResult<web::Json<Page<AgencyDto>>> {
    require(&caller, Action::ManageAgencies)?;
    let page = query.page::<Uuid>()?;
    let rows = agencies::list_all(&state.db, page.after, page.rows()).await?;
    Ok(web::Json(page.page(
        rows,
        |a| a.id,
        |a| agency_dto(a, &state.clock),
    )))
}

/// The caller's own agency.
#[utoipa::path(tag = "agencies", responses((status = 200, body = AgencyDto)))]
#[get("/agencies/current")]
pub async fn current_agency(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<AgencyDto>> {
    require(&caller, Action::ReadOwnAgency)?;
    let agency = agencies::get(&state.db, caller.scope()?)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(web::Json(agency_dto(agency, &state.clock)))
}

/// Change an agency's name, state, subscription or modules (platform operators only).
#[utoipa::path(
    tag = "agencies",
    params(("id" = Uuid, Path, description = "The agency's id")),
    request_body = AgencyUpdate,
    responses(
        (status = 200, body = AgencyDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/agencies/{id}")]
pub async fn update_agency(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<AgencyUpdate>,
) -> ApiResult<web::Json<AgencyDto>> {
    require(&caller, Action::ManageAgencies)?;
    let req = body.into_inner();
    let valid = ValidAgency::parse(&req.name, &req.state_code, &req.modules)?;
    let (id, status) = (id.into_inner(), req.subscription_status);
    let updated = service::update(&state.db, &caller, id, valid, status).await?;
    Ok(web::Json(agency_dto(updated, &state.clock)))
}

/// Change the agency's settings (agency admins): the at-risk window, the time zone, whether
/// unverified hours count. Every person is re-evaluated with them at once.
#[utoipa::path(
    tag = "agencies",
    request_body = AgencySettings,
    responses(
        (status = 200, body = AgencyDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/agencies/current/settings")]
pub async fn update_settings(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<AgencySettings>,
) -> ApiResult<web::Json<AgencyDto>> {
    require(&caller, Action::InviteUsers)?;
    let asked = SettingsAsked {
        at_risk_days: body.at_risk_days,
        time_zone: body.time_zone.as_deref(),
        count_unverified: body.count_unverified,
        ori: body.ori.as_deref(),
        fiscal_year_start_month: body.fiscal_year_start_month,
    };
    let change = SettingsChange::parse(asked, clock::is_known_zone)?;
    let updated = service::update_settings(&state.db, &caller, change).await?;
    Ok(web::Json(agency_dto(updated, &state.clock)))
}
