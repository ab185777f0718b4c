//! Requirement primitives. Every state's rules are composed from these; each exists because
//! a real rule needs it (see the rule sets for the citations).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::Date;

use super::amounts::Minutes;
use crate::people::PersonStatus;

/// The window a requirement is judged over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PeriodRule {
    /// The person's own licence cycle of `years` years ending on `end_month`/`end_day`
    /// (Minnesota: three years to June 30). Taken from the person's recorded cycle; without
    /// one, the first cycle runs from the hire date to the end date of the
    /// `first_cycle_years`-th calendar year after the hire year.
    LicenseCycle {
        #[schemars(range(min = 1))]
        years: u8,
        #[schemars(range(min = 1, max = 12))]
        end_month: u8,
        #[schemars(range(min = 1, max = 31))]
        end_day: u8,
        first_cycle_years: u8,
    },
    /// A cycle of `years` calendar years anchored on the certification date, snapped by
    /// half-year: certified January–June, the first cycle starts January 1 of that year;
    /// July–December, January 1 of the next (Oregon, OAR 259-008-0065(5)).
    CertificationCycle {
        #[schemars(range(min = 1))]
        years: u8,
    },
    /// January 1 – December 31 (Indiana, Ohio; annual parts of multi-year rules).
    CalendarYear,
    /// Twelve months from `start_month` 1 (Minnesota's fiscal year starts July 1).
    FiscalYear {
        #[schemars(range(min = 1, max = 12))]
        start_month: u8,
    },
    /// The last `months` months, rolling: something done once every N months (Minnesota
    /// EVOC: 8 hours every 5 years).
    Rolling {
        #[schemars(range(min = 1))]
        months: u16,
    },
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
    /// The newest version of a policy assigned to the person, acknowledged within
    /// `within_days` days of being assigned; a new version must be acknowledged again.
    Acknowledgement { policy: String, within_days: u16 },
}

impl Measure {
    /// The topic codes (or the event) the measure counts, as dashboards group by them.
    pub fn topics(&self) -> Vec<&str> {
        match self {
            Measure::Hours { topics, .. } | Measure::TopicsChosen { topics, .. } => {
                topics.iter().map(String::as_str).collect()
            }
            Measure::Event { event } => vec![event.as_str()],
            Measure::Credential { .. } | Measure::Acknowledgement { .. } => Vec::new(),
        }
    }
}

/// When a requirement new in a rule set starts to bind a person.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
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

/// Which of a person's periods a requirement judges: its current one, the one before (the
/// last closed period, whose shortfall stays outstanding until made up), or both. A rule-set
/// version governs the periods that began while it was in force, so after a new version a
/// requirement may judge only one of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodsJudged {
    #[default]
    Both,
    CurrentOnly,
    PreviousOnly,
}

/// What hours completed after a missed deadline do. No state lets one hour count toward two
/// periods of the same requirement.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LateHours {
    /// They make up the closed period's shortfall first and count there only; what is left
    /// over counts in the period they were completed in.
    MakeUp,
    /// They count only in the period they were completed in: a missed period stays missed.
    /// The stricter reading, for a state whose rules are silent.
    #[default]
    WhereEarned,
}

/// What a missed deadline means, as a rule set says it: whether late hours make it up, and
/// what follows for the person until they do.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MissedDeadline {
    /// Whether hours completed after the deadline make up the missed period's shortfall.
    #[serde(default)]
    pub late_hours: LateHours,
    /// What the missed deadline means for the person, in the state's terms, e.g. "the
    /// licence expires: no work as a peace officer until it is restored".
    #[serde(default)]
    pub consequence: Option<String>,
    /// Source ids of this reading.
    #[serde(default)]
    pub citations: Vec<String>,
    /// What the sources leave open about this reading.
    #[serde(default)]
    pub unconfirmed: Option<String>,
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
    /// For a person who starts (is hired) inside a period, ask only the share of the hours
    /// for the days left in it, rounded up to the quarter hour. Agencies choose this for
    /// their own requirements; state rules say instead when a first period begins.
    #[serde(default)]
    pub prorate_first_period: bool,
    /// What a missed deadline means; late hours count where earned unless the rule set says
    /// otherwise.
    #[serde(default)]
    pub missed: MissedDeadline,
    /// Set by [`crate::compliance::Jurisdiction::requirements_for`]; `Both` otherwise.
    #[serde(default)]
    pub judges: PeriodsJudged,
}

fn month_name(month: u8) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES
        .get(usize::from(month.saturating_sub(1)))
        .copied()
        .unwrap_or("?")
}

impl PeriodRule {
    /// Plain English, for the rules page.
    pub fn describe(&self) -> String {
        match self {
            PeriodRule::LicenseCycle {
                years,
                end_month,
                end_day,
                ..
            } => {
                format!(
                    "per {years}-year licence cycle ending {} {end_day}",
                    month_name(*end_month)
                )
            }
            PeriodRule::CertificationCycle { years } => {
                format!("per {years}-calendar-year cycle anchored on certification")
            }
            PeriodRule::CalendarYear => "per calendar year".into(),
            PeriodRule::FiscalYear { start_month } => {
                format!("per fiscal year starting {} 1", month_name(*start_month))
            }
            PeriodRule::Rolling { months: 12 } => "once a year".into(),
            PeriodRule::Rolling { months } if months % 12 == 0 => {
                format!("once every {} years", months / 12)
            }
            PeriodRule::Rolling { months } => format!("once every {months} months"),
            PeriodRule::AtAllTimes => "at all times".into(),
        }
    }
}

impl Measure {
    /// Plain English; `title` names a topic code.
    pub fn describe(&self, title: impl Fn(&str) -> String) -> String {
        let list = |topics: &[String]| {
            topics
                .iter()
                .map(|t| title(t))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self {
            Measure::Hours { topics, minimum } if topics.is_empty() => {
                format!("{minimum} hours in total")
            }
            Measure::Hours { topics, minimum } if topics.len() == 1 => {
                format!("{minimum} hours of {}", list(topics))
            }
            Measure::Hours { topics, minimum } => {
                format!("{minimum} hours across {}", list(topics))
            }
            Measure::TopicsChosen {
                topics,
                count,
                minimum_each,
            } => {
                format!(
                    "{minimum_each} hours in each of {count} of: {}",
                    list(topics)
                )
            }
            Measure::Event { event } => format!("one {}", title(event)),
            Measure::Credential { credential_type } => {
                format!("a current {}", title(credential_type))
            }
            Measure::Acknowledgement {
                policy,
                within_days,
            } => format!(
                "acknowledgement of each new version of {} within {within_days} days",
                title(policy)
            ),
        }
    }
}

impl Applicability {
    pub fn describe(&self) -> String {
        let statuses = if self.statuses.is_empty() {
            "active".to_owned()
        } else {
            self.statuses
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(" and ")
        };
        let mut text = format!("{statuses} people");
        if !self.roles_any.is_empty() {
            text.push_str(&format!(" with role {}", self.roles_any.join(" or ")));
        }
        if !self.roles_none.is_empty() {
            text.push_str(&format!(", except {}", self.roles_none.join(", ")));
        }
        if self.exempt_in_certification_year {
            text.push_str(", except in the year of basic certification");
        }
        text
    }
}
