//! The sessions of a month as a calendar: a week per row, Monday first, each day with the
//! sessions running on it (their start time when they have one). Months are stepped through
//! with the buttons; the month shown is kept in the address (`?month=2026-12`).

use confitrek_types::SessionDto;
use leptos::prelude::*;
use leptos_router::components::A;
use time::{Date, Duration, Month, Weekday};

use crate::api;
use crate::routes::Route;

/// The first day of the month `day` is in.
pub fn month_of(day: Date) -> Date {
    day.replace_day(1).unwrap_or(day)
}

/// The first day of the month after (`step` = 1) or before (-1) the one starting on `first`.
pub fn step_month(first: Date, step: i32) -> Date {
    let index = first.year() * 12 + i32::from(u8::from(first.month())) - 1 + step;
    let (year, month) = (index.div_euclid(12), index.rem_euclid(12) + 1);
    Month::try_from(u8::try_from(month).unwrap_or(1))
        .ok()
        .and_then(|m| Date::from_calendar_date(year, m, 1).ok())
        .unwrap_or(first)
}

/// The days the grid shows for the month starting on `first`: whole weeks, Monday first,
/// so it begins before the 1st and ends after the last day (at most six weeks).
pub fn grid_days(first: Date) -> Vec<Date> {
    let back = i64::from(first.weekday().number_days_from_monday());
    let start = first - Duration::days(back);
    let next = step_month(first, 1);
    let mut days = Vec::with_capacity(42);
    let mut day = start;
    while days.len() < 42 && (day < next || days.len() % 7 != 0) {
        days.push(day);
        day = day.next_day().unwrap_or(day);
    }
    days
}

#[component]
pub fn SessionCalendar(first: RwSignal<Date>) -> impl IntoView {
    let sessions = LocalResource::new(move || {
        let first = first.get();
        let last = step_month(first, 1) - Duration::days(1);
        async move { api::sessions(Some(first), Some(last), None).await }
    });
    let title = move || {
        let f = first.get();
        format!("{} {}", f.month(), f.year())
    };
    let grid = move || {
        let month = first.get();
        let page = sessions.get().and_then(Result::ok);
        let more = page.as_ref().is_some_and(|p| p.next_cursor.is_some());
        let items: Vec<SessionDto> = page.map(|p| p.items).unwrap_or_default();
        let cells = grid_days(month)
            .into_iter()
            .map(|day| {
                let running: Vec<SessionDto> = items
                    .iter()
                    .filter(|s| s.starts_on <= day && day <= s.ends_on)
                    .cloned()
                    .collect();
                let outside = day.month() != month.month();
                let weekend = matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday);
                view! {
                    <li class="day" class:outside=outside class:weekend=weekend
                        aria-label=format!("{} {}", day.weekday(), day)>
                        <span class="day-number" aria-hidden="true">{day.day()}</span>
                        <ul>
                            {running.into_iter().map(|s| {
                                let time = s.start_time.clone().map(|t| format!("{t} ")).unwrap_or_default();
                                view! {
                                    <li><A href=Route::Session(s.id).path()>{time}{s.course_title}</A></li>
                                }
                            }).collect_view()}
                        </ul>
                    </li>
                }
            })
            .collect_view();
        view! {
            <ol class="month-grid">{cells}</ol>
            {more.then(|| view! { <p class="hint">"Only the first 50 sessions of the month are shown."</p> })}
        }
    };
    view! {
        <section class="session-calendar" aria-labelledby="calendar-heading">
            <div class="calendar-head">
                <button type="button" on:click=move |_| first.update(|f| *f = step_month(*f, -1))>
                    <span aria-hidden="true">"‹ "</span>"Previous month"
                </button>
                <h2 id="calendar-heading">{title}</h2>
                <button type="button" on:click=move |_| first.update(|f| *f = step_month(*f, 1))>
                    "Next month"<span aria-hidden="true">" ›"</span>
                </button>
            </div>
            <ol class="weekdays" aria-hidden="true">
                {["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map(|d| view! { <li>{d}</li> })}
            </ol>
            {grid}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_month_is_whole_weeks_from_monday_and_steps_across_years() {
        // December 2026 begins on a Tuesday and ends on a Thursday.
        let days = grid_days(date!(2026 - 12 - 01));
        assert_eq!(days.first(), Some(&date!(2026 - 11 - 30)));
        assert_eq!(days.last(), Some(&date!(2027 - 01 - 03)));
        assert_eq!(days.len() % 7, 0);
        // February 2027 begins on a Monday: four whole weeks.
        assert_eq!(grid_days(date!(2027 - 02 - 01)).len(), 28);
        // A leap February.
        assert!(grid_days(date!(2028 - 02 - 01)).contains(&date!(2028 - 02 - 29)));
        assert_eq!(step_month(date!(2026 - 12 - 01), 1), date!(2027 - 01 - 01));
        assert_eq!(step_month(date!(2027 - 01 - 01), -1), date!(2026 - 12 - 01));
        assert_eq!(month_of(date!(2026 - 12 - 06)), date!(2026 - 12 - 01));
    }
}
