//! The reports an agency files with its state's POST board (Ohio's annual CPT roster,
//! Indiana's annual in-service report, Oregon's F-6 roster, Minnesota's Affidavit of
//! Attendance): prepared from what ConfiTrek knows, reviewed, and marked transmitted by a
//! person. ConfiTrek never sends one on its own.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::ReportFormat;

pub use confitrek_vocabulary::state_reports::*;

/// A due date of a report, with its source; a state may give two (Indiana).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StateReportDueDto {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Date,
    /// Days from the agency's today to the date; negative once it has passed.
    pub days_left: i64,
    /// Source ids of the rule set, e.g. `IN-12`.
    pub citations: Vec<String>,
    /// What is not confirmed about this date.
    pub unconfirmed: Option<String>,
}

/// A column of a report's layout, with the source that asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StateReportColumnDto {
    /// The CSV header, e.g. `total_hours`.
    pub key: String,
    /// The PDF header, e.g. "Total CPT hours".
    pub header: String,
    /// Source ids, or empty when the column is unconfirmed.
    pub citations: Vec<String>,
    /// What is not confirmed about the column.
    pub unconfirmed: Option<String>,
}

/// A kind of report the agency's state asks for, and where the agency stands with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StateReportKindDto {
    pub kind: StateReportKind,
    pub title: String,
    pub period: StateReportPeriod,
    pub citations: Vec<String>,
    pub unconfirmed: Option<String>,
    /// What the rule set says of the report, in words.
    pub notes: Vec<String>,
    /// The calendar year whose report is due next (not yet transmitted), for annual reports.
    pub next_year: Option<i32>,
    /// That year's due dates; empty for a report with no due date (per session).
    pub due: Vec<StateReportDueDto>,
}

/// A prepared report: one version of one kind and period, with its life so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StateReportDto {
    pub id: Uuid,
    pub kind: StateReportKind,
    /// The calendar year (`2026`) or the session's id.
    pub period: String,
    /// In words: "2026", or the course and days of the session.
    pub period_label: String,
    pub session_id: Option<Uuid>,
    /// 1, then one more each time the same kind and period is prepared again.
    pub version: u32,
    /// Whether a later version of the same kind and period exists.
    pub superseded: bool,
    pub status: StateReportStatus,
    /// Rows (officers or attendees) in the prepared data.
    pub rows: u32,
    /// The SHA-256 of the prepared data, hex: what the downloads render.
    pub snapshot_sha256: String,
    /// The version of the state's rule set the report was prepared under.
    pub rule_set_version: Option<u32>,
    /// What changed against the previous version ("Officer 1042: total hours 20.0 → 24.0");
    /// empty for the first version or when nothing changed.
    pub changes: Vec<String>,
    pub columns: Vec<StateReportColumnDto>,
    /// Who prepared it: a person's name, or a login's email.
    pub prepared_by: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub prepared_at: OffsetDateTime,
    pub reviewed_by: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub reviewed_at: Option<OffsetDateTime>,
    pub review_note: Option<String>,
    pub transmitted_by: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub transmitted_at: Option<OffsetDateTime>,
    pub transmitted_via: Option<TransmissionMethod>,
    pub transmission_reference: Option<String>,
    /// Reports that ask for money: what was asked, what came, and when.
    pub amount_requested_cents: Option<i64>,
    pub amount_received_cents: Option<i64>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub received_on: Option<Date>,
}

/// `GET /state-reports`: the kinds the agency's state asks for, then its prepared reports,
/// newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StateReportList {
    /// The agency's state.
    pub state_code: String,
    pub kinds: Vec<StateReportKindDto>,
    pub items: Vec<StateReportDto>,
    pub next_cursor: Option<String>,
}

/// `GET /state-reports` query.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct StateReportListQuery {
    /// Only reports of this kind.
    pub kind: Option<StateReportKind>,
    /// 1 to 100 reports a page; 50 if omitted.
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

/// `POST /state-reports`: prepare a report (a new version when one exists for the period).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PrepareStateReportInput {
    pub kind: StateReportKind,
    /// For an annual report: the calendar year, or the fiscal year named by the year it ends
    /// in, from 2000 to the year in progress in the agency (a fiscal year in progress may
    /// end next calendar year).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 2000, maximum = 2199))]
    pub year: Option<i32>,
    /// For a per-session report: the session's id.
    #[serde(default)]
    pub session_id: Option<Uuid>,
    /// Minnesota's reimbursement application: the chief law enforcement officer's name,
    /// printed above the affirmation (at most 120 characters; ignored by other kinds).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 120))]
    pub cleo_name: Option<String>,
    /// The CLEO's title, e.g. "Chief of Police" (at most 120 characters).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 120))]
    pub cleo_title: Option<String>,
}

/// `GET /state-reports/preview`: what preparing would produce now, as a file; nothing is
/// stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct StateReportPreviewQuery {
    pub kind: StateReportKind,
    /// For an annual report: the calendar year, or the fiscal year named by the year it ends
    /// in, from 2000 to the year in progress in the agency.
    pub year: Option<i32>,
    /// For a per-session report: the session's id.
    pub session_id: Option<Uuid>,
    /// `pdf` (default) or `csv`.
    pub format: Option<ReportFormat>,
}

/// `GET /state-reports/{id}/download`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct StateReportDownloadQuery {
    /// `pdf` (default) or `csv`.
    pub format: Option<ReportFormat>,
}

/// `POST /state-reports/{id}/review`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReviewStateReportInput {
    /// What the reviewer checked or found, at most 2000 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub note: Option<String>,
}

/// `POST /state-reports/{id}/transmitted`: a person sent the report to the state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TransmitStateReportInput {
    pub method: TransmissionMethod,
    /// A confirmation or tracking number, at most 200 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub reference: Option<String>,
}

/// `POST /state-reports/{id}/received`: the money a report asked for came.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RecordReceivedInput {
    /// Cents, from 0 to 10000000000.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10_000_000_000_i64))]
    pub amount_received_cents: i64,
    /// The day it came, not after the agency's today.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub received_on: Date,
}
