//! The period a requirement is judged over, for one person on one day.

use serde::{Deserialize, Serialize};
use time::Date;

use super::calendar::{add_months, add_months_times, add_years, next_day, previous_day, ymd};
use super::inputs::PersonFacts;
use super::rules::PeriodRule;

/// First and last day, both included. The last day is the due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Period {
    pub start: Date,
    pub end: Date,
}

impl Period {
    pub fn contains(&self, day: Date) -> bool {
        self.start <= day && day <= self.end
    }
}

/// Where a day falls for a period rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    In(Period),
    /// The person's first period has not started yet; it starts on this day.
    NotStarted(Date),
    /// The person's record lacks what the rule needs (a licence cycle or certification date).
    MissingData(&'static str),
}

/// The fixed-length cycle of `months` containing `day`, given one known cycle. A cycle after
/// the known one ends `months` after the end of the one before it, a cycle before it starts
/// `months` before the start of the one after it, the day clamped at month ends on the way.
/// The number of cycles between is computed, not stepped, so a day centuries away costs what
/// tomorrow does; a cycle running past the calendar `time` represents is cut at its edge.
fn cycle_containing(known: Period, months: i32, day: Date) -> Period {
    // Rule sets refuse cycles of no length; one built by hand is judged as the known cycle.
    if months <= 0 {
        return known;
    }
    let whole_cycles = |from: Date, to: Date| {
        let months_apart = (to.year() - from.year()) * 12 + i32::from(u8::from(to.month()))
            - i32::from(u8::from(from.month()));
        u32::try_from(months_apart / months).unwrap_or(0).max(1)
    };
    if day > known.end {
        let end_after = |n| add_months_times(known.end, months, n).unwrap_or(Date::MAX);
        // `n` cycles on, the end is in the day's month or earlier: at most one more.
        let mut n = whole_cycles(known.end, day);
        if end_after(n) < day {
            n += 1;
        }
        Period {
            start: next_day(end_after(n - 1)),
            end: end_after(n),
        }
    } else if day < known.start {
        let start_before = |n| add_months_times(known.start, -months, n).unwrap_or(Date::MIN);
        let mut n = whole_cycles(day, known.start);
        if start_before(n) > day {
            n += 1;
        }
        Period {
            start: start_before(n),
            end: previous_day(start_before(n - 1)),
        }
    } else {
        known
    }
}

pub fn period_on(rule: &PeriodRule, person: &PersonFacts, day: Date) -> Lookup {
    match *rule {
        PeriodRule::LicenseCycle {
            years,
            end_month,
            end_day,
            first_cycle_years,
        } => {
            let months = i32::from(years) * 12;
            let known = match (person.license_cycle, person.hire_date) {
                (Some((start, end)), _) => Period { start, end },
                (None, Some(hired)) => {
                    let year = hired.year() + i32::from(first_cycle_years);
                    match ymd(year, end_month, end_day) {
                        Some(end) => Period { start: hired, end },
                        None => return Lookup::MissingData("a valid cycle end date"),
                    }
                }
                (None, None) => {
                    return Lookup::MissingData("the licence cycle dates or the hire date");
                }
            };
            // Before the first known cycle of someone newly hired there is nothing to judge.
            if person.license_cycle.is_none() && day < known.start {
                return Lookup::NotStarted(known.start);
            }
            Lookup::In(cycle_containing(known, months, day))
        }
        PeriodRule::CertificationCycle { years } => {
            let Some(certified) = person.certified_on else {
                return Lookup::MissingData("the certification date");
            };
            let first_year = if (certified.month() as u8) <= 6 {
                certified.year()
            } else {
                certified.year() + 1
            };
            let Some(start) = ymd(first_year, 1, 1) else {
                return Lookup::MissingData("a valid date");
            };
            if day < start {
                return Lookup::NotStarted(start);
            }
            let first = Period {
                start,
                end: previous_day(add_years(start, i32::from(years))),
            };
            Lookup::In(cycle_containing(first, i32::from(years) * 12, day))
        }
        PeriodRule::CalendarYear => match (ymd(day.year(), 1, 1), ymd(day.year(), 12, 31)) {
            (Some(start), Some(end)) => Lookup::In(Period { start, end }),
            _ => Lookup::MissingData("a valid date"),
        },
        PeriodRule::FiscalYear { start_month } => {
            let year = if (day.month() as u8) >= start_month {
                day.year()
            } else {
                day.year() - 1
            };
            match ymd(year, start_month, 1) {
                Some(start) => Lookup::In(Period {
                    start,
                    end: previous_day(add_years(start, 1)),
                }),
                None => Lookup::MissingData("a valid fiscal year start"),
            }
        }
        PeriodRule::Rolling { months } => Lookup::In(Period {
            start: next_day(add_months(day, -i32::from(months))),
            end: day,
        }),
        PeriodRule::AtAllTimes => Lookup::In(Period {
            start: day,
            end: day,
        }),
    }
}

/// Whether `due` is the last day of one of the person's periods under a windowed rule: the
/// only days a waiver, extension or reduction can name.
pub fn is_period_end(rule: &PeriodRule, person: &PersonFacts, due: Date) -> bool {
    match rule {
        PeriodRule::Rolling { .. } | PeriodRule::AtAllTimes => false,
        _ => matches!(period_on(rule, person, due), Lookup::In(p) if p.end == due),
    }
}

/// The first due date of a person under a licence-cycle rule, from the hire date.
pub fn first_due(rule: &PeriodRule, person: &PersonFacts) -> Option<Date> {
    match *rule {
        PeriodRule::LicenseCycle {
            end_month,
            end_day,
            first_cycle_years,
            ..
        } => {
            let hired = person.hire_date?;
            ymd(
                hired.year() + i32::from(first_cycle_years),
                end_month,
                end_day,
            )
        }
        _ => None,
    }
}

/// The period before `period` under the same rule (windowed rules only).
pub fn previous(rule: &PeriodRule, person: &PersonFacts, period: Period) -> Option<Period> {
    match rule {
        PeriodRule::Rolling { .. } | PeriodRule::AtAllTimes => None,
        _ => match period_on(rule, person, previous_day(period.start)) {
            Lookup::In(p) => Some(p),
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::PersonStatus;
    use time::macros::date;

    fn person() -> PersonFacts {
        PersonFacts {
            status: PersonStatus::Active,
            roles: vec![],
            hire_date: None,
            certified_on: None,
            license_cycle: None,
            records_complete_from: None,
        }
    }

    const MN: PeriodRule = PeriodRule::LicenseCycle {
        years: 3,
        end_month: 6,
        end_day: 30,
        first_cycle_years: 3,
    };

    #[test]
    fn a_recorded_licence_cycle_repeats_every_three_years() {
        let p = PersonFacts {
            license_cycle: Some((date!(2023 - 07 - 01), date!(2026 - 06 - 30))),
            ..person()
        };
        let cases = [
            (
                date!(2026 - 06 - 30),
                date!(2023 - 07 - 01),
                date!(2026 - 06 - 30),
                "the deadline day is in the cycle",
            ),
            (
                date!(2026 - 07 - 01),
                date!(2026 - 07 - 01),
                date!(2029 - 06 - 30),
                "the day after starts the next",
            ),
            (
                date!(2023 - 06 - 30),
                date!(2020 - 07 - 01),
                date!(2023 - 06 - 30),
                "the day before is the previous",
            ),
        ];
        for (day, start, end, why) in cases {
            assert_eq!(
                period_on(&MN, &p, day),
                Lookup::In(Period { start, end }),
                "{why}"
            );
        }
    }

    #[test]
    fn a_new_hire_first_renews_june_30_of_the_third_year_after_hire() {
        let p = PersonFacts {
            hire_date: Some(date!(2024 - 02 - 29)),
            ..person()
        };
        assert_eq!(
            period_on(&MN, &p, date!(2025 - 01 - 01)),
            Lookup::In(Period {
                start: date!(2024 - 02 - 29),
                end: date!(2027 - 06 - 30)
            })
        );
        assert_eq!(
            period_on(&MN, &p, date!(2024 - 01 - 01)),
            Lookup::NotStarted(date!(2024 - 02 - 29))
        );
        assert_eq!(
            period_on(&MN, &p, date!(2027 - 07 - 01)),
            Lookup::In(Period {
                start: date!(2027 - 07 - 01),
                end: date!(2030 - 06 - 30)
            })
        );
        assert!(matches!(
            period_on(&MN, &person(), date!(2025 - 01 - 01)),
            Lookup::MissingData(_)
        ));
    }

    #[test]
    fn oregon_cycles_snap_by_half_year() {
        let rule = PeriodRule::CertificationCycle { years: 3 };
        let june = PersonFacts {
            certified_on: Some(date!(2022 - 06 - 30)),
            ..person()
        };
        let july = PersonFacts {
            certified_on: Some(date!(2022 - 07 - 01)),
            ..person()
        };
        assert_eq!(
            period_on(&rule, &june, date!(2023 - 05 - 01)),
            Lookup::In(Period {
                start: date!(2022 - 01 - 01),
                end: date!(2024 - 12 - 31)
            })
        );
        assert_eq!(
            period_on(&rule, &july, date!(2022 - 12 - 31)),
            Lookup::NotStarted(date!(2023 - 01 - 01))
        );
        // First deadline December 31 of the fourth year (the 2008 page says the same).
        assert_eq!(
            period_on(&rule, &july, date!(2025 - 12 - 31)),
            Lookup::In(Period {
                start: date!(2023 - 01 - 01),
                end: date!(2025 - 12 - 31)
            })
        );
    }

    #[test]
    fn calendar_fiscal_and_rolling_periods() {
        let p = person();
        assert_eq!(
            period_on(&PeriodRule::CalendarYear, &p, date!(2024 - 02 - 29)),
            Lookup::In(Period {
                start: date!(2024 - 01 - 01),
                end: date!(2024 - 12 - 31)
            })
        );
        assert_eq!(
            period_on(
                &PeriodRule::FiscalYear { start_month: 7 },
                &p,
                date!(2026 - 06 - 30)
            ),
            Lookup::In(Period {
                start: date!(2025 - 07 - 01),
                end: date!(2026 - 06 - 30)
            })
        );
        assert_eq!(
            period_on(
                &PeriodRule::Rolling { months: 60 },
                &p,
                date!(2026 - 11 - 26)
            ),
            Lookup::In(Period {
                start: date!(2021 - 11 - 27),
                end: date!(2026 - 11 - 26)
            })
        );
        let year = Period {
            start: date!(2025 - 01 - 01),
            end: date!(2025 - 12 - 31),
        };
        assert_eq!(
            previous(&PeriodRule::CalendarYear, &p, year),
            Some(Period {
                start: date!(2024 - 01 - 01),
                end: date!(2024 - 12 - 31)
            })
        );
    }
}

#[cfg(test)]
#[path = "periods_cycle_tests.rs"]
mod cycle_tests;
