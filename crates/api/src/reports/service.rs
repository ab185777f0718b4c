//! The reports made whole in memory (a transcript, hours in a topic, the audit trail): each
//! checks who asks, decides its range of days, is built, and is recorded in the audit log
//! as the export it is before it is handed over.

use confitrek_domain::permissions::Action;
use confitrek_types::{AuditReportQuery, ReportFormat, TopicReportQuery};
use time::{Date, Duration};
use uuid::Uuid;

use super::{Generated, audit_trail, topics, transcript};
use crate::access::require;
use crate::app::AppState;
use crate::auth::Caller;
use crate::db::agencies;
use crate::http::{ApiError, ApiResult};

/// A generated report: the file, its format and the name it is downloaded as (without the
/// extension).
pub struct Report {
    pub format: ReportFormat,
    pub name: String,
    pub file: Vec<u8>,
}

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

/// Records the report in the audit log (every report is an export).
async fn audited(
    state: &AppState,
    caller: &Caller,
    (action, target): (&str, (&str, Uuid)),
    report: Report,
) -> ApiResult<Report> {
    caller
        .audit_alone(&state.db, caller.scope()?.id(), action, target)
        .await?;
    Ok(report)
}

/// A person's training transcript, if the caller may see the person.
pub async fn transcript(
    state: &AppState,
    caller: &Caller,
    person: Uuid,
    format: ReportFormat,
) -> ApiResult<Report> {
    let transcript = transcript::build(&state.db, caller, person).await?;
    let file = transcript.file(format, &Generated::now(&state.clock))?;
    let person = &transcript.person;
    let name = format!(
        "transcript-{}-{}",
        person.badge, transcript.compliance.as_of
    );
    let report = Report { format, name, file };
    audited(
        state,
        caller,
        ("report.transcript", ("person", person.id)),
        report,
    )
    .await
}

/// Hours in one topic per person the caller sees, from January 1 of `to`'s year unless
/// `from` says otherwise.
pub async fn topic(
    state: &AppState,
    caller: &Caller,
    query: &TopicReportQuery,
) -> ApiResult<Report> {
    require(caller, Action::ReadReports)?;
    let format = query.format.unwrap_or_default();
    let topic = query
        .topic
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::field("topic", "is required"))?;
    let range = range(state, caller, query.from, query.to, |to| {
        to.replace_ordinal(1).unwrap_or(to)
    })
    .await?;
    let report = topics::build(&state.db, caller, topic, range, query.unit.as_deref()).await?;
    let file = report.file(format, &Generated::now(&state.clock))?;
    let name = format!("topic-{topic}-{}-{}", range.0, range.1);
    let target = ("agency", caller.scope()?.id());
    audited(
        state,
        caller,
        ("report.topic", target),
        Report { format, name, file },
    )
    .await
}

/// The agency's audit trail, over the 30 days before `to` unless `from` says otherwise.
pub async fn audit_trail(
    state: &AppState,
    caller: &Caller,
    query: &AuditReportQuery,
) -> ApiResult<Report> {
    require(caller, Action::ReadAuditLog)?;
    let format = query.format.unwrap_or_default();
    let (from, to) = range(state, caller, query.from, query.to, |to| {
        to - Duration::days(30)
    })
    .await?;
    let trail = audit_trail::build(&state.db, caller, from, to).await?;
    let file = trail.file(format, &Generated::now(&state.clock))?;
    let name = format!("audit-{from}-{to}");
    let target = ("agency", caller.scope()?.id());
    audited(
        state,
        caller,
        ("report.audit", target),
        Report { format, name, file },
    )
    .await
}
