//! A range of incidents counted (aggregates) or written out: the qualifying ones in the
//! federal structure (JSON or CSV), every one in the agency's own CSV. Reviewers only; each
//! export is an audit event. Drafts are left out: they are not yet reports.

use actix_web::{HttpResponse, get, web};
use confitrek_types::{FederalSubmission, Problem, ReportFormat, UofAggregatesDto};
use serde::Deserialize;
use time::{Date, Duration};
use utoipa::IntoParams;

use super::report_service;
use super::{gate, require_reviewer};
use crate::app::AppState;
use crate::auth::Caller;
use crate::db::AgencyScope;
use crate::db::entity::agency;
use crate::http::download::attachment;
use crate::http::{ApiError, ApiResult, QueryParams};
use crate::reports::table::download;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct RangeQuery {
    /// First incident day; a year before `to` if omitted.
    pub from: Option<Date>,
    /// Last incident day; the agency's today if omitted.
    pub to: Option<Date>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FederalFormat {
    #[default]
    Json,
    Csv,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct FederalQuery {
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// `json` (default) or `csv`.
    pub format: Option<FederalFormat>,
}

fn range(today: Date, from: Option<Date>, to: Option<Date>) -> ApiResult<(Date, Date)> {
    let to = to.unwrap_or(today);
    let from = from.unwrap_or_else(|| to - Duration::days(364));
    if to < from {
        return Err(ApiError::field("to", "must not be before from"));
    }
    if (to - from).whole_days() > 3660 {
        return Err(ApiError::field("from", "a range is at most ten years"));
    }
    Ok((from, to))
}

/// The reviewer's range: the caller's agency, if it has the module and the caller reviews.
async fn reviewed_range(
    state: &AppState,
    caller: &Caller,
    from: Option<Date>,
    to: Option<Date>,
) -> ApiResult<(AgencyScope, agency::Model, (Date, Date))> {
    let (scope, agency) = gate(&state.db, caller).await?;
    require_reviewer(caller)?;
    let range = range(caller.clock.today_in(&agency.time_zone), from, to)?;
    Ok((scope, agency, range))
}

/// Incidents (drafts aside) of a range counted by month, force type, injury and the units of
/// their officers (reviewers).
#[utoipa::path(
    tag = "uof",
    params(RangeQuery),
    responses(
        (status = 200, body = UofAggregatesDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/uof/aggregates")]
pub async fn aggregates(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<RangeQuery>,
) -> ApiResult<web::Json<UofAggregatesDto>> {
    let (scope, _, (from, to)) = reviewed_range(&state, &caller, query.from, query.to).await?;
    let counted = report_service::aggregates(&state.db, scope, from, to).await?;
    caller
        .audit_alone(
            &state.db,
            scope.id(),
            "uof.aggregates",
            ("agency", scope.id()),
        )
        .await?;
    Ok(web::Json(counted))
}

/// The qualifying incidents of a range (drafts aside) in the structure of the FBI's
/// National Use-of-Force Data Collection: JSON, the bulk envelope with an `Add` per incident;
/// or CSV, a row per incident, subject and officer segment. No names, badges or
/// records-system numbers (reviewers).
#[utoipa::path(
    tag = "uof",
    params(FederalQuery),
    responses(
        (status = 200, description = "The export as a download", content((Vec<FederalSubmission> = "application/json"), (String = "text/csv"))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/uof/exports/federal")]
pub async fn federal_export(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<FederalQuery>,
) -> ApiResult<HttpResponse> {
    let (scope, agency, (from, to)) = reviewed_range(&state, &caller, query.from, query.to).await?;
    let format = query.format.unwrap_or_default();
    let as_csv = format == FederalFormat::Csv;
    let body = report_service::federal(
        &state.db,
        scope,
        &agency,
        (from, to),
        as_csv,
        state.clock.now(),
    )
    .await?;
    caller
        .audit_alone(
            &state.db,
            scope.id(),
            "uof.export_federal",
            ("agency", scope.id()),
        )
        .await?;
    let name = format!("uof-federal-{from}-{to}");
    if as_csv {
        return Ok(download(ReportFormat::Csv, &name, body));
    }
    Ok(attachment("application/json", &name, "json").body(body))
}

/// Every incident of a range (drafts aside), a row per subject, with the names and units of
/// its officers and the records-system references: for the agency's own use (reviewers).
#[utoipa::path(
    tag = "uof",
    params(RangeQuery),
    responses(
        (status = 200, description = "The CSV as a download", content_type = "text/csv", body = String),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/uof/exports/agency.csv")]
pub async fn agency_export(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<RangeQuery>,
) -> ApiResult<HttpResponse> {
    let (scope, _, (from, to)) = reviewed_range(&state, &caller, query.from, query.to).await?;
    let file = report_service::agency_csv(&state.db, scope, from, to).await?;
    caller
        .audit_alone(
            &state.db,
            scope.id(),
            "uof.export_agency",
            ("agency", scope.id()),
        )
        .await?;
    Ok(download(
        ReportFormat::Csv,
        &format!("uof-incidents-{from}-{to}"),
        file,
    ))
}
