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
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusCountsDto {
    pub people: u32,
    pub compliant: u32,
    pub at_risk: u32,
    pub non_compliant: u32,
    pub not_applicable: u32,
    pub rate: Option<f64>,
}

/// What the compliance rate counts, in the words the pages print beside it (the rule is
/// `confitrek_domain::dashboard::Counts::rate`).
pub const RATE_DEFINITION: &str = "The compliance rate is the share of the people with requirements who have missed no deadline: those compliant and those at risk (a deadline is near and not yet met). People without requirements are not counted.";

impl StatusCountsDto {
    /// The people with requirements: those the rate is a share of.
    pub fn judged(&self) -> u32 {
        self.compliant + self.at_risk + self.non_compliant
    }

    /// `n` as a share of the people with requirements; `None` when there are none.
    pub fn share(&self, n: u32) -> Option<f64> {
        let judged = self.judged();
        (judged > 0).then(|| f64::from(n) / f64::from(judged))
    }
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
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
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

/// A requirement a person lacks: overdue, at risk, or (as a person's worst open
/// requirement) still pending.
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

#[cfg(test)]
mod tests {
    use super::StatusCountsDto;

    #[test]
    fn the_rate_and_the_shares_of_at_risk_and_compliant_are_told_apart() {
        // A policy revision left 18 of 20 people at risk: none has missed a deadline, so the
        // rate is whole, and the page says beside it that 90% are at risk.
        let counts = StatusCountsDto {
            people: 21,
            compliant: 2,
            at_risk: 18,
            non_compliant: 0,
            not_applicable: 1,
            rate: Some(1.0),
        };
        assert_eq!(
            counts.judged(),
            20,
            "the civilian without requirements is left out"
        );
        assert_eq!(counts.share(counts.at_risk), Some(0.9));
        assert_eq!(counts.share(counts.compliant), Some(0.1));
        assert_eq!(counts.share(counts.non_compliant), Some(0.0));
        let nobody = StatusCountsDto {
            people: 1,
            compliant: 0,
            at_risk: 0,
            non_compliant: 0,
            not_applicable: 1,
            rate: None,
        };
        assert_eq!(nobody.share(0), None);
    }
}
