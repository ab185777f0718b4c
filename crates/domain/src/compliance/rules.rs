//! Requirement primitives. Every state's rules are composed from these; each exists because
//! a real rule needs it (see the rule sets for the citations).

use serde::{Deserialize, Serialize};
use time::Date;

use super::amounts::Minutes;
use crate::people::PersonStatus;

/// The window a requirement is judged over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PeriodRule {
    /// The person's own licence cycle of `years` years ending on `end_month`/`end_day`
    /// (Minnesota: three years to June 30). Taken from the person's recorded cycle; without
    /// one, the first cycle runs from the hire date to the end date of the
    /// `first_cycle_years`-th calendar year after the hire year.
    LicenseCycle {
        years: u8,
        end_month: u8,
        end_day: u8,
        first_cycle_years: u8,
    },
    /// A cycle of `years` calendar years anchored on the certification date, snapped by
    /// half-year: certified January–June, the first cycle starts January 1 of that year;
    /// July–December, January 1 of the next (Oregon, OAR 259-008-0065(5)).
    CertificationCycle { years: u8 },
    /// January 1 – December 31 (Indiana, Ohio; annual parts of multi-year rules).
    CalendarYear,
    /// Twelve months from `start_month` 1 (Minnesota's fiscal year starts July 1).
    FiscalYear { start_month: u8 },
    /// The last `months` months, rolling: something done once every N months (Minnesota
    /// EVOC: 8 hours every 5 years).
    Rolling { months: u16 },
    /// At all times: a credential that must be current every day (Oregon first aid / CPR).
    AtAllTimes,
}

/// What must be achieved within the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Measure {
    /// Hours in any of `topics` (empty: every creditable topic, i.e. the total). The same
    /// hour counts toward every requirement whose topics include it.
    Hours {
        topics: Vec<String>,
        minimum: Minutes,
    },
    /// At least `count` of `topics`, each with `minimum_each` hours (Ohio 2022: three of six
    /// categories at four hours each).
    TopicsChosen {
        topics: Vec<String>,
        count: u8,
        minimum_each: Minutes,
    },
    /// An event that earns no hours, e.g. a firearms requalification (Ohio ORC 109.801).
    Event { event: String },
    /// A credential of this type current on the day (not expired).
    Credential { credential_type: String },
}

/// When a requirement new in a rule set starts to bind a person.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Binding {
    /// In every period that ends on or after `effective_from`.
    #[default]
    Immediately,
    /// Only from the person's first period that starts on or after `effective_from`
    /// (Minnesota: a new mandate binds from the officer's next full cycle; 626.8469,
    /// 626.8474, 626.8478).
    NextFullPeriod,
}

/// Who a requirement applies to. Empty lists mean "no restriction".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Applicability {
    /// Statuses it applies in; empty means active only.
    pub statuses: Vec<PersonStatus>,
    /// Applies only to people with at least one of these role flags (e.g. `sro`, `supervisor`).
    pub roles_any: Vec<String>,
    /// Does not apply to people with any of these role flags.
    pub roles_none: Vec<String>,
    /// Not in the calendar year the person completed basic training (Ohio, OAC
    /// 109:2-18-02(C)).
    pub exempt_in_certification_year: bool,
}

impl Applicability {
    pub fn applies(&self, status: PersonStatus, roles: &[String]) -> bool {
        let status_ok = if self.statuses.is_empty() {
            status == PersonStatus::Active
        } else {
            self.statuses.contains(&status)
        };
        status_ok
            && (self.roles_any.is_empty() || self.roles_any.iter().any(|r| roles.contains(r)))
            && !self.roles_none.iter().any(|r| roles.contains(r))
    }
}

/// One thing a person must satisfy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requirement {
    /// Stable id, e.g. `mn.mlo.crisis`.
    pub id: String,
    pub title: String,
    /// How a sentence names what is missing: "hours of {subject}", e.g. "crisis intervention".
    pub subject: String,
    /// Source ids or citations, e.g. `["MN-8", "Minn. Stat. 626.8469"]`.
    pub citations: Vec<String>,
    /// Set when the reference marks the fact unconfirmed: the note says what to confirm.
    pub unconfirmed: Option<String>,
    pub applies: Applicability,
    pub period: PeriodRule,
    pub measure: Measure,
    pub effective_from: Option<Date>,
    /// The last day it binds (exclusive of later periods): a mandate replaced by another.
    pub effective_until: Option<Date>,
    pub binding: Binding,
    /// Days after the due date before a shortfall counts as non-compliance.
    pub grace_days: u16,
}
