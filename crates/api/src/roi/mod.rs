//! `GET /roi`: what ConfiTrek returned to the agency in one of its fiscal years, for command
//! staff. The sums are the domain's (`confitrek_domain::roi`); this module gathers the counts.

mod service;

use actix_web::{HttpResponse, get, web};
use confitrek_domain::permissions::Action;
use confitrek_types::{Problem, RoiDto};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::access::require;
use crate::app::AppState;
use crate::auth::Caller;
use crate::http::{ApiResult, QueryParams};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RoiQuery {
    /// The agency's fiscal year, named by the calendar year it ends in, 2000 to 2100 (default:
    /// the current one).
    #[param(minimum = 2000, maximum = 2100)]
    pub fiscal_year: Option<i64>,
}

/// Reimbursement prepared and received, coordinator time saved by bulk work and imports (each
/// activity counted from what was done, with the minutes it stands for and why), and training
/// spend per officer, over one of the agency's fiscal years. Admins and coordinators.
#[utoipa::path(
    tag = "roi",
    params(RoiQuery),
    responses(
        (status = 200, body = RoiDto),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/roi")]
pub async fn roi(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<RoiQuery>,
) -> ApiResult<HttpResponse> {
    require(&caller, Action::ReadReturnOnInvestment)?;
    let roi = service::roi(&state, &caller, query.fiscal_year).await?;
    Ok(HttpResponse::Ok().json(roi))
}
