//! A range of incidents counted (aggregates) or written out: the qualifying ones in the
//! federal structure (JSON or CSV), every one in the agency's own CSV. Reviewers only; each
//! export is an audit event. Drafts are left out: they are not yet reports.

use actix_web::{HttpResponse, get, web};
use confitrek_types::{FederalSubmission, Problem, ReportFormat, UofAggregatesDto};
use serde::Deserialize;
use time::Date;
use utoipa::IntoParams;

use super::report_service;
use crate::app::AppState;
use crate::auth::Caller;
use crate::http::download::attachment;
use crate::http::{ApiResult, QueryParams};
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
    let counted = report_service::aggregates(&state.db, &caller, query.from, query.to).await?;
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
    let as_csv = query.format.unwrap_or_default() == FederalFormat::Csv;
    let (name, body) =
        report_service::federal(&state.db, &caller, query.from, query.to, as_csv).await?;
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
    let (name, file) = report_service::agency_csv(&state.db, &caller, query.from, query.to).await?;
    Ok(download(ReportFormat::Csv, &name, file))
}
