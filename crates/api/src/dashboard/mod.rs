//! `GET /dashboard`: the compliance picture of the people the caller may see, folded from
//! their stored verdicts (see `confitrek_domain::dashboard`) and kept in memory until one of
//! the agency's verdicts changes or its day turns.

use actix_web::http::header::ContentType;
use actix_web::{HttpResponse, get, web};
use confitrek_domain::permissions::Action;
use confitrek_types::{DashboardDto, Problem};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::access::{dashboard_view, require};
use crate::app::AppState;
use crate::auth::Caller;
use crate::http::{ApiError, ApiResult, QueryParams};

mod service;

pub use service::{DashboardCache, items, standing_dto};

/// At most this many people needing attention are listed unless `limit` says otherwise.
const DEFAULT_ATTENTION: usize = 50;
const MAX_ATTENTION: usize = 2000;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DashboardQuery {
    /// Only this unit (coordinators and admins; a supervisor always sees his or her unit).
    pub unit: Option<String>,
    /// How many people needing attention to list, 1 to 2000 (default 50).
    #[param(minimum = 1, maximum = 2000)]
    pub limit: Option<usize>,
}

/// The agency's compliance rate overall, per unit, per requirement and per topic, and who is
/// non-compliant or at risk with what each lacks and by when. Coordinators and admins see
/// the agency (or one unit with `unit`), supervisors their unit, officers themselves.
#[utoipa::path(
    tag = "dashboard",
    params(DashboardQuery),
    responses(
        (status = 200, body = DashboardDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/dashboard")]
pub async fn dashboard(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<DashboardQuery>,
) -> ApiResult<HttpResponse> {
    require(&caller, Action::ReadOwnAgency)?;
    let limit = match query.limit {
        None => DEFAULT_ATTENTION,
        Some(n) if (1..=MAX_ATTENTION).contains(&n) => n,
        Some(_) => {
            let bound = format!("must be between 1 and {MAX_ATTENTION}");
            return Err(ApiError::field("limit", bound));
        }
    };
    let unit = query
        .unit
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty());
    let view = dashboard_view(&state.db, &caller, unit).await?;
    let body = service::body(&state, &caller, view, limit, DEFAULT_ATTENTION).await?;
    Ok(HttpResponse::Ok()
        .content_type(ContentType::json())
        .body(body))
}
