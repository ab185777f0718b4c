//! What-if evaluation: a person's facts and training, described in the request rather than
//! loaded from the roster, judged by a jurisdiction's rules. The body of
//! `POST /compliance/evaluate`, and the input file of `confitrek rules eval`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

use crate::{
    ComplianceStatus, PeriodHistoryDto, PersonKind, PersonStatus, RequirementResultDto,
    WaiverEffectDto,
};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WhatIfRequest {
    /// Two-letter state code, e.g. `MN`.
    #[cfg_attr(feature = "openapi", schema(example = "MN"))]
    pub jurisdiction: String,
    /// Judge by this version of the jurisdiction's rules only. Without it, each rule comes from
    /// the version that governs the person's period, as for a person on the roster.
    #[serde(default)]
    pub version: Option<u32>,
    /// The day to judge, from 1900-01-01 to 2199-12-31 (as every date of the request).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date, example = "2026-01-15"))]
    pub as_of: Date,
    pub person: WhatIfPerson,
    #[serde(default)]
    pub records: Vec<WhatIfRecord>,
    #[serde(default)]
    pub credentials: Vec<WhatIfCredential>,
    /// Policy versions assigned to the person, for acknowledgement requirements.
    #[serde(default)]
    pub policy_versions: Vec<WhatIfPolicyVersion>,
    #[serde(default)]
    pub acknowledgements: Vec<WhatIfAcknowledgement>,
    #[serde(default)]
    pub waivers: Vec<WhatIfWaiver>,
    /// Days before a due date when a shortfall becomes "at risk", 1 to 365. Defaults to the
    /// agency's setting (90 outside an agency).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 365))]
    pub at_risk_days: Option<u16>,
}

/// The facts about a person that decide which rules apply and when periods run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WhatIfPerson {
    /// Defaults to `officer`. State rules bind officers only.
    #[serde(default)]
    pub kind: Option<PersonKind>,
    /// Defaults to `active`.
    #[serde(default)]
    pub status: Option<PersonStatus>,
    /// part_time, reserve, supervisor, sro, k9_handler, instructor (or a flag the rules name).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = json!(["sro"])))]
    pub role_flags: Vec<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date, example = "2015-05-01"))]
    pub hire_date: Option<Date>,
    /// Basic certification date (cycles in some states are anchored on it).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub certified_on: Option<Date>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date, example = "2023-07-01"))]
    pub license_cycle_start: Option<Date>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date, example = "2026-06-30"))]
    pub license_cycle_end: Option<Date>,
    /// The first day from which the records given are complete: periods that started earlier
    /// are not judged. Without it every period is judged on the records given.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date, example = "2023-07-01"))]
    pub records_complete_from: Option<Date>,
}

/// Completed training.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WhatIfRecord {
    /// Named in the report's `counted`; records without one are numbered
    /// `00000000-0000-0000-0000-000000000001`, `…02` and so on, in the order given.
    #[serde(default)]
    pub id: Option<Uuid>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date, example = "2024-05-01"))]
    pub completed_on: Date,
    /// Decimal hours by topic code (the codes `GET /jurisdictions/{code}` lists).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = json!({ "general": 40, "crisis_intervention": 2.5 })))]
    pub hours: BTreeMap<String, f64>,
    /// Events that earn no hours, e.g. `firearms_qualification`.
    #[serde(default)]
    pub events: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WhatIfCredential {
    /// Numbered like records when omitted.
    #[serde(default)]
    pub id: Option<Uuid>,
    #[cfg_attr(feature = "openapi", schema(example = "first_aid_cpr"))]
    pub credential_type: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub issued_on: Date,
    /// The last day it is valid; never expires if omitted.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub expires_on: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WhatIfPolicyVersion {
    pub policy: String,
    pub version: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub assigned_on: Date,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WhatIfAcknowledgement {
    /// Numbered like records when omitted.
    #[serde(default)]
    pub id: Option<Uuid>,
    pub policy: String,
    pub version: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub acknowledged_on: Date,
}

/// A waiver, extension or reduction of one requirement for one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WhatIfWaiver {
    /// Numbered like records when omitted; of two waivers for one period the higher id wins.
    #[serde(default)]
    pub id: Option<Uuid>,
    #[cfg_attr(feature = "openapi", schema(example = "mn.ce.total"))]
    pub requirement_id: String,
    /// The due date of the period it applies to.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub period_due: Date,
    pub effect: WaiverEffectDto,
}

/// The report of a what-if evaluation: `GET /people/{id}/compliance`'s report, for no one on
/// the roster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WhatIfReportDto {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub as_of: Date,
    pub status: ComplianceStatus,
    pub jurisdiction: String,
    /// The versions of the jurisdiction's rules the person's periods fall under on `as_of`,
    /// oldest first: each rule comes from the version its current period (or the previous
    /// period, while a shortfall there may remain) began under.
    pub rule_set_versions: Vec<u32>,
    pub requirements: Vec<RequirementResultDto>,
    /// The next day the verdict changes by the passing of time alone.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub next_change_at: Option<Date>,
    /// Every period of every hours requirement the engine settles on `as_of` (at most the
    /// eight closed periods before the current one), as `GET /people/{id}/compliance/history`
    /// gives them.
    pub history: Vec<PeriodHistoryDto>,
}
