//! Minnesota's agency training reimbursement (Minn. R. 6700.1800): which officers are
//! eligible in a fiscal year, and why; which unit may claim an officer two units employed;
//! the agency's share where the allocation is known; the application's due day.

use time::Date;

use super::Reason;
use super::fiscal::{FiscalYear, FiscalYearError, whole_months};
use crate::compliance::Minutes;
use crate::compliance::ruleset_reimbursement::EqualShares;

/// What the agency knows of one officer for the fiscal year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Officer {
    pub licence_number: Option<String>,
    pub hire_date: Option<Date>,
    /// The last day with the agency; none while still employed.
    pub separated_on: Option<Date>,
    pub part_time: bool,
    /// Verified training: the day and its creditable minutes.
    pub training: Vec<(Date, Minutes)>,
    /// The agency recorded that another unit claims the officer for this fiscal year.
    pub claimed_elsewhere: bool,
}

/// An officer's eligibility with every reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Eligibility {
    pub eligible: bool,
    /// Whole months with the agency in the fiscal year.
    pub months: u16,
    /// Credits earned in the fiscal year while with the agency.
    pub credits: Minutes,
    pub reasons: Vec<Reason>,
}

/// The fiscal year ending in `end_year`, as the program counts it.
pub fn fiscal_year(program: &EqualShares, end_year: i32) -> Result<FiscalYear, FiscalYearError> {
    FiscalYear::new(end_year, program.fiscal_year.start_month)
}

/// The day the application for `year` is due.
pub fn due_on(program: &EqualShares, year: FiscalYear) -> Date {
    year.first_after(program.due.month, program.due.day)
}

/// Whether an officer is an eligible officer of the agency for the fiscal year, with every
/// reason (each condition is judged, not only the first that fails).
pub fn eligibility(program: &EqualShares, year: FiscalYear, officer: &Officer) -> Eligibility {
    let mut reasons = Vec::new();
    let licensed = officer
        .licence_number
        .as_deref()
        .is_some_and(|n| !n.trim().is_empty());
    let fact = &program.licensed;
    reasons.push(Reason::new(
        "licensed",
        licensed,
        match &officer.licence_number {
            Some(n) if licensed => format!("Licensed: licence number {}.", n.trim()),
            _ => "No licence number on file.".into(),
        },
        &fact.citations,
        &fact.unconfirmed,
    ));

    let span = employed_span(year, officer);
    let months = span.map_or(0, |(from, to)| whole_months(year, from, to));
    let needed = program.months_with_agency.minimum;
    let fact = &program.months_with_agency;
    let sentence = match (officer.hire_date, span) {
        (None, _) => "No hire date on file: months with the agency cannot be counted.".into(),
        (Some(_), None) => format!("Not with the agency during {}.", year.label()),
        (Some(_), Some((from, to))) => format!(
            "{months} whole month{} with the agency in {} ({from} to {to}); {needed} needed.",
            plural(months),
            year.label()
        ),
    };
    reasons.push(Reason::new(
        "months_with_agency",
        months >= needed,
        sentence,
        &fact.citations,
        &fact.unconfirmed,
    ));

    let credits: Minutes = span
        .map(|(from, to)| {
            officer
                .training
                .iter()
                .filter(|(day, _)| (from..=to).contains(day))
                .map(|(_, minutes)| *minutes)
                .sum()
        })
        .unwrap_or_default();
    let fact = &program.credits;
    let needed_credits = Minutes::from_hours(u32::from(fact.minimum));
    reasons.push(Reason::new(
        "credits",
        credits >= needed_credits,
        format!(
            "{credits} credits of verified training in {} while with the agency; {} needed.",
            year.label(),
            fact.minimum
        ),
        &fact.citations,
        &fact.unconfirmed,
    ));

    let fact = &program.one_unit;
    reasons.push(Reason::new(
        "one_unit",
        !officer.claimed_elsewhere,
        if officer.claimed_elsewhere {
            format!(
                "Claimed by another unit for {}: not claimed here.",
                year.label()
            )
        } else {
            "Not recorded as claimed by another unit.".into()
        },
        &fact.citations,
        &fact.unconfirmed,
    ));
    if officer.part_time {
        let fact = &program.part_time_officers;
        reasons.push(Reason::new(
            "part_time",
            true,
            "Part-time: counts like a full-time officer.".into(),
            &fact.citations,
            &fact.unconfirmed,
        ));
    }
    Eligibility {
        eligible: reasons.iter().all(|r| r.met),
        months,
        credits,
        reasons,
    }
}

/// The days of the fiscal year the officer was with the agency, if any.
fn employed_span(year: FiscalYear, officer: &Officer) -> Option<(Date, Date)> {
    let hired = officer.hire_date?;
    let from = hired.max(year.start());
    let to = officer.separated_on.unwrap_or(year.end()).min(year.end());
    (from <= to).then_some((from, to))
}

fn plural(n: u16) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// One unit's claim to an officer for a fiscal year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitClaim {
    /// Whole months the officer was with the unit in the fiscal year.
    pub months: u16,
    /// Credits earned there in the fiscal year.
    pub credits: Minutes,
    /// The unit means to claim the officer.
    pub claims: bool,
}

/// Which unit may claim an officer, given every unit that employed him or her.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimDecision {
    /// No unit that means to claim the officer is eligible to.
    Nobody,
    /// This unit (by index) and no other.
    One(usize),
    /// Several eligible units mean to claim the officer: only one may (Rule 6700.1800);
    /// the others must record the officer as claimed elsewhere.
    Conflict(Vec<usize>),
}

/// Only one unit may claim an officer [MN-19]. A unit may claim when the officer is eligible
/// there (months and credits); two eligible units that both claim are a conflict for them to
/// settle, since the sources do not say which one it is.
pub fn who_claims(program: &EqualShares, units: &[UnitClaim]) -> ClaimDecision {
    let needed = Minutes::from_hours(u32::from(program.credits.minimum));
    let claimants: Vec<usize> = units
        .iter()
        .enumerate()
        .filter(|(_, u)| {
            u.claims && u.months >= program.months_with_agency.minimum && u.credits >= needed
        })
        .map(|(i, _)| i)
        .collect();
    match claimants.as_slice() {
        [] => ClaimDecision::Nobody,
        [one] => ClaimDecision::One(*one),
        _ => ClaimDecision::Conflict(claimants),
    }
}

/// The agency's share of a fiscal year's allocation, where the allocation and the statewide
/// count of eligible officers are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Share {
    pub per_officer_cents: i64,
    pub total_cents: i64,
    pub citations: Vec<String>,
    pub unconfirmed: Option<String>,
}

/// Equal shares: the allocation divided by the eligible officers statewide, times the
/// agency's eligible officers, and never more than the agency's costs [MN-22].
pub fn share(
    program: &EqualShares,
    year: FiscalYear,
    eligible: usize,
    costs_cents: i64,
) -> Option<Share> {
    let allocation = program.allocation_for(year.end_year())?;
    let statewide = i64::from(allocation.eligible_officers_statewide?.max(1));
    let per_officer_cents = allocation.allocation_cents / statewide;
    let eligible = i64::try_from(eligible).unwrap_or(i64::MAX);
    let total_cents = per_officer_cents
        .saturating_mul(eligible)
        .min(costs_cents.max(0));
    Some(Share {
        per_officer_cents,
        total_cents,
        citations: allocation.citations.clone(),
        unconfirmed: allocation.unconfirmed.clone(),
    })
}
