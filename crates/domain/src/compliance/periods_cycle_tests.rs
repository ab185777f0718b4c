//! Cycles found by arithmetic: the same periods as stepping a cycle at a time, however far
//! the day is from the known cycle.

use super::*;
use crate::compliance::calendar::{FIRST_JUDGEABLE, LAST_JUDGEABLE};
use time::macros::date;

/// The periods as they were found before: stepping one cycle at a time (bounded here, the
/// days below are all within a few centuries).
fn stepped(known: Period, months: i32, day: Date) -> Period {
    let mut period = known;
    for _ in 0..10_000 {
        if day > period.end {
            period = Period {
                start: next_day(period.end),
                end: add_months(period.end, months),
            };
        } else if day < period.start {
            period = Period {
                start: add_months(period.start, -months),
                end: previous_day(period.start),
            };
        } else {
            return period;
        }
    }
    panic!("no cycle of {months} months from {known:?} reaches {day}")
}

fn cycle(start: Date, end: Date) -> Period {
    Period { start, end }
}

#[test]
fn the_cycle_computed_is_the_cycle_stepped_to() {
    let known = [
        cycle(date!(2023 - 07 - 01), date!(2026 - 06 - 30)),
        cycle(date!(2021 - 03 - 01), date!(2024 - 02 - 29)),
        cycle(date!(2024 - 02 - 29), date!(2027 - 02 - 28)),
        cycle(date!(2022 - 03 - 01), date!(2025 - 02 - 28)),
        cycle(date!(2023 - 01 - 01), date!(2025 - 12 - 31)),
        cycle(date!(2020 - 02 - 01), date!(2024 - 01 - 31)),
        cycle(date!(2096 - 03 - 01), date!(2100 - 02 - 28)),
    ];
    let first = FIRST_JUDGEABLE.to_julian_day();
    let last = LAST_JUDGEABLE.to_julian_day();
    for k in known {
        for years in 1..=5 {
            let months = years * 12;
            for julian in (first..=last).step_by(89) {
                let Ok(day) = Date::from_julian_day(julian) else {
                    continue;
                };
                let found = cycle_containing(k, months, day);
                assert_eq!(found, stepped(k, months, day), "{day} from {k:?}");
                assert!(found.contains(day), "{day} in {found:?}");
            }
        }
    }
}

#[test]
fn cycles_at_their_boundaries_near_and_far() {
    let mn = cycle(date!(2023 - 07 - 01), date!(2026 - 06 - 30));
    let leap_end = cycle(date!(2021 - 03 - 01), date!(2024 - 02 - 29));
    let leap_start = cycle(date!(2024 - 02 - 29), date!(2027 - 02 - 28));
    let four_years = cycle(date!(2024 - 02 - 29), date!(2028 - 02 - 28));
    let cases = [
        (
            mn,
            36,
            date!(2023 - 07 - 01),
            mn,
            "the first day of the known cycle",
        ),
        (mn, 36, date!(2026 - 06 - 30), mn, "its last day"),
        (
            mn,
            36,
            date!(2026 - 07 - 01),
            cycle(date!(2026 - 07 - 01), date!(2029 - 06 - 30)),
            "the day after starts the next",
        ),
        (
            mn,
            36,
            date!(2023 - 06 - 30),
            cycle(date!(2020 - 07 - 01), date!(2023 - 06 - 30)),
            "the day before ends the previous",
        ),
        (
            mn,
            36,
            date!(1900 - 01 - 01),
            cycle(date!(1897 - 07 - 01), date!(1900 - 06 - 30)),
            "the first judged day, 42 cycles back",
        ),
        (
            mn,
            36,
            date!(2199 - 12 - 31),
            cycle(date!(2197 - 07 - 01), date!(2200 - 06 - 30)),
            "the last judged day, 58 cycles on",
        ),
        (
            leap_end,
            36,
            date!(2036 - 02 - 28),
            cycle(date!(2033 - 03 - 01), date!(2036 - 02 - 28)),
            "a cycle ending February 29 ends on the 28th ever after, as stepping did",
        ),
        (
            leap_end,
            36,
            date!(2036 - 02 - 29),
            cycle(date!(2036 - 02 - 29), date!(2039 - 02 - 28)),
            "so in a leap year the next cycle starts on the 29th",
        ),
        (
            leap_start,
            36,
            date!(2021 - 03 - 01),
            cycle(date!(2021 - 02 - 28), date!(2024 - 02 - 28)),
            "a cycle starting February 29 starts on the 28th three years before",
        ),
        (
            four_years,
            48,
            date!(2020 - 02 - 29),
            cycle(date!(2020 - 02 - 29), date!(2024 - 02 - 28)),
            "four-year cycles keep February 29 through leap years",
        ),
        (
            four_years,
            48,
            date!(1900 - 03 - 01),
            cycle(date!(1900 - 02 - 28), date!(1904 - 02 - 28)),
            "and clamp at 1900, a common year",
        ),
    ];
    for (known, months, day, expected, why) in cases {
        let found = cycle_containing(known, months, day);
        assert_eq!(found, expected, "{why}");
        assert_eq!(found, stepped(known, months, day), "{why}: as stepped");
    }
}

#[test]
fn a_cycle_past_the_calendar_is_cut_at_its_edge() {
    let mn = cycle(date!(2023 - 07 - 01), date!(2026 - 06 - 30));
    assert_eq!(
        cycle_containing(mn, 36, date!(9999 - 12 - 31)),
        cycle(date!(9997 - 07 - 01), Date::MAX)
    );
    assert_eq!(
        cycle_containing(mn, 36, Date::MIN),
        cycle(Date::MIN, date!(-9998 - 06 - 30))
    );
    assert_eq!(
        cycle_containing(mn, 0, date!(2199 - 12 - 31)),
        mn,
        "no length"
    );
}

#[test]
fn a_licence_cycle_rule_answers_on_the_last_day_of_the_calendar() {
    let p = PersonFacts {
        hire_date: Some(date!(2016 - 02 - 29)),
        license_cycle: Some((date!(2023 - 07 - 01), date!(2026 - 06 - 30))),
        ..tests_person()
    };
    let rule = PeriodRule::LicenseCycle {
        years: 3,
        end_month: 6,
        end_day: 30,
        first_cycle_years: 3,
    };
    assert_eq!(
        period_on(&rule, &p, Date::MAX),
        Lookup::In(cycle(date!(9997 - 07 - 01), Date::MAX))
    );
    let oregon = PersonFacts {
        certified_on: Some(date!(9999 - 12 - 31)),
        ..tests_person()
    };
    let rule = PeriodRule::CertificationCycle { years: 3 };
    assert!(matches!(
        period_on(&rule, &oregon, Date::MAX),
        Lookup::MissingData(_) | Lookup::NotStarted(_)
    ));
}

fn tests_person() -> PersonFacts {
    PersonFacts {
        status: crate::people::PersonStatus::Active,
        roles: vec![],
        hire_date: None,
        certified_on: None,
        license_cycle: None,
        records_complete_from: None,
    }
}
