//! Statuses that do not follow a fixed period: credentials current at all times, and
//! training due once every N months.

use time::Date;

use super::amounts::Minutes;
use super::calendar::{add_months, add_months_times, next_day, plus_days, previous_day};
use super::evaluate::{Amount, RequirementStatus};
use super::progress::{Ctx, Progress};
use super::rules::{Measure, Requirement};

/// "At all times": met while a credential is valid; at risk as its expiry nears.
pub(super) fn credential_status(
    input: &Ctx<'_, '_>,
    requirement: &Requirement,
    p: &Progress,
    due: &mut Date,
) -> (RequirementStatus, Option<Date>) {
    let Some(id) = p.counted.first() else {
        // Lapsed: the shortfall dates from the last expiry of a credential of this type.
        if let Measure::Credential { credential_type } = &requirement.measure {
            let lapsed = input
                .credentials
                .iter()
                .filter(|c| &c.credential_type == credential_type && c.issued_on <= input.as_of)
                .filter_map(|c| c.expires_on)
                .max();
            if let Some(end) = lapsed {
                *due = end;
            }
        }
        return (RequirementStatus::Overdue, None);
    };
    let expires = input
        .credentials
        .iter()
        .find(|c| c.id == *id)
        .and_then(|c| c.expires_on);
    match expires {
        None => (RequirementStatus::Met, None),
        Some(end) => {
            *due = end;
            let warn = plus_days(end, -i64::from(input.at_risk_days));
            if input.as_of >= warn {
                (RequirementStatus::AtRisk, Some(next_day(end)))
            } else {
                (RequirementStatus::Met, Some(warn))
            }
        }
    }
}

/// The last day whose look-back window of `months` still holds `day` (the window of a day
/// `d` starts the day after `d` minus `months`, so month-end clamping can add a day).
fn last_day_covering(day: Date, months: u16) -> Date {
    let months = i32::from(months);
    let Some(reach) = add_months_times(day, months, 1) else {
        return Date::MAX;
    };
    // The answer is the day before `reach`, or `reach` itself when `reach` is a clamped month
    // end (January 31 plus a month is February 28, whose window starts January 29): one step
    // is all it takes, and the bound keeps the search from ever walking further.
    const CLAMPED_DAYS: usize = 4;
    let mut last = previous_day(reach);
    for _ in 0..CLAMPED_DAYS {
        let next = next_day(last);
        if next == last || next_day(add_months(next, -months)) > day {
            break;
        }
        last = next;
    }
    last
}

/// "Once every N months": met until the counted training grows older than N months. With
/// nothing in the window, someone who started (or whose history in ConfiTrek began) less
/// than N months ago has until N months after that start.
pub(super) fn rolling_status(
    input: &Ctx<'_, '_>,
    requirement: &Requirement,
    months: u16,
    p: &Progress,
    due: &mut Date,
    at_risk_from: impl Fn(Date) -> Date,
) -> (RequirementStatus, Option<Date>) {
    let timeline = |due: Date| {
        if input.as_of >= at_risk_from(due) {
            (RequirementStatus::AtRisk, Some(next_day(due)))
        } else {
            (RequirementStatus::Pending, Some(at_risk_from(due)))
        }
    };
    if !p.met {
        let person = input.person;
        // Done before and lapsed: due the last day the newest of it still counted.
        let columns = input.columns_of(requirement);
        let lapsed = (0..input.by_date.len())
            .rev()
            .find(|p| input.minutes(*p..*p + 1, columns) > Minutes::ZERO)
            .map(|p| input.by_date[p].completed_on);
        if let Some(last) = lapsed {
            *due = last_day_covering(last, months);
            return (RequirementStatus::Overdue, None);
        }
        let started = match (person.hire_date, person.records_complete_from) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        // A rule that begins to bind on a date gives no one less time than that date.
        let first_due = started
            .map(|s| last_day_covering(s, months))
            .map(|d| requirement.effective_from.map_or(d, |from| d.max(from)));
        return match first_due {
            Some(first_due) if first_due >= input.as_of => {
                *due = first_due;
                timeline(first_due)
            }
            Some(first_due) => {
                *due = first_due;
                (RequirementStatus::Overdue, None)
            }
            None => {
                *due = input.as_of;
                (RequirementStatus::Overdue, None)
            }
        };
    }
    // Met until the newest records that reach the minimum age out of the window.
    let Amount::Minutes(required) = p.required else {
        return (RequirementStatus::Met, None);
    };
    let columns = input.columns_of(requirement);
    let mut sum = Minutes::ZERO;
    let mut oldest_needed = input.as_of;
    for position in (0..input.by_date.len()).rev() {
        let minutes = input.minutes(position..position + 1, columns);
        if minutes == Minutes::ZERO {
            continue;
        }
        sum = sum + minutes;
        oldest_needed = input.by_date[position].completed_on;
        if sum >= required {
            break;
        }
    }
    *due = last_day_covering(oldest_needed, months);
    match timeline(*due) {
        (RequirementStatus::Pending, next) => (RequirementStatus::Met, next),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_last_day_covering_moves_past_month_end_clamping_only() {
        let cases = [
            (
                date!(2024 - 01 - 28),
                1,
                date!(2024 - 02 - 27),
                "no clamping",
            ),
            (
                date!(2023 - 01 - 31),
                1,
                date!(2023 - 02 - 28),
                "a clamped month end",
            ),
            (
                date!(2023 - 08 - 31),
                6,
                date!(2024 - 02 - 29),
                "a leap February",
            ),
            (
                date!(2199 - 12 - 31),
                60,
                date!(2204 - 12 - 30),
                "past the judged days",
            ),
            (date!(9999 - 12 - 15), 60, Date::MAX, "past the calendar"),
        ];
        for (day, months, expected, why) in cases {
            assert_eq!(last_day_covering(day, months), expected, "{why}");
        }
    }

    #[test]
    fn the_bounded_search_finds_what_the_open_one_did() {
        let open = |day: Date, months: u16| {
            let months = i32::from(months);
            let mut last = previous_day(add_months(day, months));
            for _ in 0..1000 {
                let next = next_day(last);
                if next_day(add_months(next, -months)) > day {
                    return last;
                }
                last = next;
            }
            panic!("no end for {day}")
        };
        let days = std::iter::successors(Some(date!(2023 - 01 - 01)), |d| Some(next_day(*d)));
        for day in days.take(731) {
            for months in [1, 2, 6, 12, 13, 36, 60] {
                assert_eq!(last_day_covering(day, months), open(day, months), "{day}");
            }
        }
    }
}
