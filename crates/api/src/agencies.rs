//! `/agencies`: the platform operator creates agencies and their first admin; an agency's
//! users read their own agency.

use actix_web::{HttpResponse, get, post, put, web};
use confitrek_domain::agency::ValidAgency;
use confitrek_domain::people::Email;
use confitrek_domain::permissions::{Action, Role};
use confitrek_domain::validation::ValidationErrors;
use confitrek_types::{
    AgencyCreated, AgencyDto, AgencySettings, AgencySummary, AgencyUpdate, NewAgencyRequest, Page,
    Problem, SubscriptionStatus,
};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::Caller;
use crate::clock;
use crate::db::agencies::{self, NewAgency};
use crate::db::entity::agency;
use crate::http::{ApiError, ApiResult, JsonBody, QueryParams, pagination};
use crate::permissions::require;
use crate::users::{invite, user_dto};
use confitrek_domain::expenses::FiscalYearStart;

pub fn summary(a: &agency::Model) -> AgencySummary {
    AgencySummary {
        id: a.id,
        name: a.name.clone(),
        state_code: a.state_code.clone(),
        time_zone: a.time_zone.clone(),
    }
}

const UNKNOWN_ZONE: &str =
    "must be an IANA time zone name such as America/Chicago or America/Indiana/Indianapolis";

pub fn agency_dto(a: agency::Model) -> AgencyDto {
    AgencyDto {
        id: a.id,
        modules: agencies::modules(&a),
        at_risk_days: u16::try_from(a.at_risk_days).unwrap_or(90),
        today: crate::clock::today_in(&a.time_zone),
        count_unverified: a.count_unverified,
        ori: a.ori,
        fiscal_year_start_month: u8::try_from(a.fiscal_year_start_month).unwrap_or(7),
        time_zone: a.time_zone,
        subscription_status: a.subscription_status,
        name: a.name,
        state_code: a.state_code,
        created_at: a.created_at,
    }
}

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
    let valid = ValidAgency::parse(&req.name, &req.state_code, &req.modules);
    let email = Email::parse(&req.admin_email);
    let zone_ok = req.time_zone.as_deref().is_none_or(clock::is_known_zone);
    let (valid, email) = match (valid, email, zone_ok) {
        (Ok(v), Ok(e), true) => (v, e),
        (v, e, _) => {
            let mut errors = v.err().unwrap_or_default();
            if let Err(e) = e {
                errors.push("admin_email", e.to_string());
            }
            if !zone_ok {
                errors.push("time_zone", UNKNOWN_ZONE.to_owned());
            }
            return Err(errors.into());
        }
    };
    let time_zone = req
        .time_zone
        .unwrap_or_else(|| clock::state_zone(&valid.state_code).to_owned());
    let txn = crate::db::begin_write(&state.db).await?;
    let agency = agencies::insert(
        &txn,
        NewAgency {
            name: valid.name,
            state_code: valid.state_code,
            subscription_status: req.subscription_status.unwrap_or(SubscriptionStatus::Trial),
            modules: valid.modules,
            time_zone,
        },
    )
    .await?;
    caller
        .audit(&txn, agency.id, "agency.create", ("agency", agency.id))
        .await?;
    let invited = invite(&txn, &caller, agency.id, email, Role::AgencyAdmin, None).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(AgencyCreated {
        agency: agency_dto(agency),
        admin: user_dto(invited.user),
        invitation_token: invited.token,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
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
    let limit = pagination::limit(query.limit)?;
    let after: Option<Uuid> = query
        .cursor
        .as_deref()
        .map(pagination::decode)
        .transpose()?;
    let mut rows = agencies::list_all(&state.db, after, limit + 1).await?;
    let next_cursor = next_cursor(&mut rows, limit, |a| a.id);
    Ok(web::Json(Page {
        items: rows.into_iter().map(agency_dto).collect(),
        next_cursor,
    }))
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
    Ok(web::Json(agency_dto(agency)))
}

/// Cuts a page fetched with one extra row and returns the cursor of the next page, if any.
pub fn next_cursor<T>(rows: &mut Vec<T>, limit: u64, key: impl Fn(&T) -> Uuid) -> Option<String> {
    if rows.len() as u64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|r| pagination::encode(&key(r)))
    } else {
        None
    }
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
    let txn = crate::db::begin_write(&state.db).await?;
    let existing = agencies::get_by_id(&txn, id.into_inner())
        .await?
        .ok_or(ApiError::NotFound)?;
    let time_zone = existing.time_zone.clone();
    let updated = agencies::update(
        &txn,
        existing,
        NewAgency {
            name: valid.name,
            state_code: valid.state_code,
            subscription_status: req.subscription_status,
            modules: valid.modules,
            time_zone,
        },
    )
    .await?;
    caller
        .audit(&txn, updated.id, "agency.update", ("agency", updated.id))
        .await?;
    txn.commit().await?;
    Ok(web::Json(agency_dto(updated)))
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
    let scope = caller.scope()?;
    let settings = body.into_inner();
    let mut errors = ValidationErrors::default();
    if !(1..=365).contains(&settings.at_risk_days) {
        errors.push("at_risk_days", "must be from 1 to 365 days".to_owned());
    }
    if settings
        .time_zone
        .as_deref()
        .is_some_and(|zone| !clock::is_known_zone(zone))
    {
        errors.push("time_zone", UNKNOWN_ZONE.to_owned());
    }
    let ori = settings
        .ori
        .as_deref()
        .map(str::trim)
        .map(str::to_ascii_uppercase);
    if let Some(ori) = ori.as_deref()
        && !ori.is_empty()
        && !confitrek_domain::agency::is_ori(ori)
    {
        errors.push("ori", "must be 9 letters and digits, e.g. MN0270100");
    }
    if let Some(month) = settings.fiscal_year_start_month {
        errors.collect(
            "fiscal_year_start_month",
            FiscalYearStart::from_month_number(i64::from(month)),
        );
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let txn = crate::db::begin_write(&state.db).await?;
    let existing = agencies::get(&txn, scope)
        .await?
        .ok_or(ApiError::NotFound)?;
    let time_zone = settings.time_zone.unwrap_or(existing.time_zone);
    let count_unverified = settings
        .count_unverified
        .unwrap_or(existing.count_unverified);
    let updated = agencies::set_settings(
        &txn,
        scope,
        i32::from(settings.at_risk_days),
        time_zone,
        count_unverified,
        match ori {
            None => existing.ori,
            Some(ori) if ori.is_empty() => None,
            Some(ori) => Some(ori),
        },
        settings
            .fiscal_year_start_month
            .map_or(existing.fiscal_year_start_month, i32::from),
    )
    .await?
    .ok_or(ApiError::NotFound)?;
    caller
        .audit(&txn, scope.id(), "agency.settings", ("agency", scope.id()))
        .await?;
    crate::compliance::service::refresh_agency(&txn, scope).await?;
    txn.commit().await?;
    Ok(web::Json(agency_dto(updated)))
}
