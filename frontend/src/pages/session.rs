//! `/sessions/:id`: one session, its roster, and the coordinator's most common task: ticking
//! everyone who attended and recording their training in one step.

use std::collections::BTreeSet;

use confitrek_types::{
    AttendanceRequest, AttendanceResult, EnrollmentRequest, EnrollmentStatus, Problem,
    RosterEntryDto, SessionDetailDto,
};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use uuid::Uuid;

use crate::api::{self, ApiResult};
use crate::components::confirm::{AskButton, ConfirmPrompt, Confirmation};
use crate::components::fields::{FieldError, field_message};
use crate::components::person_select::PersonSelect;
use crate::components::problem::{ProblemAlert, load_error};
use crate::format::date_input;
use crate::pages::person::{id_param, no_such};
use crate::pages::person_edit::replace;
use crate::pages::sessions::{places_taken, session_dates};
use crate::routes::{RoleAbilities, Route};
use crate::session::Session;
use crate::training::attendance_request;

type Detail = LocalResource<ApiResult<SessionDetailDto>>;

pub fn enrollment_label(status: EnrollmentStatus) -> (&'static str, &'static str) {
    match status {
        EnrollmentStatus::Enrolled => ("Enrolled", "badge neutral"),
        EnrollmentStatus::Attended => ("Attended", "badge good"),
        EnrollmentStatus::NoShow => ("Did not attend", "badge quiet"),
    }
}

/// What the coordinator is told after sending the sheet.
pub fn attendance_summary(result: &AttendanceResult) -> String {
    let recorded = result.recorded.len();
    let mut text = match recorded {
        1 => "Attendance recorded for 1 person.".to_owned(),
        n => format!("Attendance recorded for {n} people."),
    };
    match result.already_recorded.len() {
        0 => {}
        1 => text.push_str(" 1 person was already recorded and was left as is."),
        n => text.push_str(&format!(
            " {n} people were already recorded and were left as they were."
        )),
    }
    text
}

#[component]
pub fn SessionPage() -> impl IntoView {
    let id = id_param();
    let detail: Detail = LocalResource::new(move || async move {
        match id.get() {
            Some(id) => api::session(id).await,
            None => no_such("session"),
        }
    });
    let can_manage = Session::get()
        .role_untracked()
        .is_some_and(RoleAbilities::manages_training);
    // Outlives the reload of the session after a write, so its outcome stays on screen.
    let notice = RwSignal::new(None::<String>);
    let body = move || {
        Suspend::new(async move {
            detail
                .await
                .map(|d| view! { <SessionView detail=d reload=detail can_manage notice /> })
        })
    };
    view! {
        <p><A href=Route::Sessions.path()>"All sessions"</A></p>
        <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
            <ErrorBoundary fallback=load_error>{body}</ErrorBoundary>
        </Transition>
    }
}

#[component]
fn SessionView(
    detail: SessionDetailDto,
    reload: Detail,
    can_manage: bool,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let s = detail.session;
    let id = s.id;
    view! {
        <h1>{s.course_title.clone()}</h1>
        <dl class="record session-facts">
            <dt>"Dates"</dt><dd>{session_dates(&s)}</dd>
            <dt>"Location"</dt><dd>{s.location.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>"Instructor"</dt><dd>{s.instructor.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>"Places"</dt><dd>{places_taken(&s)}</dd>
            <dt>"Attended"</dt><dd>{s.attended}</dd>
        </dl>
        {can_manage.then(|| view! {
            <p><a class="button" href=api::sign_in_sheet_url(id) download="">"Print sign-in sheet (PDF)"</a></p>
        })}
        {if can_manage {
            view! {
                <Attendance session_id=id ends_on=date_input(Some(s.ends_on)) roster=detail.roster reload notice />
                <Enroll session_id=id reload />
                <SessionExpenses session_id=id />
                // A session that has begun happened: it is not cancelled, its attendance is taken.
                {(s.attended == 0 && s.starts_on > crate::format::today())
                    .then(|| view! { <CancelSession session_id=id /> })}
            }
            .into_any()
        } else {
            view! { <Roster roster=detail.roster /> }.into_any()
        }}
    }
}

/// The roster as a read-only list.
#[component]
fn Roster(roster: Vec<RosterEntryDto>) -> impl IntoView {
    let rows = roster
        .into_iter()
        .map(|r| {
            let (label, class) = enrollment_label(r.status);
            view! {
                <li><A href=Route::Person(r.person_id).path()>{r.name}</A> " " <span class=class>{label}</span></li>
            }
        })
        .collect_view();
    view! {
        <h2>"Roster"</h2>
        <ul class="roster-list">{rows}</ul>
    }
}

/// The roster with a box to tick for everyone whose attendance is not recorded yet.
#[component]
fn Attendance(
    session_id: Uuid,
    ends_on: String,
    roster: Vec<RosterEntryDto>,
    reload: Detail,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let ticked = RwSignal::new(BTreeSet::<Uuid>::new());
    let completed_on = RwSignal::new(ends_on);
    let local = RwSignal::new(None::<Problem>);
    let record = Action::new_local(move |request: &AttendanceRequest| {
        let request = request.clone();
        async move {
            let result = api::record_attendance(session_id, &request).await?;
            ticked.set(BTreeSet::new());
            notice.set(Some(attendance_summary(&result)));
            reload.refetch();
            ApiResult::Ok(result)
        }
    });
    let remove = Action::new_local(move |person: &Uuid| {
        let person = *person;
        async move {
            api::unenroll(session_id, person).await?;
            reload.refetch();
            ApiResult::Ok(())
        }
    });
    let problem = Signal::derive(move || {
        local.get().or_else(|| {
            [
                record.value().get().and_then(Result::err),
                remove.value().get().and_then(Result::err),
            ]
            .into_iter()
            .flatten()
            .next()
            .map(|e| e.into_problem())
        })
    });
    let order: Vec<Uuid> = roster.iter().map(|r| r.person_id).collect();
    let open = roster.iter().filter(|r| r.record_id.is_none()).count();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = ticked.get_untracked();
        let in_order: Vec<Uuid> = order
            .iter()
            .copied()
            .filter(|p| chosen.contains(p))
            .collect();
        match attendance_request(&in_order, &completed_on.get_untracked()) {
            Ok(request) => {
                local.set(None);
                notice.set(None);
                record.dispatch(request);
            }
            Err(problems) => local.set(Some(Problem::invalid_input(problems))),
        }
    };
    let all_open: Vec<Uuid> = roster
        .iter()
        .filter(|r| r.record_id.is_none())
        .map(|r| r.person_id)
        .collect();
    let rows = roster
        .into_iter()
        .map(|r| {
            let (label, class) = enrollment_label(r.status);
            let person = r.person_id;
            let box_id = format!("attended-{person}");
            let tick = (r.record_id.is_none()).then(|| {
                view! {
                    <input type="checkbox" id=box_id.clone()
                        prop:checked=move || ticked.with(|t| t.contains(&person))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            ticked.update(|t| { if on { t.insert(person); } else { t.remove(&person); } });
                        } />
                }
            });
            let unenroll = (r.status != EnrollmentStatus::Attended).then(|| {
                view! {
                    <button type="button" class="link-button" disabled=move || remove.pending().get()
                        on:click=move |_| { remove.dispatch(person); }>
                        "Remove" <span class="visually-hidden">{format!(" {} from the roster", r.name)}</span>
                    </button>
                }
            });
            view! {
                <li class="attendee">
                    {tick}
                    <label for=box_id>{r.name.clone()} <span class="hint">{format!(" {}", r.badge)}</span></label>
                    <span class=class>{label}</span>
                    <A href=Route::Person(person).path()>"Profile" <span class="visually-hidden">{format!(" of {}", r.name)}</span></A>
                    {unenroll}
                </li>
            }
        })
        .collect_view();
    // `person_ids` and any `person_ids.N` belong to the list of people; the date to its input.
    let list_message = move || {
        problem
            .get()
            .map(|p| {
                p.errors
                    .iter()
                    .filter(|e| e.field == "person_ids" || e.field.starts_with("person_ids."))
                    .map(|e| e.message.clone())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .filter(|m| !m.is_empty())
    };
    let date_message = field_message(problem, "completed_on");
    let outcome = move || {
        notice
            .get()
            .map(|text| view! { <p class="notice" role="status">{text}</p> })
    };
    view! {
        <form class="attendance" on:submit=on_submit novalidate>
            <h2>"Roster and attendance"</h2>
            <ProblemAlert problem shown_fields=&["person_ids", "completed_on"] />
            {outcome}
            <p class="hint">"Tick everyone who attended: each gets a verified record with the course's hours."</p>
            {(open > 1).then(|| view! {
                <button type="button" on:click=move |_| ticked.set(all_open.iter().copied().collect())>
                    "Tick everyone"
                </button>
            })}
            <ul class="attendees" aria-describedby="error-person_ids">{rows}</ul>
            <p id="error-person_ids" class="field-error" hidden=move || list_message().is_none()>
                {list_message}
            </p>
            <div class="field" class:invalid=move || date_message.with(Option::is_some)>
                <label for="completed_on">"Completed on"</label>
                <input id="completed_on" type="date" prop:value=move || completed_on.get()
                    aria-invalid=move || date_message.with(Option::is_some).then_some("true")
                    aria-describedby=move || date_message.with(Option::is_some).then_some("error-completed_on")
                    on:input=move |ev| completed_on.set(event_target_value(&ev)) />
                <FieldError name="completed_on" message=date_message />
            </div>
            <button type="submit" class="primary" disabled=move || record.pending().get()>
                "Record attendance"
            </button>
        </form>
    }
}

/// Cancelling a session nobody has attended yet: it and its roster go.
#[component]
fn CancelSession(session_id: Uuid) -> impl IntoView {
    let navigate = use_navigate();
    let confirm = Confirmation::new();
    let cancel = Action::new_local(move |_: &()| {
        let navigate = navigate.clone();
        async move {
            api::delete_session(session_id).await?;
            navigate(&Route::Sessions.path(), replace());
            ApiResult::Ok(())
        }
    });
    let problem = Signal::derive(move || match cancel.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None,
    });
    view! {
        <section class="danger-zone" aria-labelledby="cancel-heading">
            <h2 id="cancel-heading">"Cancel the session"</h2>
            <ProblemAlert problem />
            <AskButton confirm class="danger">"Cancel session"</AskButton>
            <ConfirmPrompt confirm question="Cancel this session?"
                message="Cancel this session and empty its roster?" yes="Yes, cancel it" keep="Keep it"
                busy=cancel.pending() on_yes=move || { cancel.dispatch(()); } />
        </section>
    }
}

/// Adding one person at a time to the roster.
#[component]
fn Enroll(session_id: Uuid, reload: Detail) -> impl IntoView {
    let person = RwSignal::new(String::new());
    let enroll = Action::new_local(move |request: &EnrollmentRequest| {
        let request = request.clone();
        async move {
            api::enroll(session_id, &request).await?;
            person.set(String::new());
            reload.refetch();
            ApiResult::Ok(())
        }
    });
    let problem = Signal::derive(move || match enroll.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None,
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(id) = Uuid::parse_str(&person.get_untracked()) {
            enroll.dispatch(EnrollmentRequest {
                person_ids: vec![id],
            });
        }
    };
    view! {
        <form class="enroll" on:submit=on_submit>
            <h2>"Add to the roster"</h2>
            <ProblemAlert problem shown_fields=&["person_ids"] />
            <PersonSelect name="person_ids" label="Person" value=person problem />
            <button type="submit" disabled=move || enroll.pending().get() || person.get().is_empty()>
                "Add to roster"
            </button>
        </form>
    }
}

/// The session's costs, shared equally among its attendees, and adding one.
#[component]
fn SessionExpenses(session_id: Uuid) -> impl IntoView {
    let filter = crate::api::expenses::ExpenseFilter {
        session_id: Some(session_id),
        ..Default::default()
    };
    let lines = LocalResource::new(move || {
        let filter = filter.clone();
        async move { crate::api::expenses::expenses(&filter, None).await }
    });
    let changed = Callback::new(move |_| lines.refetch());
    view! {
        <section class="card expense-card" aria-labelledby="session-expenses-heading">
            <h2 id="session-expenses-heading">"Expenses"</h2>
            <p class="hint">"Each line is shared equally among the people who attended."</p>
            <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
                <ErrorBoundary fallback=load_error>
                    {move || Suspend::new(async move {
                        lines.await.map(|page| view! {
                            <crate::components::expenses::ExpenseTable lines=page.items manage=true changed />
                        })
                    })}
                </ErrorBoundary>
            </Transition>
            <crate::components::expense_form::ExpenseForm session=session_id manage=true saved=changed />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(already: usize) -> AttendanceResult {
        AttendanceResult {
            recorded: vec![],
            already_recorded: vec![Uuid::nil(); already],
            no_shows: vec![],
        }
    }

    #[test]
    fn the_coordinator_is_told_who_was_recorded_and_who_already_was() {
        assert_eq!(
            attendance_summary(&result(0)),
            "Attendance recorded for 0 people."
        );
        assert_eq!(
            attendance_summary(&result(2)),
            "Attendance recorded for 0 people. 2 people were already recorded and were left as they were."
        );
        assert_eq!(
            attendance_summary(&result(1)),
            "Attendance recorded for 0 people. 1 person was already recorded and was left as is."
        );
    }
}
