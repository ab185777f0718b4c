use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

use crate::{ComplianceStatus, RequirementStatus};

/// Whose verdicts a dashboard folds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DashboardScope {
    /// Everyone on the agency's roster (coordinators, admins).
    Agency,
    /// One unit (a supervisor's own, or the unit a coordinator drilled into).
    Unit,
    /// Only the caller (officers).
    Person,
}

/// People by overall status, and the share of those with requirements who are compliant or
/// at risk (not yet out of compliance); `rate` is absent when nobody has requirements.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusCountsDto {
    pub people: u32,
    pub compliant: u32,
    pub at_risk: u32,
    pub non_compliant: u32,
    pub not_applicable: u32,
    pub rate: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitRowDto {
    /// Absent for people without a unit.
    pub unit: Option<String>,
    pub counts: StatusCountsDto,
}

/// People by the status of one requirement (or of the requirements counting one topic):
/// `rate` is the share of those it binds who are not overdue.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequirementCountsDto {
    pub people: u32,
    pub met: u32,
    pub pending: u32,
    pub at_risk: u32,
    pub overdue: u32,
    pub waived: u32,
    pub rate: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequirementRowDto {
    pub requirement_id: String,
    pub title: String,
    pub topics: Vec<String>,
    pub counts: RequirementCountsDto,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicRowDto {
    pub topic: String,
    /// The topic's title in the agency's rule set (or its own topics); the code if unknown.
    pub title: String,
    pub counts: RequirementCountsDto,
}

/// A requirement a person lacks: overdue, or at risk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LackingDto {
    pub requirement_id: String,
    pub title: String,
    pub status: RequirementStatus,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub due: Option<Date>,
    pub remaining: f64,
    /// `hours` or `count`.
    pub unit: String,
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttentionDto {
    pub person_id: Uuid,
    pub name: String,
    pub badge: String,
    pub unit: Option<String>,
    pub status: ComplianceStatus,
    pub lacking: Vec<LackingDto>,
}

/// The compliance picture of the people in view, folded from their stored verdicts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DashboardDto {
    /// The agency's today: the day the verdicts speak of.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub as_of: Date,
    pub scope: DashboardScope,
    /// The unit in view, when `scope` is `unit`.
    pub unit: Option<String>,
    pub totals: StatusCountsDto,
    /// By unit name; people without a unit last.
    pub units: Vec<UnitRowDto>,
    /// The worst rate first.
    pub requirements: Vec<RequirementRowDto>,
    /// The worst rate first.
    pub topics: Vec<TopicRowDto>,
    /// Non-compliant people first, then those at risk; the soonest deadline first. At most
    /// `limit` of them (see `attention_total`).
    pub attention: Vec<AttentionDto>,
    pub attention_total: u32,
}
