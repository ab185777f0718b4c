use confitrek_domain::roi::{self, Activity, Done};
use confitrek_types::{ReimbursementLineDto, RoiDto, TimeSavedLineDto};
use time::Date;

use crate::app::AppState;
use crate::auth::Caller;
use crate::db::entity::state_report;
use crate::db::{AgencyScope, expenses, roi as repo};
use crate::expenses::fiscal_context;
use crate::http::{ApiError, ApiResult};

pub async fn roi(state: &AppState, caller: &Caller, asked: Option<i64>) -> ApiResult<RoiDto> {
    let scope = caller.scope()?;
    let db = &state.db;
    let fiscal = fiscal_context(db, &caller.clock, scope).await?;
    let fiscal_year = fiscal.year("fiscal_year", asked)?;
    let (from, to) = fiscal.bounds("fiscal_year", fiscal_year)?;
    let zone = crate::db::agencies::get(db, scope)
        .await?
        .ok_or(ApiError::NotFound)?
        .time_zone;
    let (start, end) = instants(from, to, &zone)?;
    let done = activities(state, scope, start, end).await?;
    let (lines, minutes_saved) = roi::time_saved(&done);
    let spend_cents: i64 = expenses::costs_between(db, scope.id(), from, to)
        .await?
        .iter()
        .map(|(_, cents)| cents)
        .sum();
    let officers = repo::officers(db, scope).await?;
    let reimbursements =
        latest_reimbursements(repo::reimbursements(db, scope, (start, end), (from, to)).await?);
    let requested_cents = reimbursements
        .iter()
        .filter_map(|r| r.requested_cents)
        .sum();
    let received_cents = reimbursements.iter().filter_map(|r| r.received_cents).sum();
    Ok(RoiDto {
        fiscal_year,
        from,
        to,
        reimbursements,
        requested_cents,
        received_cents,
        time_saved: lines
            .into_iter()
            .map(|l| TimeSavedLineDto {
                activity: l.activity,
                count: l.count,
                minutes_each: l.minutes_each,
                minutes: l.minutes,
                assumption: roi::assumption(l.activity).to_owned(),
            })
            .collect(),
        minutes_saved,
        spend_cents,
        officers,
        spend_per_officer_cents: roi::per_officer(spend_cents, officers),
        recovered_percent: roi::recovered_percent(received_cents, spend_cents),
    })
}

/// The fiscal year's first and last day as the instants that bound it in the agency's zone:
/// from the first day's start to the start of the day after the last.
fn instants(
    from: Date,
    to: Date,
    zone: &str,
) -> ApiResult<(time::OffsetDateTime, time::OffsetDateTime)> {
    let start = crate::clock::start_of_day(from, zone);
    let end = to
        .next_day()
        .and_then(|day| crate::clock::start_of_day(day, zone));
    start
        .zip(end)
        .ok_or_else(|| ApiError::field("fiscal_year", "is not a fiscal year of the calendar"))
}

async fn activities(
    state: &AppState,
    scope: AgencyScope,
    start: time::OffsetDateTime,
    end: time::OffsetDateTime,
) -> ApiResult<Vec<Done>> {
    let db = &state.db;
    Ok(vec![
        Done {
            activity: Activity::RowImported,
            count: repo::imported_rows(db, scope, start, end).await?,
        },
        Done {
            activity: Activity::AttendanceRecorded,
            count: repo::attendance_records(db, scope, start, end).await?,
        },
        Done {
            activity: Activity::ReportGenerated,
            count: repo::reports_generated(db, scope, start, end).await?,
        },
        Done {
            activity: Activity::StateReportPrepared,
            count: repo::reports_first_prepared(db, scope, start, end, false).await?,
        },
        Done {
            activity: Activity::ReimbursementPrepared,
            count: repo::reimbursements_prepared(db, scope, start, end).await?,
        },
    ])
}

/// The latest version of each application (kind and period), in the order first prepared:
/// what it asks for now and what came.
fn latest_reimbursements(versions: Vec<state_report::Model>) -> Vec<ReimbursementLineDto> {
    let mut latest: Vec<state_report::Model> = Vec::new();
    for version in versions {
        match latest
            .iter_mut()
            .find(|r| r.kind == version.kind && r.period == version.period)
        {
            Some(known) if known.version < version.version => *known = version,
            Some(_) => {}
            None => latest.push(version),
        }
    }
    latest
        .into_iter()
        .map(|r| ReimbursementLineDto {
            kind: r.kind,
            period: r.period_label,
            requested_cents: r.amount_requested_cents,
            received_cents: r.amount_received_cents,
            received_on: r.received_on,
        })
        .collect()
}
