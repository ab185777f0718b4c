//! Training costs: expense lines, their receipts, budgets per fiscal year and unit, and the
//! summaries and exports built on them. Amounts are integer cents.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

pub use confitrek_vocabulary::expenses::*;

/// An expense line as written by a client: on exactly one of a training record, a session
/// (shared equally among its attendees) or a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ExpenseInput {
    #[serde(default)]
    pub record_id: Option<Uuid>,
    #[serde(default)]
    pub session_id: Option<Uuid>,
    #[serde(default)]
    pub person_id: Option<Uuid>,
    pub category: ExpenseCategory,
    /// Whole cents, 1 to 100,000,000 (one million dollars).
    #[cfg_attr(
        feature = "openapi",
        schema(example = 45000, minimum = 1, maximum = 100_000_000)
    )]
    pub amount_cents: i64,
    /// Within ten years before the agency's today and two years after it.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date, example = "2026-11-02"))]
    pub incurred_on: Date,
    pub paid_by: ExpensePaidBy,
    /// What was paid for: 1 to 200 characters, no personal identifiers.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "CIT course registration", min_length = 1, max_length = 200)
    )]
    pub description: String,
    /// The training office may enter a line already `approved` or `paid`; `requested` if
    /// omitted, and always for a person asking for his or her own.
    #[serde(default)]
    pub status: Option<ExpenseStatus>,
}

/// Move a line on: `approved`, `paid` or `rejected` (with a reason).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ExpenseStatusChange {
    pub status: ExpenseStatus,
    /// Why it is rejected: required for `rejected`, at most 500 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub reason: Option<String>,
}

/// The receipt of a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReceiptDto {
    pub content_type: String,
    pub size_bytes: u64,
    pub sha256: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub uploaded_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExpenseDto {
    pub id: Uuid,
    pub record_id: Option<Uuid>,
    pub session_id: Option<Uuid>,
    pub person_id: Option<Uuid>,
    /// What the line is on, for a reader: "Last, First", a record's title, or a session's
    /// course and date.
    pub subject: String,
    /// The course of the record or session, if any.
    pub course_id: Option<Uuid>,
    pub course_title: Option<String>,
    pub category: ExpenseCategory,
    pub amount_cents: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub incurred_on: Date,
    /// The fiscal year it falls in, named by the year that year ends in.
    pub fiscal_year: i32,
    pub paid_by: ExpensePaidBy,
    pub description: String,
    pub status: ExpenseStatus,
    pub rejection_reason: Option<String>,
    /// For a session's line: how many attendees share it (0 before attendance is taken).
    pub shared_by: Option<u32>,
    pub receipt: Option<ReceiptDto>,
    #[serde(with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub decided_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub paid_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
}

/// One group of a summary: its key, what it is called, and its money by status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExpenseTotal {
    /// The course, unit, person, category or fiscal year; null for "none" (lines on no
    /// course, people in no unit, a session's line before attendance).
    pub key: Option<String>,
    pub label: String,
    /// Asked for, not yet decided.
    pub requested_cents: i64,
    /// Approved, not yet paid.
    pub committed_cents: i64,
    /// Paid.
    pub spent_cents: i64,
}

/// `GET /expenses/summary`: the caller's lines of a fiscal year, summed per course, unit,
/// person and category (a session's line counted by each attendee's share), and every fiscal
/// year's totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExpenseSummaryDto {
    pub fiscal_year: i32,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub starts_on: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub ends_on: Date,
    pub total: ExpenseTotal,
    pub by_course: Vec<ExpenseTotal>,
    pub by_unit: Vec<ExpenseTotal>,
    pub by_person: Vec<ExpenseTotal>,
    pub by_category: Vec<ExpenseTotal>,
    pub by_fiscal_year: Vec<ExpenseTotal>,
}

/// A budget as written: a fiscal year's amount for the agency (no unit) or one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BudgetInput {
    /// Named by the calendar year it ends in (FY2027 = 2026-07-01..2027-06-30 for a year
    /// starting in July), 2000 to 2100.
    #[cfg_attr(
        feature = "openapi",
        schema(example = 2027, minimum = 2000, maximum = 2100)
    )]
    pub fiscal_year: i32,
    /// A unit of the roster; null or omitted for the agency-wide budget. At most 100
    /// characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "Patrol", max_length = 100))]
    pub unit: Option<String>,
    /// Whole cents, 0 to 100,000,000,000.
    #[cfg_attr(
        feature = "openapi",
        schema(example = 5_000_000, minimum = 0, maximum = 100_000_000_000i64)
    )]
    pub amount_cents: i64,
}

/// A budget with what has been spent (paid) and committed (approved, not paid) against it,
/// and what is left (negative when overspent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BudgetDto {
    pub id: Uuid,
    pub fiscal_year: i32,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub starts_on: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub ends_on: Date,
    pub unit: Option<String>,
    pub amount_cents: i64,
    pub spent_cents: i64,
    pub committed_cents: i64,
    pub left_cents: i64,
}
