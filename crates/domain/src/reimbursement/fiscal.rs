//! Fiscal years, named by the calendar year they end in: with a July start, FY2026 is
//! 2025-07-01 to 2026-06-30; with a January start, the calendar year.

use time::{Date, Month};

/// The years ConfiTrek computes reimbursement for.
pub const FIRST_YEAR: i32 = 1990;
pub const LAST_YEAR: i32 = 2199;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FiscalYear {
    end_year: i32,
    start_month: Month,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FiscalYearError {
    #[error("must be a year from {FIRST_YEAR} to {LAST_YEAR}, not {0}")]
    OutOfRange(i32),
    #[error("{0} is not a month")]
    NotAMonth(u8),
}

impl FiscalYear {
    /// The fiscal year ending in `end_year` that starts in `start_month` (1 to 12).
    pub fn new(end_year: i32, start_month: u8) -> Result<Self, FiscalYearError> {
        let start_month =
            Month::try_from(start_month).map_err(|_| FiscalYearError::NotAMonth(start_month))?;
        if !(FIRST_YEAR..=LAST_YEAR).contains(&end_year) {
            return Err(FiscalYearError::OutOfRange(end_year));
        }
        Ok(Self {
            end_year,
            start_month,
        })
    }

    /// The fiscal year a day falls in.
    pub fn containing(day: Date, start_month: u8) -> Result<Self, FiscalYearError> {
        let month =
            Month::try_from(start_month).map_err(|_| FiscalYearError::NotAMonth(start_month))?;
        let end_year = if month != Month::January && day.month() as u8 >= month as u8 {
            day.year() + 1
        } else {
            day.year()
        };
        Self::new(end_year, start_month)
    }

    /// The year it ends in, which names it.
    pub fn end_year(self) -> i32 {
        self.end_year
    }

    pub fn start(self) -> Date {
        let year = if self.start_month == Month::January {
            self.end_year
        } else {
            self.end_year - 1
        };
        first_of(year, self.start_month)
    }

    /// The last day.
    pub fn end(self) -> Date {
        let next = first_of(self.start().year() + 1, self.start_month);
        next.previous_day().unwrap_or(next)
    }

    pub fn contains(self, day: Date) -> bool {
        (self.start()..=self.end()).contains(&day)
    }

    /// "FY2026" (or, for a calendar year, "2026").
    pub fn label(self) -> String {
        if self.start_month == Month::January {
            self.end_year.to_string()
        } else {
            format!("FY{}", self.end_year)
        }
    }

    /// The first `month`/`day` after the year ends (Minnesota's July 31): in the calendar
    /// year it ends in if that day is still to come, else the next. February 29 of a common
    /// year falls back to February 28.
    pub fn first_after(self, month: u8, day: u8) -> Date {
        let end = self.end();
        let on = |year: i32| {
            let m = Month::try_from(month).unwrap_or(Month::December);
            Date::from_calendar_date(year, m, day)
                .or_else(|_| Date::from_calendar_date(year, m, day.saturating_sub(1)))
                .unwrap_or(end)
        };
        let same_year = on(end.year());
        if same_year > end {
            same_year
        } else {
            on(end.year() + 1)
        }
    }
}

fn first_of(year: i32, month: Month) -> Date {
    // Every year of the range has every month's first day.
    Date::from_calendar_date(year, month, 1).unwrap_or(Date::MIN)
}

/// Whole calendar months inside `year` in which every day lies in `from..=to`.
pub fn whole_months(year: FiscalYear, from: Date, to: Date) -> u16 {
    let from = from.max(year.start());
    let to = to.min(year.end());
    let mut count = 0;
    let mut first = year.start();
    while first <= year.end() {
        let month = first.month().next();
        let next = first_of(first.year() + i32::from(month == Month::January), month);
        let last = next.previous_day().unwrap_or(next);
        if from <= first && last <= to {
            count += 1;
        }
        first = next;
    }
    count
}
