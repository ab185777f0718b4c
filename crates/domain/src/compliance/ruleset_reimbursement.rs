//! A state's reimbursement of the agency's training costs, as data in its rule set
//! (`[reimbursement]`): every fact with the sources that state it and, where they leave it
//! open or disagree, what is unconfirmed. A new fiscal year's allocation or a new year's
//! funding percent is a change of data, not of code. The computations that use these facts
//! are in `crate::reimbursement`.

use std::collections::BTreeSet;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The state's reimbursement program, by the way it pays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "program", rename_all = "snake_case")]
pub enum Reimbursement {
    /// Minnesota (Rule 6700.1800): the legislative allocation in equal shares per eligible
    /// officer, applied for once a fiscal year.
    EqualShares(Box<EqualShares>),
    /// Ohio (OAC 109:2-18-04): each officer's base hourly rate times the qualifying hours of
    /// the year's continuing professional training.
    HourlyRate(Box<HourlyRate>),
    /// No program was found for the state: said with the sources searched, so the page can
    /// say so rather than stay silent.
    NoneFound(Fact),
}

/// A fact as the sources state it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// The fact in a sentence, as shown beside the figures.
    pub statement: String,
    /// Source ids, each one of the document's `sources`.
    pub citations: Vec<String>,
    /// What the sources leave open or disagree on; shown beside the fact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unconfirmed: Option<String>,
}

/// A minimum (months, hours) with its sources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Minimum {
    /// Whole months or whole hours, as the fact says.
    #[schemars(range(min = 0, max = 1000))]
    pub minimum: u16,
    pub statement: String,
    pub citations: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unconfirmed: Option<String>,
}

/// A day of the year after the period, by which something is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DueDay {
    #[schemars(range(min = 1, max = 12))]
    pub month: u8,
    #[schemars(range(min = 1, max = 31))]
    pub day: u8,
    pub statement: String,
    pub citations: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unconfirmed: Option<String>,
}

/// The month a fiscal year starts in; the year is named by the calendar year it ends in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct YearStart {
    #[schemars(range(min = 1, max = 12))]
    pub start_month: u8,
    pub statement: String,
    pub citations: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unconfirmed: Option<String>,
}

/// One fiscal year's legislative allocation, where known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Allocation {
    /// The fiscal year, named by the calendar year it ends in.
    #[schemars(range(min = 1990, max = 2199))]
    pub fiscal_year: i32,
    /// The statewide amount to share, in cents.
    #[schemars(range(min = 0))]
    pub allocation_cents: i64,
    /// The eligible officers statewide the allocation is shared among, once known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eligible_officers_statewide: Option<u32>,
    pub citations: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unconfirmed: Option<String>,
}

/// Minnesota's program: who is an eligible officer, what the application holds, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EqualShares {
    pub title: String,
    pub citations: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unconfirmed: Option<String>,
    pub fiscal_year: YearStart,
    /// The application's due day after the fiscal year ends.
    pub due: DueDay,
    /// The application is due even when no money is requested.
    pub required_without_request: Fact,
    /// An eligible officer holds a licence.
    pub licensed: Fact,
    /// Months with the same agency in the fiscal year.
    pub months_with_agency: Minimum,
    /// Hours (credits) of approved continuing education in the fiscal year.
    pub credits: Minimum,
    pub part_time_officers: Fact,
    /// Only one unit may claim an officer.
    pub one_unit: Fact,
    /// How the money is shared.
    pub amount: Fact,
    /// Which of the agency's costs the application counts.
    pub costs: Fact,
    pub payment: Fact,
    /// The chief law enforcement officer's affirmation, printed for signature.
    pub affirmation: Fact,
    /// Allocations of the fiscal years for which one is known.
    #[serde(default)]
    pub allocations: Vec<Allocation>,
}

/// One year's share of the computed amount that the state pays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Funding {
    #[schemars(range(min = 1990, max = 2199))]
    pub year: i32,
    /// Percent of the computed amount, 0 to 100.
    #[schemars(range(min = 0, max = 100))]
    pub percent: u8,
    /// The state pays up to this percent (less if funds fall short).
    #[serde(default)]
    pub up_to: bool,
    pub citations: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unconfirmed: Option<String>,
}

/// Topics whose hours do not qualify.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExcludedTopics {
    /// Topic codes, each one of the document's `topics`.
    pub topics: Vec<String>,
    pub statement: String,
    pub citations: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unconfirmed: Option<String>,
}

/// Ohio's program: base hourly rate times qualifying hours, capped, at a funded percent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HourlyRate {
    pub title: String,
    pub citations: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unconfirmed: Option<String>,
    /// The year the hours are counted over (January to December: `start_month = 1`).
    pub year: YearStart,
    /// Which appointing authorities are reimbursed.
    pub authorities: Fact,
    /// How an officer's amount is computed.
    pub rate: Fact,
    /// The most hours reimbursed per officer and year.
    pub maximum_hours: Minimum,
    pub excluded_topics: ExcludedTopics,
    /// Officers in the calendar year they completed basic training.
    pub academy_year: Fact,
    /// The percent funded, for the years for which it is known.
    #[serde(default)]
    pub funding: Vec<Funding>,
}

impl HourlyRate {
    pub fn funding_for(&self, year: i32) -> Option<&Funding> {
        self.funding.iter().find(|f| f.year == year)
    }
}

impl EqualShares {
    pub fn allocation_for(&self, fiscal_year: i32) -> Option<&Allocation> {
        self.allocations
            .iter()
            .find(|a| a.fiscal_year == fiscal_year)
    }
}

/// Checks the program against the document's sources and topics; `err(field, problem)`.
pub(super) fn validate(
    program: &Reimbursement,
    sources: &BTreeSet<&str>,
    topics: &BTreeSet<&str>,
    err: &mut impl FnMut(Option<&str>, Option<&str>, String),
) {
    let mut cited = |field: &str, citations: &[String]| {
        if citations.iter().all(|c| c.trim().is_empty()) {
            err(
                Some("reimbursement"),
                Some(field),
                "has no citation: every fact cites its source".into(),
            );
        }
        for c in citations.iter().filter(|c| !sources.contains(c.as_str())) {
            err(
                Some("reimbursement"),
                Some(field),
                format!("cites {c}, which is not among the sources"),
            );
        }
    };
    let mut problems: Vec<(String, String)> = Vec::new();
    match program {
        Reimbursement::EqualShares(p) => {
            cited("reimbursement.citations", &p.citations);
            cited(
                "reimbursement.fiscal_year.citations",
                &p.fiscal_year.citations,
            );
            cited("reimbursement.due.citations", &p.due.citations);
            let facts = [
                ("required_without_request", &p.required_without_request),
                ("licensed", &p.licensed),
                ("part_time_officers", &p.part_time_officers),
                ("one_unit", &p.one_unit),
                ("amount", &p.amount),
                ("costs", &p.costs),
                ("payment", &p.payment),
                ("affirmation", &p.affirmation),
            ];
            for (name, fact) in facts {
                cited(&format!("reimbursement.{name}.citations"), &fact.citations);
            }
            cited(
                "reimbursement.months_with_agency.citations",
                &p.months_with_agency.citations,
            );
            cited("reimbursement.credits.citations", &p.credits.citations);
            if !(1..=12).contains(&p.months_with_agency.minimum) {
                problems.push((
                    "reimbursement.months_with_agency.minimum".into(),
                    "must be 1 to 12 months".into(),
                ));
            }
            let mut years = BTreeSet::new();
            for (i, a) in p.allocations.iter().enumerate() {
                cited(
                    &format!("reimbursement.allocations[{i}].citations"),
                    &a.citations,
                );
                if !years.insert(a.fiscal_year) {
                    problems.push((
                        format!("reimbursement.allocations[{i}].fiscal_year"),
                        format!("fiscal year {} is listed twice", a.fiscal_year),
                    ));
                }
                if a.allocation_cents < 0 || !(1990..=2199).contains(&a.fiscal_year) {
                    problems.push((
                        format!("reimbursement.allocations[{i}]"),
                        "needs a fiscal year from 1990 to 2199 and an amount of 0 or more".into(),
                    ));
                }
            }
            year_start(
                "reimbursement.fiscal_year.start_month",
                &p.fiscal_year,
                &mut problems,
            );
            if !valid_day(p.due.month, p.due.day) {
                problems.push((
                    "reimbursement.due.day".into(),
                    format!("{}/{} is not a day of the year", p.due.month, p.due.day),
                ));
            }
        }
        Reimbursement::HourlyRate(p) => {
            cited("reimbursement.citations", &p.citations);
            cited("reimbursement.year.citations", &p.year.citations);
            for (name, fact) in [
                ("authorities", &p.authorities),
                ("rate", &p.rate),
                ("academy_year", &p.academy_year),
            ] {
                cited(&format!("reimbursement.{name}.citations"), &fact.citations);
            }
            cited(
                "reimbursement.maximum_hours.citations",
                &p.maximum_hours.citations,
            );
            cited(
                "reimbursement.excluded_topics.citations",
                &p.excluded_topics.citations,
            );
            for t in p
                .excluded_topics
                .topics
                .iter()
                .filter(|t| !topics.contains(t.as_str()))
            {
                problems.push((
                    "reimbursement.excluded_topics.topics".into(),
                    format!("excludes topic {t}, which is not among the topics"),
                ));
            }
            let mut years = BTreeSet::new();
            for (i, f) in p.funding.iter().enumerate() {
                cited(
                    &format!("reimbursement.funding[{i}].citations"),
                    &f.citations,
                );
                if !years.insert(f.year) {
                    problems.push((
                        format!("reimbursement.funding[{i}].year"),
                        format!("year {} is listed twice", f.year),
                    ));
                }
                if f.percent > 100 || !(1990..=2199).contains(&f.year) {
                    problems.push((
                        format!("reimbursement.funding[{i}]"),
                        "needs a year from 1990 to 2199 and a percent from 0 to 100".into(),
                    ));
                }
            }
            year_start("reimbursement.year.start_month", &p.year, &mut problems);
        }
        Reimbursement::NoneFound(fact) => cited("reimbursement.citations", &fact.citations),
    }
    for (field, problem) in problems {
        err(Some("reimbursement"), Some(&field), problem);
    }
}

fn year_start(field: &str, start: &YearStart, problems: &mut Vec<(String, String)>) {
    if !(1..=12).contains(&start.start_month) {
        problems.push((
            field.into(),
            format!("{} is not a month", start.start_month),
        ));
    }
}

fn valid_day(month: u8, day: u8) -> bool {
    time::Month::try_from(month)
        .ok()
        // A leap year, so that February 29 is a day that exists in some years.
        .and_then(|m| time::Date::from_calendar_date(2024, m, day).ok())
        .is_some()
}
