//! What ConfiTrek returned to the agency over a period (`GET /api/v1/roi`).

use serde::{Deserialize, Serialize};
use time::Date;

pub use confitrek_vocabulary::roi::*;

/// One line of the time-saved table: what was done, how often, and the assumption that turns
/// it into minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimeSavedLineDto {
    pub activity: SavedActivity,
    pub count: u64,
    pub minutes_each: u32,
    pub minutes: u64,
    /// The assumption behind `minutes_each`, in words.
    pub assumption: String,
}

/// A reimbursement or state report with money attached, as prepared and as received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReimbursementLineDto {
    /// The application: a kind of state report that asks for money.
    pub kind: crate::StateReportKind,
    /// The report's period, as the state report names it (`FY2026`, `2025`).
    pub period: String,
    /// The amount the latest version asks for, in cents, when it names one.
    pub requested_cents: Option<i64>,
    /// What the state paid, in cents, once recorded.
    pub received_cents: Option<i64>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub received_on: Option<Date>,
}

/// What ConfiTrek returned to the agency in one of its fiscal years.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoiDto {
    /// The agency's fiscal year, named by the calendar year it ends in.
    pub fiscal_year: i32,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub from: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub to: Date,
    /// Reimbursement applications prepared in the year, and what came back.
    pub reimbursements: Vec<ReimbursementLineDto>,
    pub requested_cents: i64,
    pub received_cents: i64,
    /// Coordinator time saved, per activity, with its assumption.
    pub time_saved: Vec<TimeSavedLineDto>,
    pub minutes_saved: u64,
    /// Approved and paid training expenses incurred in the year, in cents.
    pub spend_cents: i64,
    /// Sworn officers on the roster (active or inactive) the spend is divided among.
    pub officers: u64,
    /// `spend_cents / officers`, rounded; absent without officers.
    pub spend_per_officer_cents: Option<i64>,
    /// `received_cents` as a share of `spend_cents`, in percent; absent without spend.
    pub recovered_percent: Option<f64>,
}
