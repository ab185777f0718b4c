//! `/sessions`: upcoming and past sessions of the agency's courses, and scheduling a new one.

use confitrek_types::{CalendarFeedKind, CourseDto, Problem, SessionDto, SessionInput};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use time::Duration;

use crate::api::{self, ApiResult};
use crate::components::calendar_feed::CalendarFeeds;
use crate::components::fields::{SelectField, TextField};
use crate::components::problem::{ProblemAlert, load_error};
use crate::components::session_calendar::{SessionCalendar, month_of};
use crate::format::{date, today};
use crate::routes::{RoleAbilities, Route};
use crate::session::Session;
use crate::training::{SessionForm, session_input};

/// "2026-05-04, 08:00 to 16:30" or "2026-05-04 to 2026-05-06, 08:00 to 16:30 each day";
/// without the hours when the session has none.
pub fn session_dates(s: &SessionDto) -> String {
    let days = if s.ends_on == s.starts_on {
        date(Some(s.starts_on))
    } else {
        format!("{} to {}", date(Some(s.starts_on)), date(Some(s.ends_on)))
    };
    let each = if s.ends_on == s.starts_on {
        ""
    } else {
        " each day"
    };
    match (&s.start_time, &s.end_time) {
        (Some(start), Some(end)) => format!("{days}, {start} to {end}{each}"),
        (Some(start), None) => format!("{days}, from {start}"),
        _ => days,
    }
}

/// "5 of 12 places taken" or "5 enrolled": said on its own, in a list.
pub fn places(s: &SessionDto) -> String {
    match s.capacity {
        Some(c) => format!("{} of {c} places taken", s.enrolled),
        None => format!("{} enrolled", s.enrolled),
    }
}

/// "5 of 12 taken" or "5 enrolled, no limit": beside the word "Places".
pub fn places_taken(s: &SessionDto) -> String {
    match s.capacity {
        Some(c) => format!("{} of {c} taken", s.enrolled),
        None => format!("{} enrolled, no limit", s.enrolled),
    }
}

#[component]
pub fn SessionsPage() -> impl IntoView {
    let can_manage = Session::get()
        .role_untracked()
        .is_some_and(RoleAbilities::manages_training);
    let day = today();
    let upcoming = LocalResource::new(move || api::sessions(Some(day), None, None));
    let past = LocalResource::new(move || api::sessions(None, Some(day - Duration::days(1)), None));
    let list = move |resource: LocalResource<ApiResult<confitrek_types::Page<SessionDto>>>,
                     past: bool| {
        move || {
            Suspend::new(async move {
                resource.await.map(|page| {
                    let mut items: Vec<SessionDto> = page.items;
                    if past {
                        // Sessions still running are among the upcoming ones; newest first here.
                        items.retain(|s| s.ends_on < day);
                        items.reverse();
                    }
                    view! { <SessionList items /> }
                })
            })
        }
    };
    let month = RwSignal::new(month_of(day));
    let calendar = RwSignal::new(false);
    view! {
        <div class="page-head">
            <h1>"Sessions"</h1>
            <div class="view-switch" role="group" aria-label="Show the sessions as">
                <button type="button" aria-pressed=move || (!calendar.get()).to_string()
                    on:click=move |_| calendar.set(false)>"List"</button>
                <button type="button" aria-pressed=move || calendar.get().to_string()
                    on:click=move |_| calendar.set(true)>"Calendar"</button>
            </div>
        </div>
        {can_manage.then(|| view! { <NewSession /> })}
        <Show when=move || calendar.get()>
            <SessionCalendar first=month />
        </Show>
        {can_manage.then(|| view! { <CalendarFeeds kind=CalendarFeedKind::Agency /> })}
        <section aria-labelledby="upcoming-heading" hidden=move || calendar.get()>
            <h2 id="upcoming-heading">"Upcoming and running"</h2>
            <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
                <ErrorBoundary fallback=load_error>{list(upcoming, false)}</ErrorBoundary>
            </Transition>
        </section>
        <section aria-labelledby="past-heading" hidden=move || calendar.get()>
            <h2 id="past-heading">"Past"</h2>
            <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
                <ErrorBoundary fallback=load_error>{list(past, true)}</ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn SessionList(items: Vec<SessionDto>) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="hint">"None."</p> }.into_any();
    }
    let rows = items
        .into_iter()
        .map(|s| {
            let attended = (s.attended > 0).then(|| format!(" · {} attended", s.attended));
            let when = session_dates(&s);
            let taken = places(&s);
            let place = s.location.map(|l| format!(" · {l}"));
            view! {
                <li class="session-item">
                    <A href=Route::Session(s.id).path()>{s.course_title}</A>
                    <p>{when} {place}</p>
                    <p class="hint">{taken} {attended}</p>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="session-list">{rows}</ul> }.into_any()
}

const SHOWN: &[&str] = &[
    "course_id",
    "starts_on",
    "ends_on",
    "start_time",
    "end_time",
    "location",
    "instructor",
    "capacity",
];

/// Scheduling a session: the course, the dates, where, who teaches, how many places.
#[component]
fn NewSession() -> impl IntoView {
    let courses = LocalResource::new(api::catalog_courses);
    let course = RwSignal::new(String::new());
    let starts_on = RwSignal::new(String::new());
    let ends_on = RwSignal::new(String::new());
    let start_time = RwSignal::new(String::new());
    let end_time = RwSignal::new(String::new());
    let location = RwSignal::new(String::new());
    let instructor = RwSignal::new(String::new());
    let capacity = RwSignal::new(String::new());
    let local = RwSignal::new(None::<Problem>);
    let navigate = use_navigate();
    let create = Action::new_local(move |input: &SessionInput| {
        let input = input.clone();
        let navigate = navigate.clone();
        async move {
            let created = api::create_session(&input).await?;
            navigate(&Route::Session(created.id).path(), Default::default());
            ApiResult::Ok(())
        }
    });
    let problem = Signal::derive(move || {
        local.get().or_else(|| match create.value().get() {
            Some(Err(e)) => Some(e.into_problem()),
            _ => None,
        })
    });
    let options = Signal::derive(move || {
        let list: Vec<CourseDto> = courses.get().and_then(Result::ok).unwrap_or_default();
        std::iter::once((String::new(), "Choose a course".to_owned()))
            .chain(
                list.into_iter()
                    .filter(|c| c.active)
                    .map(|c| (c.id.to_string(), c.title)),
            )
            .collect::<Vec<_>>()
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (course, starts_on, ends_on) = (
            course.get_untracked(),
            starts_on.get_untracked(),
            ends_on.get_untracked(),
        );
        let (start_time, end_time) = (start_time.get_untracked(), end_time.get_untracked());
        let (location, instructor, capacity) = (
            location.get_untracked(),
            instructor.get_untracked(),
            capacity.get_untracked(),
        );
        match session_input(&SessionForm {
            course_id: &course,
            starts_on: &starts_on,
            ends_on: &ends_on,
            start_time: &start_time,
            end_time: &end_time,
            location: &location,
            instructor: &instructor,
            capacity: &capacity,
        }) {
            Ok(input) => {
                local.set(None);
                create.dispatch(input);
            }
            Err(problems) => local.set(Some(Problem::invalid_input(problems))),
        }
    };
    view! {
        <details class="new-session">
            <summary>"Schedule a session"</summary>
            <form on:submit=on_submit novalidate>
                <ProblemAlert problem shown_fields=SHOWN />
                <SelectField name="course_id" label="Course" value=course options problem />
                <TextField name="starts_on" label="Starts on" value=starts_on problem input_type="date" required=true />
                <TextField name="ends_on" label="Ends on" value=ends_on problem input_type="date"
                    hint="Leave empty for a one-day session." />
                <div class="field-pair">
                    <TextField name="start_time" label="Starts at" value=start_time problem input_type="time"
                        hint="Each day, in the agency's time zone." />
                    <TextField name="end_time" label="Ends at" value=end_time problem input_type="time" />
                </div>
                <TextField name="location" label="Location" value=location problem />
                <TextField name="instructor" label="Instructor" value=instructor problem />
                <TextField name="capacity" label="Places" value=capacity problem input_type="number"
                    hint="Leave empty for no limit." />
                <button type="submit" class="primary" disabled=move || create.pending().get()>"Schedule session"</button>
            </form>
        </details>
    }
}
