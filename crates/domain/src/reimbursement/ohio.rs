//! Ohio's CPT reimbursement (OAC 109:2-18-04): per officer, the base hourly rate in effect
//! on each training day times the qualifying hours, the first hours of the year up to the
//! cap in date order, then the year's funded percent.

use std::collections::BTreeMap;

use time::Date;
use uuid::Uuid;

use super::fiscal::{FiscalYear, FiscalYearError};
use super::{Reason, percent_of};
use crate::compliance::ruleset_reimbursement::HourlyRate;
use crate::compliance::{Minutes, RuleSet};

/// A base hourly rate from a day on, until the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PayRate {
    pub effective_from: Date,
    pub hourly_cents: i64,
}

/// A training record: its qualifying minutes (see [`qualifying_minutes`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Training {
    pub id: Uuid,
    pub completed_on: Date,
    pub qualifying: Minutes,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Officer {
    /// The day basic training was completed (the certificate), if known.
    pub certified_on: Option<Date>,
    pub training: Vec<Training>,
    pub rates: Vec<PayRate>,
}

/// One record's part of the computation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub record: Uuid,
    pub completed_on: Date,
    /// Minutes of the record that count (after the cap).
    pub counted: Minutes,
    /// The rate in effect on the record's day; none if no rate was on file.
    pub hourly_cents: Option<i64>,
    /// `counted` at that rate, rounded to the cent.
    pub amount_cents: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Computation {
    pub exempt: bool,
    /// Qualifying minutes in the year, before the cap.
    pub qualifying: Minutes,
    /// Minutes reimbursed: at most the cap.
    pub counted: Minutes,
    pub lines: Vec<Line>,
    /// Counted hours at the officer's rates; none if a counted hour has no rate on file.
    pub base_cents: Option<i64>,
    /// The year's funded percent, if known.
    pub funding_percent: Option<u8>,
    /// `base_cents` at the funded percent.
    pub reimbursable_cents: Option<i64>,
    pub reasons: Vec<Reason>,
}

pub fn year(program: &HourlyRate, year: i32) -> Result<FiscalYear, FiscalYearError> {
    FiscalYear::new(year, program.year.start_month)
}

/// The minutes of a record that qualify: in creditable topics of the rule set, less the
/// topics the program excludes (the firearms requalification [OH-15]).
pub fn qualifying_minutes(
    program: &HourlyRate,
    rules: &RuleSet,
    minutes_by_topic: &BTreeMap<String, Minutes>,
) -> Minutes {
    minutes_by_topic
        .iter()
        .filter(|(code, _)| {
            rules
                .topics
                .iter()
                .any(|t| t.creditable && &t.code == *code)
                && !program.excluded_topics.topics.contains(code)
        })
        .map(|(_, m)| *m)
        .sum()
}

/// The rate in effect on a day: the latest one from that day or before.
pub fn rate_on(rates: &[PayRate], day: Date) -> Option<i64> {
    rates
        .iter()
        .filter(|r| r.effective_from <= day)
        .max_by_key(|r| r.effective_from)
        .map(|r| r.hourly_cents)
}

/// One officer's reimbursement for a year.
pub fn compute(program: &HourlyRate, year: FiscalYear, officer: &Officer) -> Computation {
    let mut reasons = Vec::new();
    let exempt = officer.certified_on.is_some_and(|d| year.contains(d));
    let mut training: Vec<&Training> = officer
        .training
        .iter()
        .filter(|t| year.contains(t.completed_on) && t.qualifying > Minutes::ZERO)
        .collect();
    training.sort_by_key(|t| (t.completed_on, t.id));
    let qualifying: Minutes = training.iter().map(|t| t.qualifying).sum();
    let cap = if exempt {
        Minutes::ZERO
    } else {
        Minutes::from_hours(u32::from(program.maximum_hours.minimum))
    };
    let mut left = cap;
    let mut lines = Vec::new();
    // Cent-minutes, so that a total is rounded once.
    let mut exact: Option<i128> = Some(0);
    for t in training {
        let counted = t.qualifying.min(left);
        left = left - counted;
        let hourly_cents = rate_on(&officer.rates, t.completed_on);
        let product = hourly_cents.map(|r| i128::from(r) * i128::from(counted.0));
        if counted > Minutes::ZERO {
            exact = exact.zip(product).map(|(a, b)| a + b);
        }
        lines.push(Line {
            record: t.id,
            completed_on: t.completed_on,
            counted,
            hourly_cents,
            amount_cents: product.map(round_minutes),
        });
    }
    let counted = cap.min(qualifying);
    if exempt {
        let fact = &program.academy_year;
        reasons.push(Reason::new(
            "academy_year",
            false,
            format!(
                "Completed basic training in {}: exempt from CPT that year, no hours reimbursed.",
                year.label()
            ),
            &fact.citations,
            &fact.unconfirmed,
        ));
    }
    let fact = &program.maximum_hours;
    reasons.push(Reason::new(
        "maximum_hours",
        true,
        if qualifying > counted && !exempt {
            format!(
                "{qualifying} qualifying hours; the first {} in date order are reimbursed.",
                fact.minimum
            )
        } else {
            format!(
                "{counted} qualifying hours reimbursed (at most {}).",
                fact.minimum
            )
        },
        &fact.citations,
        &fact.unconfirmed,
    ));
    let missing_rate: Vec<Date> = lines
        .iter()
        .filter(|l| l.counted > Minutes::ZERO && l.hourly_cents.is_none())
        .map(|l| l.completed_on)
        .collect();
    let fact = &program.rate;
    reasons.push(Reason::new(
        "rate",
        missing_rate.is_empty(),
        match missing_rate.first() {
            Some(day) => {
                format!("No base hourly rate on file for {day}: enter the officer's rate.")
            }
            None => "Base hourly rate in effect on each training day.".into(),
        },
        &fact.citations,
        &fact.unconfirmed,
    ));
    let base_cents = exact.map(round_minutes);
    let funding = program.funding_for(year.end_year());
    let funding_percent = funding.map(|f| f.percent);
    reasons.push(match funding {
        Some(f) => Reason::new(
            "funding",
            true,
            format!(
                "{}{}% funded for {}.",
                if f.up_to { "Up to " } else { "" },
                f.percent,
                year.label()
            ),
            &f.citations,
            &f.unconfirmed,
        ),
        None => Reason {
            code: "funding",
            met: false,
            sentence: format!(
                "No funding percent is known for {}: the amount at 100% is shown.",
                year.label()
            ),
            citations: program.citations.clone(),
            unconfirmed: Some(format!(
                "The share of {} CPT the state funds was not found; confirm with OPOTC.",
                year.label()
            )),
        },
    });
    Computation {
        exempt,
        qualifying,
        counted,
        lines,
        base_cents,
        funding_percent,
        reimbursable_cents: base_cents
            .zip(funding_percent)
            .map(|(b, p)| percent_of(b, p)),
        reasons,
    }
}

/// Cent-minutes to cents, half up.
fn round_minutes(cent_minutes: i128) -> i64 {
    ((cent_minutes + 30).div_euclid(60))
        .try_into()
        .unwrap_or(i64::MAX)
}
