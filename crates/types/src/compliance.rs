use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

pub use confitrek_vocabulary::compliance::*;

/// One requirement's verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequirementResultDto {
    #[cfg_attr(feature = "openapi", schema(example = "mn.mlo.crisis"))]
    pub requirement_id: String,
    pub title: String,
    /// The topic codes (or the event) it counts; empty for a total of every topic, a
    /// credential or an acknowledgement.
    #[serde(default)]
    pub topics: Vec<String>,
    pub citations: Vec<SourceDto>,
    /// Set when the rule rests on a fact not yet confirmed with the state.
    pub unconfirmed: Option<String>,
    pub status: RequirementStatus,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub period_start: Option<Date>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub period_end: Option<Date>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub due: Option<Date>,
    /// `hours` or `count` (events, credentials, topics chosen).
    pub unit: String,
    pub required: f64,
    pub earned: f64,
    pub remaining: f64,
    /// The training records (or credential) that counted.
    pub counted: Vec<Uuid>,
    pub waiver_id: Option<Uuid>,
    #[cfg_attr(
        feature = "openapi",
        schema(example = "needs 4.0 more hours of crisis intervention by 2027-06-30")
    )]
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComplianceReportDto {
    pub person_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub as_of: Date,
    pub status: ComplianceStatus,
    /// The jurisdiction whose rules judged the person.
    pub jurisdiction: String,
    pub requirements: Vec<RequirementResultDto>,
    /// The next day the verdict changes by the passing of time alone.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub next_change_at: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicDto {
    pub code: String,
    pub title: String,
    /// Whether its hours count toward totals.
    pub creditable: bool,
}

/// A rule as the rules page shows it, in plain English with its sources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleDto {
    pub id: String,
    pub title: String,
    /// e.g. "6.0 hours of Crisis Intervention and Mental Illness Crises"
    pub measure: String,
    /// e.g. "per 3-year licence cycle ending June 30"
    pub period: String,
    /// e.g. "active people with role sro"
    pub applies_to: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub effective_from: Option<Date>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub effective_until: Option<Date>,
    /// True when a new rule binds only from a person's next full period.
    pub binds_from_next_full_period: bool,
    pub grace_days: u16,
    pub citations: Vec<SourceDto>,
    pub unconfirmed: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleSetVersionSummary {
    pub version: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub effective_from: Date,
    /// False for the version shipped with ConfiTrek.
    pub published: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JurisdictionSummary {
    #[cfg_attr(feature = "openapi", schema(example = "MN"))]
    pub code: String,
    pub name: String,
    pub current_version: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JurisdictionDetail {
    pub code: String,
    pub name: String,
    pub version: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub effective_from: Date,
    /// What the rule set does not model, in plain English.
    pub notes: Vec<String>,
    pub topics: Vec<TopicDto>,
    pub events: Vec<TopicDto>,
    pub rules: Vec<RuleDto>,
    pub sources: Vec<SourceDto>,
    pub versions: Vec<RuleSetVersionSummary>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WaiverEffectDto {
    /// The requirement does not bind for that period.
    Exempt,
    /// The due date moves later.
    ExtendDays { days: u16 },
    /// The requirement asks fewer hours (e.g. prorated for a leave of absence).
    ReduceHours { hours: f64 },
}

/// A waiver, extension or reduction of one requirement for one period of one person:
/// the state's own device (Indiana 250 IAC 2-7-4) or the agency's decision (a leave).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WaiverInput {
    #[cfg_attr(feature = "openapi", schema(example = "in.ce.total"))]
    pub requirement_id: String,
    /// The due date of the period it applies to, as the compliance report shows it.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub period_due: Date,
    pub effect: WaiverEffectDto,
    pub reason: String,
    /// Who approved it (name and title).
    pub approved_by: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WaiverDto {
    pub id: Uuid,
    pub person_id: Uuid,
    pub requirement_id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub period_due: Date,
    pub effect: WaiverEffectDto,
    pub reason: String,
    pub approved_by: String,
}

/// An agency's own requirement: its document (the form of a rule in a rule set, see
/// rules/README.md) and the same rule in plain English.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgencyRequirementDto {
    pub id: Uuid,
    /// The requirement's `id` in its document, e.g. `agency.taser_recert`.
    pub code: String,
    pub rule: RuleDto,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub document: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProfileInput {
    #[cfg_attr(feature = "openapi", schema(example = "K9 unit"))]
    pub name: String,
    /// Codes of agency requirements.
    pub requirement_codes: Vec<String>,
    pub assignment: Assignment,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProfileDto {
    pub id: Uuid,
    pub name: String,
    pub requirement_codes: Vec<String>,
    pub assignment: Assignment,
}

/// Hours a later record gave to a missed period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MadeUpDto {
    pub record_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub completed_on: Date,
    pub hours: f64,
}

/// One period of one hours requirement: its verdict on the deadline and today.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeriodHistoryDto {
    pub requirement_id: String,
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub period_start: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub period_end: Date,
    /// The deadline: the period's end, or a waiver's extension of it.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub due: Date,
    pub verdict: PeriodVerdict,
    pub required_hours: f64,
    /// Hours credited by the deadline (for the current period: so far).
    pub hours_by_deadline: f64,
    /// Hours short on the deadline.
    pub shortfall_hours: f64,
    /// The later records that made up the shortfall, oldest first; each of their hours counts
    /// toward this period only.
    pub made_up_by: Vec<MadeUpDto>,
    /// The day the last hour needed was completed, for a period made up late.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub made_up_on: Option<Date>,
    /// Hours still owed today.
    pub outstanding_hours: f64,
    /// What the missed deadline means for the person under the rules, for a missed period.
    pub consequence: Option<String>,
    pub waiver_id: Option<Uuid>,
    /// One sentence a coordinator can read aloud.
    pub explanation: String,
}

/// `GET /people/{id}/compliance/history`: every period of every hours requirement that
/// overlaps the range, oldest first within each requirement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComplianceHistoryDto {
    pub person_id: Uuid,
    /// The day the verdicts are read on: the agency's today.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub as_of: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub from: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub to: Date,
    pub periods: Vec<PeriodHistoryDto>,
    /// Periods in the range missed on their deadline.
    pub missed: u32,
    /// Of those, the ones made up since.
    pub made_up: u32,
}
