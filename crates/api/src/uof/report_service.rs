//! The aggregates and the export files of a range of reported incidents (drafts aside), each
//! answered by two queries: the database filters and counts, and reads the officers of every
//! incident of the range at once rather than incident by incident.

use std::collections::{BTreeMap, BTreeSet};

use confitrek_domain::uof::{self as rules, FEDERAL_CSV_HEADER};
use confitrek_types::{CountDto, FederalSubmission, IncidentInput, UofAggregatesDto};
use sea_orm::DatabaseConnection;
use time::Date;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use super::service::service_years;
use super::{gate, require_reviewer};
use crate::auth::Caller;
use crate::db::AgencyScope;
use crate::db::entity::{agency, person};
use crate::db::uof::{self as repo, Reported, ReportedIncident};
use crate::http::{ApiError, ApiResult};
use crate::reports::table::csv;

fn internal(e: impl Into<anyhow::Error>) -> ApiError {
    ApiError::Internal(e.into())
}

fn reported(from: Date, to: Date) -> Reported {
    Reported {
        from,
        to,
        qualifying_only: false,
    }
}

/// The reviewer's agency and range: the module on, the caller a reviewer, the range judged
/// against the agency's today.
async fn reviewed(
    db: &DatabaseConnection,
    caller: &Caller,
    from: Option<Date>,
    to: Option<Date>,
) -> ApiResult<(AgencyScope, agency::Model, (Date, Date))> {
    let (scope, agency) = gate(db, caller).await?;
    require_reviewer(caller)?;
    let range = rules::report_range(caller.clock.today_in(&agency.time_zone), from, to)?;
    Ok((scope, agency, range))
}

/// Each report read is an audit event of the agency.
async fn audited(
    db: &DatabaseConnection,
    caller: &Caller,
    scope: AgencyScope,
    action: &str,
) -> ApiResult<()> {
    caller
        .audit_alone(db, scope.id(), action, ("agency", scope.id()))
        .await
}

/// The incidents of the range counted by month, force type, injury and unit.
pub async fn aggregates(
    db: &DatabaseConnection,
    caller: &Caller,
    from: Option<Date>,
    to: Option<Date>,
) -> ApiResult<UofAggregatesDto> {
    let (scope, _, (from, to)) = reviewed(db, caller, from, to).await?;
    let months = repo::count_by_month(db, scope, reported(from, to)).await?;
    let units = repo::count_by_unit(db, scope, reported(from, to)).await?;
    audited(db, caller, scope, "uof.aggregates").await?;
    Ok(aggregates_dto(rules::aggregate(&months, &units, from, to)))
}

fn aggregates_dto(a: rules::Aggregates) -> UofAggregatesDto {
    fn counts(counts: Vec<rules::Count>) -> Vec<CountDto> {
        counts
            .into_iter()
            .map(|c| CountDto {
                key: c.key,
                label: c.label,
                count: c.count,
            })
            .collect()
    }
    UofAggregatesDto {
        from: a.from,
        to: a.to,
        incidents: a.incidents,
        qualifying: a.qualifying,
        by_month: counts(a.by_month),
        by_force_type: counts(a.by_force_type),
        by_injury: counts(a.by_injury),
        by_unit: counts(a.by_unit),
    }
}

/// The document of a row the export reads.
fn document(row: &ReportedIncident) -> ApiResult<IncidentInput> {
    serde_json::from_str(&row.document).map_err(internal)
}

/// The qualifying incidents of the range in the federal structure: JSON (the bulk envelope,
/// an `Add` per incident) or CSV (a row per segment); with the file's name.
pub async fn federal(
    db: &DatabaseConnection,
    caller: &Caller,
    from: Option<Date>,
    to: Option<Date>,
    as_csv: bool,
) -> ApiResult<(String, Vec<u8>)> {
    let (scope, agency, (from, to)) = reviewed(db, caller, from, to).await?;
    let now = caller.clock.now();
    let range = Reported {
        qualifying_only: true,
        ..reported(from, to)
    };
    let action_time = now
        .replace_nanosecond(0)
        .unwrap_or(now)
        .format(&Rfc3339)
        .map_err(internal)?;
    let mut officers = repo::officers_reported(db, scope, range).await?;
    let mut submissions = Vec::new();
    for row in repo::reported(db, scope, range).await? {
        let incident = document(&row)?;
        let on_roster = officers.remove(&row.id).unwrap_or_default();
        let years = service_years(&on_roster, incident.incident_date);
        if let Some(federal) = rules::federal(&incident, agency.ori.as_deref(), &years) {
            submissions.push(FederalSubmission {
                action: "Add".into(),
                action_time: action_time.clone(),
                incident: federal,
            });
        }
    }
    let file = if as_csv {
        let rows: Vec<Vec<String>> = submissions
            .iter()
            .flat_map(|s| rules::federal_rows(&s.incident))
            .collect();
        csv(&FEDERAL_CSV_HEADER, &rows)?
    } else {
        serde_json::to_vec_pretty(&submissions).map_err(internal)?
    };
    audited(db, caller, scope, "uof.export_federal").await?;
    Ok((format!("uof-federal-{from}-{to}"), file))
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

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_owned()
}

/// The agency CSV's rows of one incident: one per subject.
fn agency_rows(
    row: &ReportedIncident,
    incident: &IncidentInput,
    officers: &[person::Model],
) -> Vec<Vec<String>> {
    let q = rules::qualification(incident);
    let names: Vec<String> = officers.iter().map(crate::training::display_name).collect();
    let units: BTreeSet<&str> = officers.iter().filter_map(|p| p.unit.as_deref()).collect();
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let common = vec![
        text(&incident.case_number),
        row.status.as_str().to_owned(),
        row.version.to_string(),
        incident
            .incident_date
            .map(|d| d.to_string())
            .unwrap_or_default(),
        text(&incident.incident_time),
        text(&incident.address),
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
        text(&incident.offense),
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
    let code = |v: Option<&'static str>| v.unwrap_or_default().to_owned();
    incident
        .subjects
        .iter()
        .zip(1..)
        .map(|(s, n)| {
            let mut line = common.clone();
            line.extend([
                n.to_string(),
                text(&s.reference),
                code(s.sex.map(|v| v.as_str())),
                codes(&s.races, |v| v.as_str()),
                s.age.map(|a| a.to_string()).unwrap_or_default(),
                code(s.impaired.map(|v| v.as_str())),
                code(s.armed.map(|v| v.as_str())),
                code(s.resisted.map(|v| v.as_str())),
                codes(&s.resistance, |v| v.as_str()),
                codes(&s.force, |v| v.as_str()),
                codes(&s.injuries, |v| v.as_str()),
                code(s.disposition.map(|v| v.as_str())),
                submitted.clone(),
                text(&incident.narrative),
            ]);
            line
        })
        .collect()
}

/// Every incident of the range, a row per subject, with the names and units of its officers
/// and the records-system references: for the agency's own use; with the file's name.
pub async fn agency_csv(
    db: &DatabaseConnection,
    caller: &Caller,
    from: Option<Date>,
    to: Option<Date>,
) -> ApiResult<(String, Vec<u8>)> {
    let (scope, _, (from, to)) = reviewed(db, caller, from, to).await?;
    let mut officers: BTreeMap<Uuid, Vec<person::Model>> =
        repo::officers_reported(db, scope, reported(from, to)).await?;
    let mut rows = Vec::new();
    for row in repo::reported(db, scope, reported(from, to)).await? {
        let incident = document(&row)?;
        let on_roster = officers.remove(&row.id).unwrap_or_default();
        rows.extend(agency_rows(&row, &incident, &on_roster));
    }
    let file = csv(&AGENCY_CSV_HEADER, &rows)?;
    audited(db, caller, scope, "uof.export_agency").await?;
    Ok((format!("uof-incidents-{from}-{to}"), file))
}
