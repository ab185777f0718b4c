//! `/reports/compliance`, `/reports/topics`, `/reports/audit`, `/people/{id}/transcript`.

use actix_web::{HttpResponse, get, web};
use confitrek_domain::permissions::Action;
use confitrek_types::{
    AuditReportQuery, ComplianceReportQuery, Problem, TopicReportQuery, TranscriptQuery,
};
use time::{Date, Duration};
use uuid::Uuid;

use super::table::{download, streamed};
use super::{Generated, audit_trail, compliance, sign_in_sheet, topics, transcript};
use crate::access::require;
use crate::app::AppState;
use crate::auth::Caller;
use crate::db::agencies;
use crate::http::{ApiError, ApiResult, QueryParams};

/// A range of days, `to` defaulting to the agency's today and `from` to `default_from(to)`.
async fn range(
    state: &AppState,
    caller: &Caller,
    from: Option<Date>,
    to: Option<Date>,
    default_from: impl Fn(Date) -> Date,
) -> ApiResult<(Date, Date)> {
    let to = match to {
        Some(to) => to,
        None => {
            let agency = agencies::get(&state.db, caller.scope()?)
                .await?
                .ok_or(ApiError::NotFound)?;
            caller.clock.today_in(&agency.time_zone)
        }
    };
    let from = from.unwrap_or_else(|| default_from(to));
    if to < from {
        return Err(ApiError::field("to", "must not be before from"));
    }
    Ok((from, to))
}

/// The agency's compliance on a day: every person the caller sees (a supervisor, his or her
/// unit), every requirement with earned, required and remaining, due date, status and
/// explanation, and the version of the state's rules in force that day with its sources;
/// then the deadlines each person missed in the six years before that day and how many were
/// made up late (CSV columns `missed_deadlines_from`, `missed_deadlines`, `made_up_late`).
#[utoipa::path(
    tag = "reports",
    params(ComplianceReportQuery),
    responses(
        (status = 200, description = "The report as a download (Content-Disposition: attachment)", content((String = "text/csv"), (Vec<u8> = "application/pdf"))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports/compliance")]
pub async fn compliance_report(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<ComplianceReportQuery>,
) -> ApiResult<HttpResponse> {
    require(&caller, Action::ReadReports)?;
    let format = query.format.unwrap_or_default();
    let report =
        compliance::prepare(&state.db, &caller, query.as_of, query.unit.as_deref()).await?;
    let agency = caller.scope()?.id();
    caller
        .audit_alone(&state.db, agency, "report.compliance", ("agency", agency))
        .await?;
    let name = format!("compliance-{}", report.as_of);
    let (db, generated) = (state.db.clone(), Generated::now(&state.clock));
    Ok(streamed(format, &name, async move |body| {
        report.write(&db, format, &generated, &body).await
    }))
}

/// A person's training transcript: every training record with its hours by topic, its
/// verification and whether a certificate is on file; credentials; compliance today.
#[utoipa::path(
    tag = "reports",
    params(("id" = Uuid, Path, description = "The person's id"), TranscriptQuery),
    responses(
        (status = 200, description = "The transcript as a download", content((Vec<u8> = "application/pdf"), (String = "text/csv"))),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/people/{id}/transcript")]
pub async fn person_transcript(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    query: QueryParams<TranscriptQuery>,
) -> ApiResult<HttpResponse> {
    let format = query.format.unwrap_or_default();
    let transcript = transcript::build(&state.db, &caller, id.into_inner()).await?;
    let file = transcript.file(format, &Generated::now(&state.clock))?;
    let person = &transcript.person;
    let name = format!(
        "transcript-{}-{}",
        person.badge, transcript.compliance.as_of
    );
    delivered(
        &state,
        &caller,
        "report.transcript",
        ("person", person.id),
        format,
        &name,
        file,
    )
    .await
}

/// Hours in one topic per person the caller sees, over a range of days, with totals.
#[utoipa::path(
    tag = "reports",
    params(TopicReportQuery),
    responses(
        (status = 200, description = "The report as a download", content((String = "text/csv"), (Vec<u8> = "application/pdf"))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports/topics")]
pub async fn topic_report(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<TopicReportQuery>,
) -> ApiResult<HttpResponse> {
    require(&caller, Action::ReadReports)?;
    let format = query.format.unwrap_or_default();
    let topic = query
        .topic
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::field("topic", "is required"))?;
    let range = range(&state, &caller, query.from, query.to, |to| {
        to.replace_ordinal(1).unwrap_or(to)
    })
    .await?;
    let report = topics::build(&state.db, &caller, topic, range, query.unit.as_deref()).await?;
    let file = report.file(format, &Generated::now(&state.clock))?;
    let agency = caller.scope()?.id();
    let name = format!("topic-{topic}-{}-{}", range.0, range.1);
    delivered(
        &state,
        &caller,
        "report.topic",
        ("agency", agency),
        format,
        &name,
        file,
    )
    .await
}

/// The agency's audit trail over a range of its calendar days (agency admins only).
#[utoipa::path(
    tag = "reports",
    params(AuditReportQuery),
    responses(
        (status = 200, description = "The report as a download", content((String = "text/csv"), (Vec<u8> = "application/pdf"))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports/audit")]
pub async fn audit_report(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<AuditReportQuery>,
) -> ApiResult<HttpResponse> {
    require(&caller, Action::ReadAuditLog)?;
    let format = query.format.unwrap_or_default();
    let (from, to) = range(&state, &caller, query.from, query.to, |to| {
        to - Duration::days(30)
    })
    .await?;
    let trail = audit_trail::build(&state.db, &caller, from, to).await?;
    let file = trail.file(format, &Generated::now(&state.clock))?;
    let agency = caller.scope()?.id();
    let name = format!("audit-{from}-{to}");
    delivered(
        &state,
        &caller,
        "report.audit",
        ("agency", agency),
        format,
        &name,
        file,
    )
    .await
}

/// Records the report in the audit log (every report is an export) and hands it over.
async fn delivered(
    state: &AppState,
    caller: &Caller,
    action: &str,
    target: (&str, Uuid),
    format: confitrek_types::ReportFormat,
    name: &str,
    file: Vec<u8>,
) -> ApiResult<HttpResponse> {
    caller
        .audit_alone(&state.db, caller.scope()?.id(), action, target)
        .await?;
    Ok(download(format, name, file))
}

/// A session's sign-in sheet (PDF): course, days, place and instructor, a line to sign for
/// each person on the roster by name, and empty lines for walk-ins (the training office).
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path, description = "The session's id")),
    responses(
        (status = 200, description = "The sheet as a PDF download", content_type = "application/pdf", body = Vec<u8>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/sessions/{id}/sign-in-sheet")]
pub async fn session_sign_in_sheet(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let generated = Generated::now(&state.clock);
    let (name, bytes) =
        sign_in_sheet::build(&state.db, &caller, id.into_inner(), &generated).await?;
    Ok(download(confitrek_types::ReportFormat::Pdf, &name, bytes))
}
