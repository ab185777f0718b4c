//! Date arithmetic the rules need: whole months and years that never panic, clamping to the
//! end of a shorter month (so a cycle anchored on February 29 ends on February 28), and the
//! range of days the engine judges.

use time::macros::date;
use time::{Date, Duration, Month};

/// The first and last days the engine judges. Far enough back and ahead for any licence,
/// cycle, record or credential an agency keeps (careers span decades, cycles a few years),
/// and centuries inside the calendar `time` represents (years up to 9999), so the month and
/// year arithmetic done on these days, a cycle or a grace period past them, always lands on
/// a real date. A date outside is a typing slip or a placeholder ("9999-12-31" for "never"),
/// and is refused at the edge with [`DateOutOfRange`].
pub const FIRST_JUDGEABLE: Date = date!(1900 - 01 - 01);
pub const LAST_JUDGEABLE: Date = date!(2199 - 12 - 31);

/// A date the engine is asked to judge lies outside [`FIRST_JUDGEABLE`]..=[`LAST_JUDGEABLE`].
/// `field` names where it was found (`as_of`, `person.hire_date`, `records[3].completed_on`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field} is {date}: it must be a date between {FIRST_JUDGEABLE} and {LAST_JUDGEABLE}")]
pub struct DateOutOfRange {
    pub field: String,
    pub date: Date,
}

impl DateOutOfRange {
    /// What is wrong, without the field's name: for a form that shows it beside the field.
    pub fn reason(&self) -> String {
        format!(
            "is {}: it must be a date between {FIRST_JUDGEABLE} and {LAST_JUDGEABLE}",
            self.date
        )
    }
}

/// Whether the engine judges `date`.
pub fn is_judgeable(date: Date) -> bool {
    (FIRST_JUDGEABLE..=LAST_JUDGEABLE).contains(&date)
}

/// `date` if the engine judges it, or the error naming `field`.
pub fn judgeable(field: &str, date: Date) -> Result<Date, DateOutOfRange> {
    if is_judgeable(date) {
        Ok(date)
    } else {
        Err(DateOutOfRange {
            field: field.to_owned(),
            date,
        })
    }
}

pub fn add_months(date: Date, months: i32) -> Date {
    add_months_times(date, months, 1).unwrap_or(date)
}

/// [`add_months`] applied `times` times in a row, computed in one step. The day clamps to the
/// end of each shorter month on the way and never grows back, exactly as stepping a cycle at
/// a time does: a cycle ending on February 29, stepped a year at a time, ends on February 28
/// ever after. `None` past the calendar `time` represents.
pub fn add_months_times(date: Date, months: i32, times: u32) -> Option<Date> {
    let from = month_index(date);
    let (year, month) = split_month_index(from + i64::from(months) * i64::from(times))?;
    let mut day = date.day();
    if day > 28 && times > 0 {
        day = day.min(shortest_month_on_the_way(from, months, times));
    }
    Date::from_calendar_date(year, month, day.min(time::util::days_in_month(month, year))).ok()
}

/// Months since January of year 0.
fn month_index(date: Date) -> i64 {
    i64::from(date.year()) * 12 + i64::from(u8::from(date.month())) - 1
}

fn split_month_index(index: i64) -> Option<(i32, Month)> {
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = Month::try_from(u8::try_from(index.rem_euclid(12) + 1).ok()?).ok()?;
    Some((year, month))
}

/// The fewest days of the months reached by `times` steps of `months` from month `from`
/// (step 1 to step `times`, the last included). The months of the year come round every
/// `round` steps, so at most twelve are looked at, and a February's leap years in closed form.
fn shortest_month_on_the_way(from: i64, months: i32, times: u32) -> u8 {
    let round = 12 / gcd(i64::from(months).rem_euclid(12), 12);
    let mut shortest = 31;
    for step in 1..=i64::from(times).min(round) {
        let Some((year, month)) = split_month_index(from + step * i64::from(months)) else {
            continue;
        };
        let days = if month == Month::February {
            // This February comes back every `round` steps, `round * months / 12` years on.
            let count = (i64::from(times) - step) / round + 1;
            if all_leap(i64::from(year), round * i64::from(months) / 12, count) {
                29
            } else {
                28
            }
        } else {
            time::util::days_in_month(month, year)
        };
        shortest = shortest.min(days);
    }
    shortest
}

/// Whether the `count` years `first`, `first + step`, ... are all leap years.
fn all_leap(first: i64, step: i64, count: i64) -> bool {
    let leap = |y: i64| y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    if count <= 1 {
        return leap(first);
    }
    if step % 4 != 0 || !leap(first) {
        return false;
    }
    // All are divisible by four: only a century not divisible by 400 is common. The years
    // repeat modulo 400 every `400 / gcd(step, 400)` steps, at most 100.
    let cycle = 400 / gcd(step.rem_euclid(400), 400);
    (0..count.min(cycle)).all(|k| {
        let year = (first + k * step).rem_euclid(400);
        year % 100 != 0 || year == 0
    })
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 { a.abs() } else { gcd(b, a % b) }
}

pub fn add_years(date: Date, years: i32) -> Date {
    add_months(date, years * 12)
}

pub fn next_day(date: Date) -> Date {
    date.next_day().unwrap_or(date)
}

pub fn previous_day(date: Date) -> Date {
    date.previous_day().unwrap_or(date)
}

pub fn plus_days(date: Date, days: i64) -> Date {
    date.checked_add(Duration::days(days)).unwrap_or(date)
}

pub fn ymd(year: i32, month: u8, day: u8) -> Option<Date> {
    let month = Month::try_from(month).ok()?;
    Date::from_calendar_date(year, month, day.min(time::util::days_in_month(month, year))).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn months_clamp_to_the_end_of_shorter_months() {
        assert_eq!(add_months(date!(2024 - 01 - 31), 1), date!(2024 - 02 - 29));
        assert_eq!(add_years(date!(2024 - 02 - 29), 1), date!(2025 - 02 - 28));
        assert_eq!(add_years(date!(2024 - 02 - 29), 4), date!(2028 - 02 - 29));
        assert_eq!(add_months(date!(2026 - 03 - 15), -3), date!(2025 - 12 - 15));
        assert_eq!(ymd(2027, 2, 29), Some(date!(2027 - 02 - 28)));
    }

    #[test]
    fn months_past_the_calendar_leave_the_date_as_it_was() {
        assert_eq!(add_months(date!(9999 - 12 - 31), 1), date!(9999 - 12 - 31));
        assert_eq!(add_months_times(date!(9999 - 12 - 31), 12, 1), None);
        assert_eq!(add_months_times(date!(2024 - 06 - 30), 36, u32::MAX), None);
        assert_eq!(add_months_times(date!(-9999 - 01 - 01), -1, 1), None);
    }

    /// What one jump must equal: `add_months` applied `times` times.
    fn stepped(mut date: Date, months: i32, times: u32) -> Date {
        for _ in 0..times {
            date = add_months(date, months);
        }
        date
    }

    #[test]
    fn a_jump_of_many_months_clamps_as_the_steps_did() {
        let steps = [
            1, -1, 2, 3, -5, 7, 12, -12, 24, 36, -36, 48, -48, 60, 96, 1200, -4800,
        ];
        let mut checked = 0;
        for year in [1896, 1899, 1900, 1999, 2000, 2023, 2024, 2096, 2100, 2196] {
            for month in 1..=12 {
                for day in [1, 15, 28, 29, 30, 31] {
                    let Some(start) = ymd(year, month, day) else {
                        continue;
                    };
                    for months in steps {
                        // Within the calendar: past it, stepping stops where it is.
                        for times in (0..=30u32)
                            .filter(|t| (i64::from(months) * i64::from(*t)).abs() < 12 * 7000)
                        {
                            assert_eq!(
                                add_months_times(start, months, times),
                                Some(stepped(start, months, times)),
                                "{start} plus {months} months {times} times"
                            );
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 50_000);
    }

    #[test]
    fn february_29_stays_only_while_every_year_on_the_way_is_leap() {
        let cases = [
            (
                date!(2024 - 02 - 29),
                48,
                1,
                date!(2028 - 02 - 29),
                "a leap year later",
            ),
            (
                date!(2096 - 02 - 29),
                48,
                1,
                date!(2100 - 02 - 28),
                "1900 rule: 2100 is common",
            ),
            (
                date!(2096 - 02 - 29),
                48,
                2,
                date!(2104 - 02 - 28),
                "and it stays clamped",
            ),
            (
                date!(1996 - 02 - 29),
                48,
                2,
                date!(2004 - 02 - 29),
                "2000 is leap",
            ),
            (
                date!(2024 - 02 - 29),
                12,
                4,
                date!(2028 - 02 - 28),
                "a common year on the way",
            ),
            (
                date!(2024 - 02 - 29),
                -48,
                31,
                date!(1900 - 02 - 28),
                "back to 1900",
            ),
            (
                date!(2024 - 02 - 29),
                4800,
                1,
                date!(2424 - 02 - 29),
                "400 years on",
            ),
        ];
        for (from, months, times, expected, why) in cases {
            assert_eq!(
                add_months_times(from, months, times),
                Some(expected),
                "{why}"
            );
        }
    }

    #[test]
    fn the_engine_judges_from_1900_through_2199() {
        let cases = [
            (date!(1899 - 12 - 31), false, "the day before the range"),
            (date!(1900 - 01 - 01), true, "its first day"),
            (date!(2026 - 06 - 30), true, "an ordinary day"),
            (date!(2199 - 12 - 31), true, "its last day"),
            (date!(2200 - 01 - 01), false, "the day after the range"),
            (date!(9999 - 12 - 31), false, "a placeholder for never"),
        ];
        for (day, ok, why) in cases {
            assert_eq!(judgeable("as_of", day).is_ok(), ok, "{why}");
        }
        let refused = judgeable("person.hire_date", date!(2200 - 01 - 01));
        assert_eq!(
            refused.map_err(|e| e.to_string()),
            Err(
                "person.hire_date is 2200-01-01: it must be a date between 1900-01-01 \
                 and 2199-12-31"
                    .to_owned()
            )
        );
    }
}
