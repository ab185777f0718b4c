//! When a state's report is due, from the rule set's `[[reports]]`: the year whose report is
//! due next and each of its due dates with the days left. Per-session reports have none.

use time::Date;

use crate::compliance::ruleset_reports::{ReportDue, StateReportRule};

/// A due date, with its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueDate<'a> {
    pub date: Date,
    pub days_left: i64,
    pub rule: &'a ReportDue,
}

/// The report due next: its year and dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextDue<'a> {
    pub year: i32,
    pub dates: Vec<DueDate<'a>>,
}

/// The due dates of `year`'s report, seen from `today`.
pub fn due_dates(report: &StateReportRule, year: i32, today: Date) -> Vec<DueDate<'_>> {
    let mut dates: Vec<DueDate<'_>> = report
        .due
        .iter()
        .filter_map(|rule| {
            let date = rule.for_year(year)?;
            Some(DueDate {
                date,
                days_left: (date - today).whole_days(),
                rule,
            })
        })
        .collect();
    dates.sort_by_key(|d| d.date);
    dates
}

/// How far a year's report got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearFiled {
    NotPrepared,
    /// Prepared (or reviewed), not yet transmitted.
    Prepared,
    Transmitted,
}

/// The report due next on `today`: last year's (the last one ended) while it is not transmitted, and, once its
/// last due date has passed, only if it was prepared (it is then overdue, its days left
/// negative; a year never prepared in ConfiTrek was filed some other way); otherwise this
/// year's, or the next year's once this year's is transmitted. None for a report without
/// due dates.
pub fn next_due(
    report: &StateReportRule,
    today: Date,
    filed: impl Fn(i32) -> YearFiled,
) -> Option<NextDue<'_>> {
    if report.due.is_empty() {
        return None;
    }
    // The year in progress: the first whose report is not yet due (a fiscal year's report,
    // due the month after it ends, falls due in the year it is named by).
    let current = (today.year()..=today.year() + 1)
        .find(|y| {
            due_dates(report, *y, today)
                .iter()
                .any(|d| d.days_left >= 0)
        })
        .unwrap_or(today.year());
    let last_year = current - 1;
    let last = due_dates(report, last_year, today);
    let still_open = last.iter().any(|d| d.days_left >= 0);
    let year = match filed(last_year) {
        YearFiled::Transmitted => current,
        YearFiled::Prepared => last_year,
        YearFiled::NotPrepared if still_open => last_year,
        YearFiled::NotPrepared => current,
    };
    // A report transmitted before its due date (Minnesota's application in July, as soon as
    // the fiscal year has ended) is done with: the next period's is due next.
    let year = if year == current && filed(current) == YearFiled::Transmitted {
        current + 1
    } else {
        year
    };
    Some(NextDue {
        year,
        dates: due_dates(report, year, today),
    })
}
