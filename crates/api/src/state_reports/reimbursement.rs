//! Reimbursement applications prepared as state reports: the application the reimbursement
//! service computes for the year, turned into a report by the domain, with the amount it
//! asks for.

use confitrek_domain::state_reports::reimbursement as convert;
use confitrek_domain::state_reports::{Snapshot, StateReportKind};
use sea_orm::DatabaseConnection;
use time::{Date, Month};

use super::gather::Agency;
use crate::auth::Caller;
use crate::http::{ApiError, ApiResult};
use crate::reimbursement::{cleo_field, minnesota, ohio};

pub use crate::reimbursement::minnesota::Cleo;

/// A reimbursement application as prepared: the report, the version of the rules it was
/// computed under, and the amount it asks for when one is known.
pub struct Prepared {
    pub snapshot: Snapshot,
    pub rule_set_version: Option<u32>,
    pub amount_requested_cents: Option<i64>,
}

/// The CLEO's name and title as given, checked; only Minnesota's application prints them.
pub fn cleo(name: Option<&str>, title: Option<&str>) -> ApiResult<Cleo> {
    Ok(Cleo {
        name: cleo_field("cleo_name", name)?,
        title: cleo_field("cleo_title", title)?,
    })
}

/// The application of `kind` for `year` (Minnesota: the fiscal year ending in it) as the
/// data stand now.
pub async fn live(
    db: &DatabaseConnection,
    caller: &Caller,
    agency: &Agency,
    kind: StateReportKind,
    year: i32,
    cleo: Cleo,
) -> ApiResult<Prepared> {
    let report = agency.offered(kind, agency.rules_today())?;
    let version_on = |day: Date| agency.rules_on(day).map(|r| r.version);
    match kind {
        StateReportKind::MnReimbursement => {
            let application = minnesota::minnesota_application(db, caller, year, cleo).await?;
            Ok(Prepared {
                snapshot: convert::minnesota(&report, &application, agency.today),
                rule_set_version: version_on(application.ends_on),
                amount_requested_cents: convert::minnesota_requested(&application),
            })
        }
        StateReportKind::OhReimbursement => {
            let figures = ohio::ohio_reimbursement(db, caller, year).await?;
            let end = Date::from_calendar_date(year, Month::December, 31)
                .map_err(|_| ApiError::field("year", "is not a year"))?;
            Ok(Prepared {
                snapshot: convert::ohio(&report, &figures, agency.today),
                rule_set_version: version_on(end),
                amount_requested_cents: convert::ohio_requested(&figures),
            })
        }
        _ => Err(ApiError::field("kind", "does not ask for money")),
    }
}
