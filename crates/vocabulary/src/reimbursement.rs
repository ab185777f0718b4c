//! State reimbursement applications (Minnesota's, Rule 6700.1800; Ohio's CPT reimbursement,
//! OAC 109:2-18-04) as the server computes them and a state report files them.

use crate::SourceDto;
use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

/// A fact of the state's program, as its sources state it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReimbursementFact {
    /// Stable: `fiscal_year`, `due`, `months_with_agency`, `credits`, `maximum_hours`, ...
    #[cfg_attr(feature = "openapi", schema(example = "months_with_agency"))]
    pub code: String,
    pub statement: String,
    /// Source ids, each among the answer's `sources`.
    pub citations: Vec<String>,
    /// What the sources leave open or disagree on.
    pub unconfirmed: Option<String>,
}

/// One condition of an officer's verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReimbursementReason {
    #[cfg_attr(feature = "openapi", schema(example = "credits"))]
    pub code: String,
    pub met: bool,
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "15.75 credits of verified training in FY2026 while with the agency; 16 needed."
        )
    )]
    pub sentence: String,
    pub citations: Vec<String>,
    pub unconfirmed: Option<String>,
}

/// One officer on the Minnesota application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MinnesotaOfficer {
    pub person_id: Uuid,
    pub name: String,
    pub badge: String,
    pub licence_number: Option<String>,
    pub unit: Option<String>,
    pub part_time: bool,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub hire_date: Option<Date>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub separated_on: Option<Date>,
    /// Whole months with the agency in the fiscal year.
    pub months: u16,
    /// Credits (hours) of verified training in the fiscal year while with the agency.
    pub credits: f64,
    pub eligible: bool,
    /// Every condition, met or not, with its sources.
    pub reasons: Vec<ReimbursementReason>,
    /// The agency recorded that another unit claims the officer this fiscal year.
    pub claimed_elsewhere: bool,
    pub claim_note: Option<String>,
}

/// The agency's approved and paid training costs of a period, by category, in cents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReimbursementCosts {
    pub by_category: Vec<ReimbursementCostLine>,
    pub total_cents: i64,
    pub statement: String,
    pub citations: Vec<String>,
    pub unconfirmed: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReimbursementCostLine {
    #[cfg_attr(feature = "openapi", schema(example = "registration"))]
    pub category: String,
    pub cents: i64,
}

/// The agency's estimated share, for a fiscal year whose allocation is known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReimbursementShare {
    pub per_officer_cents: i64,
    /// Eligible officers times the share, never more than the costs.
    pub total_cents: i64,
    pub citations: Vec<String>,
    pub unconfirmed: Option<String>,
}

/// The chief law enforcement officer's affirmation, to sign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CleoAffirmation {
    pub name: Option<String>,
    pub title: Option<String>,
    pub statement: String,
    pub citations: Vec<String>,
    pub unconfirmed: Option<String>,
}

/// Minnesota's reimbursement application for a fiscal year, in the portal's order:
/// officers with licence numbers and eligibility, then costs, then the CLEO's affirmation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MinnesotaApplication {
    pub agency: String,
    /// Named by the year it ends in: 2026 = 2025-07-01 to 2026-06-30.
    pub fiscal_year: i32,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub starts_on: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub ends_on: Date,
    /// When the application is due (required even when no money is asked).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub due_on: Date,
    /// Days from the agency's today to `due_on`; negative once past.
    pub days_left: i64,
    pub officers: Vec<MinnesotaOfficer>,
    pub eligible_count: u32,
    pub costs: ReimbursementCosts,
    /// Null unless the fiscal year's allocation and statewide count are in the rule set.
    pub share: Option<ReimbursementShare>,
    pub affirmation: CleoAffirmation,
    pub facts: Vec<ReimbursementFact>,
    pub sources: Vec<SourceDto>,
    pub unconfirmed: Option<String>,
}

/// One training record's part of an Ohio officer's reimbursement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OhioLine {
    pub record_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub completed_on: Date,
    /// Hours of the record reimbursed (after the yearly cap).
    pub hours: f64,
    pub hourly_rate_cents: Option<i64>,
    pub amount_cents: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OhioOfficer {
    pub person_id: Uuid,
    pub name: String,
    pub badge: String,
    pub unit: Option<String>,
    /// In the year basic training was completed: exempt from CPT.
    pub exempt: bool,
    /// Qualifying CPT hours in the year, before the cap.
    pub qualifying_hours: f64,
    /// Hours reimbursed, at most the cap.
    pub counted_hours: f64,
    /// Counted hours at the officer's rates; null if a counted hour has no rate on file.
    pub base_cents: Option<i64>,
    /// At the year's funded percent; null if either is unknown.
    pub reimbursable_cents: Option<i64>,
    pub lines: Vec<OhioLine>,
    pub reasons: Vec<ReimbursementReason>,
}

/// Ohio's CPT reimbursement figures for a calendar year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OhioReimbursement {
    pub agency: String,
    pub year: i32,
    pub officers: Vec<OhioOfficer>,
    pub qualifying_hours: f64,
    pub counted_hours: f64,
    /// Null if any officer's base amount is unknown (a rate missing).
    pub base_cents: Option<i64>,
    pub funding_percent: Option<u8>,
    pub funding_up_to: bool,
    pub reimbursable_cents: Option<i64>,
    pub facts: Vec<ReimbursementFact>,
    pub sources: Vec<SourceDto>,
    pub unconfirmed: Option<String>,
}
