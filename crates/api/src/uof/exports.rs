//! A range of incidents counted (aggregates) or written out: the qualifying ones in the
//! federal structure (JSON or CSV), every one in the agency's own CSV. Reviewers only; each
//! export is an audit event. Drafts are left out: they are not yet reports.

use std::collections::{BTreeMap, BTreeSet};

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use confitrek_domain::uof::{self as rules, Counted, FEDERAL_CSV_HEADER};
use confitrek_types::{FederalSubmission, IncidentInput, Problem, ReportFormat, UofAggregatesDto};
use serde::Deserialize;
use time::format_description::well_known::Rfc3339;
use time::{Date, Duration, OffsetDateTime};
use utoipa::IntoParams;
use uuid::Uuid;

use super::service::{document, service_years, today};
use super::{gate, require_reviewer};
use crate::app::AppState;
use crate::auth::Caller;
use crate::db::entity::{agency, person, uof_incident};
use crate::db::{AgencyScope, people, uof as repo};
use crate::http::{ApiError, ApiResult, QueryParams};
use crate::reports::table::{csv, download};

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

fn range(agency: &agency::Model, from: Option<Date>, to: Option<Date>) -> ApiResult<(Date, Date)> {
    let to = to.unwrap_or_else(|| today(agency));
    let from = from.unwrap_or_else(|| to - Duration::days(364));
    if to < from {
        return Err(ApiError::field("to", "must not be before from"));
    }
    if (to - from).whole_days() > 3660 {
        return Err(ApiError::field("from", "a range is at most ten years"));
    }
    Ok((from, to))
}

/// The reviewer's incidents of the range.
async fn incidents(
    state: &AppState,
    caller: &Caller,
    from: Option<Date>,
    to: Option<Date>,
) -> ApiResult<(
    AgencyScope,
    agency::Model,
    Date,
    Date,
    Vec<uof_incident::Model>,
)> {
    let (scope, agency) = gate(&state.db, caller).await?;
    require_reviewer(caller)?;
    let (from, to) = range(&agency, from, to)?;
    let rows = repo::reported_between(&state.db, scope, from, to).await?;
    Ok((scope, agency, from, to, rows))
}

/// The incidents' documents, each with its officers from the roster, read in one query.
async fn with_officers(
    db: &impl sea_orm::ConnectionTrait,
    scope: AgencyScope,
    rows: &[uof_incident::Model],
) -> ApiResult<Vec<(IncidentInput, Vec<person::Model>)>> {
    let documents = rows.iter().map(document).collect::<ApiResult<Vec<_>>>()?;
    let ids: BTreeSet<Uuid> = documents
        .iter()
        .flat_map(|d| d.officers.iter().map(|o| o.person_id))
        .collect();
    let roster: BTreeMap<Uuid, person::Model> = people::many(db, scope, ids.into_iter().collect())
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    Ok(documents
        .into_iter()
        .map(|d| {
            let officers = d
                .officers
                .iter()
                .filter_map(|o| roster.get(&o.person_id).cloned())
                .collect();
            (d, officers)
        })
        .collect())
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
    let (scope, _, from, to, rows) = incidents(&state, &caller, query.from, query.to).await?;
    let mut counted = Vec::with_capacity(rows.len());
    let documents = with_officers(&state.db, scope, &rows).await?;
    for (row, (incident, officers)) in rows.iter().zip(documents) {
        let Some(date) = row.incident_date else {
            continue;
        };
        let units: BTreeSet<Option<String>> = officers.into_iter().map(|p| p.unit).collect();
        counted.push(Counted::of(date, &incident, units));
    }
    caller
        .audit_alone(
            &state.db,
            scope.id(),
            "uof.aggregates",
            ("agency", scope.id()),
        )
        .await?;
    Ok(web::Json(rules::aggregate(&counted, from, to)))
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
    let (scope, agency, from, to, rows) = incidents(&state, &caller, query.from, query.to).await?;
    let action_time = OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap_or_else(|_| OffsetDateTime::now_utc())
        .format(&Rfc3339)
        .map_err(|e| ApiError::Internal(e.into()))?;
    let qualifying: Vec<uof_incident::Model> = rows.into_iter().filter(|r| r.qualifies).collect();
    let mut submissions = Vec::new();
    for (incident, officers) in with_officers(&state.db, scope, &qualifying).await? {
        let years = service_years(&officers, incident.incident_date);
        if let Some(federal) = rules::federal(&incident, agency.ori.as_deref(), &years) {
            submissions.push(FederalSubmission {
                action: "Add".into(),
                action_time: action_time.clone(),
                incident: federal,
            });
        }
    }
    caller
        .audit_alone(
            &state.db,
            scope.id(),
            "uof.export_federal",
            ("agency", scope.id()),
        )
        .await?;
    let name = format!("uof-federal-{from}-{to}");
    match query.format.unwrap_or_default() {
        FederalFormat::Csv => {
            let rows: Vec<Vec<String>> = submissions
                .iter()
                .flat_map(|s| rules::federal_rows(&s.incident))
                .collect();
            Ok(download(
                ReportFormat::Csv,
                &name,
                csv(&FEDERAL_CSV_HEADER, &rows)?,
            ))
        }
        FederalFormat::Json => {
            let body = serde_json::to_vec_pretty(&submissions)
                .map_err(|e| ApiError::Internal(e.into()))?;
            Ok(HttpResponse::Ok()
                .insert_header((header::CONTENT_TYPE, "application/json"))
                .insert_header((
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}.json\""),
                ))
                .body(body))
        }
    }
}

/// The columns of the agency's CSV: a row per subject, the incident's facts repeated.
const AGENCY_CSV_HEADER: [&str; 29] = [
    "case_number",
    "status",
    "version",
    "incident_date",
    "incident_time",
    "address",
    "location_type",
    "contact_reason",
    "offense",
    "qualifies",
    "qualifying_death",
    "qualifying_serious_bodily_injury",
    "qualifying_firearm_discharge",
    "officers",
    "units",
    "subject",
    "subject_reference",
    "sex",
    "races",
    "age",
    "impaired",
    "armed",
    "resisted",
    "resistance",
    "force",
    "injuries",
    "disposition",
    "submitted_at",
    "narrative",
];

fn codes<T: Copy>(values: &[T], f: impl Fn(T) -> &'static str) -> String {
    values.iter().map(|v| f(*v)).collect::<Vec<_>>().join(",")
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
    let (scope, _, from, to, rows) = incidents(&state, &caller, query.from, query.to).await?;
    let mut out = Vec::new();
    let documents = with_officers(&state.db, scope, &rows).await?;
    for (row, (incident, officers)) in rows.iter().zip(documents) {
        let q = rules::qualification(&incident);
        let names: Vec<String> = officers.iter().map(crate::training::display_name).collect();
        let units: BTreeSet<&str> = officers.iter().filter_map(|p| p.unit.as_deref()).collect();
        let yes_no = |b: bool| if b { "yes" } else { "no" }.to_owned();
        let common = vec![
            incident.case_number.clone().unwrap_or_default(),
            row.status.as_str().to_owned(),
            row.version.to_string(),
            incident
                .incident_date
                .map(|d| d.to_string())
                .unwrap_or_default(),
            incident.incident_time.clone().unwrap_or_default(),
            incident.address.clone().unwrap_or_default(),
            incident
                .location_type
                .map(|l| l.label())
                .unwrap_or_default()
                .to_owned(),
            incident
                .contact_reason
                .map(|c| c.as_str())
                .unwrap_or_default()
                .to_owned(),
            incident.offense.clone().unwrap_or_default(),
            yes_no(q.qualifies),
            yes_no(q.death),
            yes_no(q.serious_bodily_injury),
            yes_no(q.firearm_discharge),
            names.join("; "),
            units.into_iter().collect::<Vec<_>>().join("; "),
        ];
        let submitted = row
            .submitted_at
            .and_then(|t| t.format(&Rfc3339).ok())
            .unwrap_or_default();
        let narrative = incident.narrative.clone().unwrap_or_default();
        for (s, n) in incident.subjects.iter().zip(1..) {
            let mut line = common.clone();
            line.extend([
                n.to_string(),
                s.reference.clone().unwrap_or_default(),
                s.sex.map(|v| v.as_str()).unwrap_or_default().to_owned(),
                codes(&s.races, |v| v.as_str()),
                s.age.map(|a| a.to_string()).unwrap_or_default(),
                s.impaired
                    .map(|v| v.as_str())
                    .unwrap_or_default()
                    .to_owned(),
                s.armed.map(|v| v.as_str()).unwrap_or_default().to_owned(),
                s.resisted
                    .map(|v| v.as_str())
                    .unwrap_or_default()
                    .to_owned(),
                codes(&s.resistance, |v| v.as_str()),
                codes(&s.force, |v| v.as_str()),
                codes(&s.injuries, |v| v.as_str()),
                s.disposition
                    .map(|v| v.as_str())
                    .unwrap_or_default()
                    .to_owned(),
                submitted.clone(),
                narrative.clone(),
            ]);
            out.push(line);
        }
    }
    caller
        .audit_alone(
            &state.db,
            scope.id(),
            "uof.export_agency",
            ("agency", scope.id()),
        )
        .await?;
    let file = csv(&AGENCY_CSV_HEADER, &out)?;
    Ok(download(
        ReportFormat::Csv,
        &format!("uof-incidents-{from}-{to}"),
        file,
    ))
}
