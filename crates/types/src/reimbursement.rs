//! The state's reimbursement of the agency's training costs: Minnesota's application
//! (Rule 6700.1800) and Ohio's CPT reimbursement (OAC 109:2-18-04), each fact beside its
//! sources and, where they leave it open, its `unconfirmed` mark; officers' base hourly
//! rates; the record that another unit claims an officer.

use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

use crate::SourceDto;

pub use confitrek_vocabulary::reimbursement::*;

/// The longest note on a claim decision.
pub const CLAIM_NOTE_MAX: usize = 500;
/// The highest base hourly rate accepted, in cents ($10,000.00 an hour).
pub const HOURLY_RATE_MAX_CENTS: i64 = 1_000_000;
/// The longest CLEO name or title printed on the application.
pub const CLEO_FIELD_MAX: usize = 120;

/// `json` (default): the application as data; `csv` or `pdf`: a download.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum ReimbursementFormat {
    #[default]
    Json,
    Csv,
    Pdf,
}

/// `GET /reimbursement/minnesota/{fiscal_year}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct MinnesotaQuery {
    /// `json` (default), `csv` or `pdf`.
    pub format: Option<ReimbursementFormat>,
    /// The chief law enforcement officer's name, printed on the affirmation (at most 120
    /// characters).
    pub cleo_name: Option<String>,
    /// The CLEO's title, e.g. "Chief of Police" (at most 120 characters).
    pub cleo_title: Option<String>,
}

/// `GET /reimbursement/ohio/{year}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct OhioQuery {
    /// `json` (default), `csv` or `pdf`.
    pub format: Option<ReimbursementFormat>,
}

/// The agency's state program, for the reimbursement page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReimbursementProgram {
    /// The agency's state, e.g. `MN`.
    pub jurisdiction: String,
    /// `minnesota` (equal shares per eligible officer), `ohio` (hourly rate times CPT hours)
    /// or `none` (no program found, or no rules for the state).
    #[cfg_attr(feature = "openapi", schema(example = "minnesota"))]
    pub program: String,
    pub title: String,
    /// The current fiscal year (Minnesota) or calendar year (Ohio), by the agency's today.
    pub current_year: Option<i32>,
    pub facts: Vec<ReimbursementFact>,
    pub sources: Vec<SourceDto>,
}

/// A base hourly rate of a person from a day on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PayRateDto {
    pub id: Uuid,
    pub person_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub effective_from: Date,
    pub hourly_rate_cents: i64,
}

/// `PUT /people/{id}/pay-rates/{effective_from}`: the rate from that day on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PayRateInput {
    /// Cents, 1 to 1,000,000 ($10,000.00 an hour).
    #[cfg_attr(
        feature = "openapi",
        schema(example = 3450, minimum = 1, maximum = 1_000_000)
    )]
    pub hourly_rate_cents: i64,
}

/// `PUT /reimbursement/minnesota/{fiscal_year}/claims/{person_id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ClaimDecisionInput {
    /// Another unit claims the officer for the fiscal year: left out of this application.
    pub claimed_elsewhere: bool,
    /// Which unit, and what was agreed (at most 500 characters).
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimDecisionDto {
    pub person_id: Uuid,
    pub fiscal_year: i32,
    pub claimed_elsewhere: bool,
    pub note: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub decided_at: time::OffsetDateTime,
}
