//! Reimbursement at its edges, judged by the shipped Minnesota and Ohio rule sets.

use std::collections::BTreeMap;

use time::macros::date;
use uuid::Uuid;

use super::fiscal::{FiscalYear, whole_months};
use super::minnesota::{self, ClaimDecision, Officer, UnitClaim};
use super::ohio::{self, PayRate, Training};
use super::{dollars, percent_of};
use crate::compliance::ruleset_reimbursement::{
    Allocation, EqualShares, HourlyRate, Reimbursement,
};
use crate::compliance::{Minutes, RuleSet};

fn rules(file: &str, text: &str) -> RuleSet {
    match RuleSet::from_toml(file, text) {
        Ok(set) => set,
        Err(errors) => panic!("{file}: {errors:?}"),
    }
}

fn mn_rules() -> RuleSet {
    rules("mn.toml", include_str!("../../../../rules/mn.toml"))
}

fn oh_rules() -> RuleSet {
    rules("oh.toml", include_str!("../../../../rules/oh.toml"))
}

fn mn() -> EqualShares {
    match mn_rules().reimbursement {
        Some(Reimbursement::EqualShares(p)) => *p,
        other => panic!("Minnesota's program is equal shares, not {other:?}"),
    }
}

fn oh() -> HourlyRate {
    match oh_rules().reimbursement {
        Some(Reimbursement::HourlyRate(p)) => *p,
        other => panic!("Ohio's program is an hourly rate, not {other:?}"),
    }
}

fn fy(end: i32) -> FiscalYear {
    minnesota::fiscal_year(&mn(), end).unwrap()
}

fn hours(h: u32) -> Minutes {
    Minutes::from_hours(h)
}

/// An officer licensed, hired long ago, with 16 credits in FY2026.
fn officer() -> Officer {
    Officer {
        licence_number: Some("MN-48213".into()),
        hire_date: Some(date!(2015 - 05 - 01)),
        separated_on: None,
        part_time: false,
        training: vec![
            (date!(2025 - 09 - 10), hours(10)),
            (date!(2026 - 03 - 02), hours(6)),
        ],
        claimed_elsewhere: false,
    }
}

fn unmet(e: &minnesota::Eligibility) -> Vec<&'static str> {
    e.reasons
        .iter()
        .filter(|r| !r.met)
        .map(|r| r.code)
        .collect()
}

#[test]
fn fiscal_years_are_named_by_the_year_they_end_in() {
    let y = fy(2026);
    assert_eq!(
        (y.start(), y.end()),
        (date!(2025 - 07 - 01), date!(2026 - 06 - 30))
    );
    assert_eq!(y.label(), "FY2026");
    let cases = [
        (
            date!(2025 - 06 - 30),
            2025,
            "June 30 closes the fiscal year",
        ),
        (date!(2025 - 07 - 01), 2026, "July 1 opens the next"),
        (date!(2025 - 12 - 31), 2026, "December 31 is mid-year"),
        (date!(2026 - 01 - 01), 2026, "so is January 1"),
    ];
    for (day, end, case) in cases {
        assert_eq!(
            FiscalYear::containing(day, 7).unwrap().end_year(),
            end,
            "{case}"
        );
    }
    let calendar = FiscalYear::new(2024, 1).unwrap();
    assert_eq!(
        (calendar.start(), calendar.end()),
        (date!(2024 - 01 - 01), date!(2024 - 12 - 31))
    );
    assert_eq!(
        FiscalYear::containing(date!(2024 - 12 - 31), 1).unwrap(),
        calendar
    );
    assert!(
        FiscalYear::new(1989, 7).is_err(),
        "years out of range are refused"
    );
    assert!(
        FiscalYear::new(2026, 13).is_err(),
        "a month must be a month"
    );
}

#[test]
fn a_leap_day_fiscal_year_has_366_days_and_whole_februaries_count() {
    let y = fy(2024);
    assert_eq!((y.end() - y.start()).whole_days() + 1, 366);
    let hired_before = date!(2020 - 01 - 01);
    assert_eq!(
        whole_months(y, hired_before, date!(2024 - 02 - 28)),
        7,
        "February 28 leaves February 2024 short a day"
    );
    assert_eq!(
        whole_months(y, hired_before, date!(2024 - 02 - 29)),
        8,
        "February 29 completes it"
    );
    let mut o = officer();
    o.hire_date = Some(hired_before);
    o.separated_on = Some(date!(2024 - 02 - 29));
    o.training = vec![(date!(2024 - 02 - 29), hours(16))];
    let e = minnesota::eligibility(&mn(), y, &o);
    assert!(e.eligible, "{:?}", e.reasons);
}

#[test]
fn the_application_is_due_july_31_after_the_fiscal_year() {
    assert_eq!(minnesota::due_on(&mn(), fy(2026)), date!(2026 - 07 - 31));
}

#[test]
fn eight_whole_months_are_enough_and_seven_are_not() {
    let cases = [
        (
            date!(2025 - 11 - 01),
            true,
            8,
            "hired November 1: November to June, 8 months",
        ),
        (
            date!(2025 - 11 - 02),
            false,
            7,
            "hired November 2: November is not whole, 7 months",
        ),
        (
            date!(2025 - 07 - 01),
            true,
            12,
            "hired on the first day: 12 months",
        ),
        (
            date!(2026 - 07 - 01),
            false,
            0,
            "hired after the fiscal year: not with the agency",
        ),
    ];
    for (hired, eligible, months, case) in cases {
        let mut o = officer();
        o.hire_date = Some(hired);
        o.training = vec![(date!(2026 - 06 - 30), hours(16))];
        let e = minnesota::eligibility(&mn(), fy(2026), &o);
        assert_eq!(
            (e.eligible, e.months),
            (eligible, months),
            "{case}: {:?}",
            e.reasons
        );
    }
}

#[test]
fn sixteen_credits_are_enough_and_fifteen_and_three_quarters_are_not() {
    let cases = [
        (Minutes(945), false, "15.75 credits"),
        (Minutes(960), true, "16.0 credits"),
    ];
    for (credits, eligible, case) in cases {
        let mut o = officer();
        o.training = vec![(date!(2025 - 10 - 01), credits)];
        let e = minnesota::eligibility(&mn(), fy(2026), &o);
        assert_eq!(e.eligible, eligible, "{case}");
        if !eligible {
            assert_eq!(unmet(&e), ["credits"], "{case}");
        }
    }
}

#[test]
fn only_credits_earned_in_the_year_while_with_the_agency_count() {
    let mut o = officer();
    o.hire_date = Some(date!(2025 - 09 - 01));
    o.training = vec![
        (date!(2025 - 08 - 15), hours(10)), // before the hire: another agency's training
        (date!(2026 - 07 - 01), hours(10)), // the next fiscal year
        (date!(2026 - 05 - 01), hours(8)),
    ];
    let e = minnesota::eligibility(&mn(), fy(2026), &o);
    assert_eq!(e.credits, hours(8));
    assert_eq!(unmet(&e), ["credits"]);
}

#[test]
fn an_officer_transferred_mid_year_is_judged_on_his_time_here() {
    // Hired here on January 10: only February to June are whole months.
    let mut hired_here = officer();
    hired_here.hire_date = Some(date!(2026 - 01 - 10));
    hired_here.training = vec![(date!(2026 - 02 - 01), hours(20))];
    let e = minnesota::eligibility(&mn(), fy(2026), &hired_here);
    assert_eq!((e.eligible, e.months), (false, 5));
    assert_eq!(unmet(&e), ["months_with_agency"]);

    // Left for another agency on March 15 after 8 whole months here (July to February).
    let mut left = officer();
    left.separated_on = Some(date!(2026 - 03 - 15));
    left.training = vec![
        (date!(2025 - 08 - 01), hours(16)),
        (date!(2026 - 04 - 01), hours(8)),
    ];
    let e = minnesota::eligibility(&mn(), fy(2026), &left);
    assert_eq!((e.eligible, e.months, e.credits), (true, 8, hours(16)));

    // Left on February 27: 7 whole months.
    left.separated_on = Some(date!(2026 - 02 - 27));
    assert!(!minnesota::eligibility(&mn(), fy(2026), &left).eligible);
}

#[test]
fn part_time_officers_are_eligible_and_the_reason_says_so() {
    let mut o = officer();
    o.part_time = true;
    let e = minnesota::eligibility(&mn(), fy(2026), &o);
    assert!(e.eligible);
    let part_time = e.reasons.iter().find(|r| r.code == "part_time").unwrap();
    assert_eq!(part_time.citations, ["MN-19"]);
}

#[test]
fn an_officer_without_a_licence_number_or_claimed_elsewhere_is_not_eligible() {
    let mut o = officer();
    o.licence_number = Some("  ".into());
    o.claimed_elsewhere = true;
    let e = minnesota::eligibility(&mn(), fy(2026), &o);
    assert_eq!(unmet(&e), ["licensed", "one_unit"]);
    o.hire_date = None;
    let e = minnesota::eligibility(&mn(), fy(2026), &o);
    assert!(
        unmet(&e).contains(&"months_with_agency"),
        "no hire date, no months"
    );
}

#[test]
fn every_reason_carries_its_sources_and_the_conflicting_ones_are_unconfirmed() {
    let e = minnesota::eligibility(&mn(), fy(2026), &officer());
    for r in &e.reasons {
        assert!(!r.citations.is_empty(), "{} cites nothing", r.code);
    }
    let marked = |code: &str| {
        e.reasons
            .iter()
            .find(|r| r.code == code)
            .and_then(|r| r.unconfirmed.clone())
            .unwrap_or_default()
    };
    assert!(
        marked("months_with_agency").contains("MN-19"),
        "the rule text disagrees"
    );
    assert!(marked("credits").contains("made available"));
}

#[test]
fn only_one_of_two_agencies_may_claim_an_officer() {
    let p = mn();
    let unit = |months, credits, claims| UnitClaim {
        months,
        credits: hours(credits),
        claims,
    };
    let cases = [
        (
            vec![unit(4, 10, true), unit(8, 16, true)],
            ClaimDecision::One(1),
            "transfer: only the second unit had him 8 months",
        ),
        (
            vec![unit(5, 20, true), unit(7, 20, true)],
            ClaimDecision::Nobody,
            "transfer: neither had him 8 months",
        ),
        (
            vec![unit(12, 16, true), unit(12, 20, true)],
            ClaimDecision::Conflict(vec![0, 1]),
            "part-time at both all year: both may not claim",
        ),
        (
            vec![unit(12, 16, false), unit(12, 20, true)],
            ClaimDecision::One(1),
            "the first recorded him as claimed elsewhere",
        ),
    ];
    for (units, decision, case) in cases {
        assert_eq!(minnesota::who_claims(&p, &units), decision, "{case}");
    }
}

#[test]
fn the_share_is_the_allocation_in_equal_parts_capped_at_costs() {
    let mut p = mn();
    assert_eq!(
        minnesota::share(&p, fy(2026), 10, 1_000_000),
        None,
        "no allocation is shipped"
    );
    p.allocations.push(Allocation {
        fiscal_year: 2026,
        allocation_cents: 100_000_000,
        eligible_officers_statewide: Some(10_000),
        citations: vec!["MN-20".into()],
        unconfirmed: None,
    });
    let share = minnesota::share(&p, fy(2026), 10, 1_000_000).unwrap();
    assert_eq!(
        (share.per_officer_cents, share.total_cents),
        (10_000, 100_000)
    );
    let capped = minnesota::share(&p, fy(2026), 10, 50_000).unwrap();
    assert_eq!(capped.total_cents, 50_000, "never more than the costs");
    assert_eq!(dollars(123_456_789), "$1,234,567.89");
    assert_eq!(percent_of(1_001, 50), 501, "half a cent rounds up");
}

// ------------------------------------------------------------------------------------ Ohio

fn training(day: time::Date, h: u32) -> Training {
    Training {
        id: Uuid::now_v7(),
        completed_on: day,
        qualifying: hours(h),
    }
}

fn rate(from: time::Date, dollars: i64) -> PayRate {
    PayRate {
        effective_from: from,
        hourly_cents: dollars * 100,
    }
}

fn oh_year(y: i32) -> FiscalYear {
    ohio::year(&oh(), y).unwrap()
}

#[test]
fn ohio_counts_the_calendar_year_from_january_1_to_december_31() {
    let o = ohio::Officer {
        certified_on: Some(date!(2015 - 06 - 01)),
        training: vec![
            training(date!(2023 - 12 - 31), 8),
            training(date!(2024 - 01 - 01), 4),
            training(date!(2024 - 12 - 31), 2),
            training(date!(2025 - 01 - 01), 8),
        ],
        rates: vec![rate(date!(2020 - 01 - 01), 30)],
    };
    let c = ohio::compute(&oh(), oh_year(2024), &o);
    assert_eq!(c.counted, hours(6), "only January 1 and December 31, 2024");
    assert_eq!(c.base_cents, Some(18_000));
    assert_eq!(c.funding_percent, Some(100));
    assert_eq!(c.reimbursable_cents, Some(18_000));
}

#[test]
fn the_rate_in_effect_on_each_records_day_applies() {
    let o = ohio::Officer {
        certified_on: None,
        training: vec![
            training(date!(2024 - 03 - 01), 8),
            training(date!(2024 - 09 - 01), 8),
        ],
        rates: vec![
            rate(date!(2023 - 01 - 01), 30),
            rate(date!(2024 - 07 - 01), 33),
        ],
    };
    let c = ohio::compute(&oh(), oh_year(2024), &o);
    assert_eq!(c.base_cents, Some(8 * 3_000 + 8 * 3_300));
    let rates: Vec<_> = c.lines.iter().map(|l| l.hourly_cents).collect();
    assert_eq!(rates, [Some(3_000), Some(3_300)]);
}

#[test]
fn the_25th_hour_is_not_reimbursed_and_the_cap_falls_in_date_order() {
    let o = ohio::Officer {
        certified_on: None,
        training: vec![
            training(date!(2024 - 11 - 01), 5), // the last: only 1 of its 5 hours count
            training(date!(2024 - 02 - 01), 12),
            training(date!(2024 - 06 - 01), 11),
        ],
        rates: vec![
            rate(date!(2024 - 01 - 01), 20),
            rate(date!(2024 - 10 - 01), 40),
        ],
    };
    let c = ohio::compute(&oh(), oh_year(2024), &o);
    assert_eq!((c.qualifying, c.counted), (hours(28), hours(24)));
    let counted: Vec<_> = c.lines.iter().map(|l| l.counted).collect();
    assert_eq!(counted, [hours(12), hours(11), hours(1)]);
    assert_eq!(
        c.base_cents,
        Some(23 * 2_000 + 4_000),
        "the 24th hour at the later rate"
    );
}

#[test]
fn firearms_requalification_alone_qualifies_for_nothing() {
    let (p, set) = (oh(), oh_rules());
    let firearms = BTreeMap::from([("firearms_requalification".to_owned(), hours(4))]);
    assert_eq!(ohio::qualifying_minutes(&p, &set, &firearms), Minutes::ZERO);
    let mixed = BTreeMap::from([
        ("firearms_requalification".to_owned(), hours(4)),
        ("legal_updates".to_owned(), hours(3)),
        ("unknown_topic".to_owned(), hours(9)),
    ]);
    assert_eq!(ohio::qualifying_minutes(&p, &set, &mixed), hours(3));
}

#[test]
fn an_officer_in_the_academy_year_is_exempt_and_reimbursed_nothing() {
    let o = ohio::Officer {
        certified_on: Some(date!(2024 - 05 - 15)),
        training: vec![training(date!(2024 - 08 - 01), 8)],
        rates: vec![rate(date!(2024 - 05 - 15), 25)],
    };
    let c = ohio::compute(&oh(), oh_year(2024), &o);
    assert!(c.exempt);
    assert_eq!((c.counted, c.base_cents), (Minutes::ZERO, Some(0)));
    assert!(
        c.reasons
            .iter()
            .any(|r| r.code == "academy_year" && r.citations == ["OH-3"])
    );
    let next = ohio::compute(&oh(), oh_year(2025), &o);
    assert!(!next.exempt, "the next year is not exempt");
}

#[test]
fn a_year_without_a_known_funding_percent_is_unconfirmed_and_hours_without_a_rate_are_named() {
    let o = ohio::Officer {
        certified_on: None,
        training: vec![training(date!(2023 - 04 - 01), 8)],
        rates: vec![rate(date!(2023 - 06 - 01), 30)],
    };
    let c = ohio::compute(&oh(), oh_year(2023), &o);
    assert_eq!(
        (c.base_cents, c.funding_percent, c.reimbursable_cents),
        (None, None, None)
    );
    let funding = c.reasons.iter().find(|r| r.code == "funding").unwrap();
    assert!(funding.unconfirmed.is_some());
    let rate = c.reasons.iter().find(|r| r.code == "rate").unwrap();
    assert!(!rate.met && rate.sentence.contains("2023-04-01"));
    let p = oh();
    assert_eq!(p.funding_for(2022).map(|f| f.percent), Some(50));
}

#[test]
fn a_reimbursement_fact_without_a_known_source_or_topic_does_not_load() {
    let text = include_str!("../../../../rules/oh.toml")
        .replace(
            "topics = [\"firearms_requalification\"]",
            "topics = [\"archery\"]",
        )
        .replace("year = 2024\npercent = 100", "year = 2024\npercent = 101")
        .replace("citations = [\"OH-14\"]", "citations = [\"OH-99\"]");
    let errors = RuleSet::from_toml("oh.toml", &text).unwrap_err();
    let fields: Vec<_> = errors.iter().filter_map(|e| e.field.clone()).collect();
    for field in [
        "reimbursement.excluded_topics.topics",
        "reimbursement.funding[1]",
        "reimbursement.funding[1].citations",
    ] {
        assert!(fields.iter().any(|f| f == field), "{field} in {fields:?}");
    }
}
