//! Date arithmetic the rules need: whole months and years that never panic, clamping to the
//! end of a shorter month (so a cycle anchored on February 29 ends on February 28).

use time::{Date, Duration, Month};

pub fn add_months(date: Date, months: i32) -> Date {
    let zero_based = date.year() * 12 + i32::from(date.month() as u8) - 1 + months;
    let year = zero_based.div_euclid(12);
    let month = Month::try_from((zero_based.rem_euclid(12) + 1) as u8).unwrap_or(Month::January);
    let last = time::util::days_in_month(month, year);
    Date::from_calendar_date(year, month, date.day().min(last)).unwrap_or(date)
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
}
