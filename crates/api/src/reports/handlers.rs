//! `/reports/compliance`, `/reports/topics`, `/reports/audit`, `/people/{id}/transcript`.

use actix_web::{HttpResponse, get, web};
use confitrek_domain::permissions::Action;
use confitrek_types::{
    AuditReportQuery, ComplianceReportQuery, Problem, TopicReportQuery, TranscriptQuery,
};
use uuid::Uuid;

use super::table::{download, streamed};
use super::{Generated, compliance, service, sign_in_sheet};
use crate::access::require;
use crate::app::AppState;
use crate::auth::Caller;
use crate::http::{ApiResult, QueryParams};

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
    let report = service::transcript(&state, &caller, id.into_inner(), format).await?;
    Ok(download(report.format, &report.name, report.file))
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
    let report = service::topic(&state, &caller, &query).await?;
    Ok(download(report.format, &report.name, report.file))
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
    let report = service::audit_trail(&state, &caller, &query).await?;
    Ok(download(report.format, &report.name, report.file))
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
