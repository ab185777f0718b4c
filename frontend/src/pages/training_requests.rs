//! `/training-requests`: a person asks for a place in an upcoming session and follows his or
//! her requests; the training office and supervisors decide the pending ones, with a comment.

use confitrek_types::{
    Page, SessionDto, TrainingRequestDecision, TrainingRequestDto, TrainingRequestInput,
    TrainingRequestStatus,
};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{self, ApiResult};
use crate::components::problem::{ProblemAlert, load_error};
use crate::format::{optional, today};
use crate::routes::RoleAbilities;
use crate::session::Session;

/// Whether a session still takes requests: not started, and not full.
pub fn open_for_requests(session: &SessionDto, today: time::Date) -> bool {
    session.starts_on >= today && session.capacity.is_none_or(|c| session.enrolled < c)
}

/// The decision as the API takes it: a blank comment is none.
pub fn decision(comment: &str) -> TrainingRequestDecision {
    TrainingRequestDecision {
        comment: optional(comment),
    }
}

#[component]
pub fn TrainingRequestsPage() -> impl IntoView {
    let me = Session::get().me();
    let decides = me
        .as_ref()
        .is_some_and(|m| m.role.decides_training_requests());
    let person_id = me.as_ref().and_then(|m| m.person_id);
    let mine = LocalResource::new(move || async move {
        match person_id {
            Some(id) => api::training_requests(None, Some(id)).await,
            None => Ok(Page {
                items: vec![],
                next_cursor: None,
            }),
        }
    });
    let pending = LocalResource::new(|| api::training_requests(Some("pending"), None));
    let reload = move || {
        mine.refetch();
        pending.refetch();
    };
    view! {
        <h1>"Training requests"</h1>
        {person_id.map(|_| view! { <RequestForm on_sent=reload /> })}
        {person_id.map(|_| view! {
            <section aria-labelledby="my-requests-heading">
                <h2 id="my-requests-heading">"My requests"</h2>
                <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
                    <ErrorBoundary fallback=load_error>
                        {move || Suspend::new(async move {
                            mine.await.map(|page| view! { <MyRequests list=page.items reload /> })
                        })}
                    </ErrorBoundary>
                </Transition>
            </section>
        })}
        {decides.then(|| view! {
            <section aria-labelledby="to-decide-heading">
                <h2 id="to-decide-heading">"Requests to decide"</h2>
                <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
                    <ErrorBoundary fallback=load_error>
                        {move || Suspend::new(async move {
                            pending.await.map(|page| {
                                let others: Vec<TrainingRequestDto> = page
                                    .items
                                    .into_iter()
                                    .filter(|r| Some(r.person_id) != person_id)
                                    .collect();
                                view! { <ToDecide list=others reload /> }
                            })
                        })}
                    </ErrorBoundary>
                </Transition>
            </section>
        })}
    }
}

#[component]
fn RequestForm(on_sent: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let sessions = LocalResource::new(|| api::upcoming_sessions(today()));
    let chosen = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let send = Action::new_local(move |input: &TrainingRequestInput| {
        let input = input.clone();
        async move {
            let sent = api::request_training(&input).await?;
            note.set(String::new());
            on_sent();
            ApiResult::Ok(sent)
        }
    });
    let problem = Signal::derive(move || match send.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None,
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send.dispatch(TrainingRequestInput {
            course_id: None,
            session_id: Uuid::parse_str(&chosen.get_untracked()).ok(),
            note: optional(&note.get_untracked()),
        });
    };
    let options = move || {
        Suspend::new(async move {
            sessions.await.map(|page| {
                let day = today();
                page.items
                    .into_iter()
                    .filter(|s| open_for_requests(s, day))
                    .map(|s| {
                        let label = format!(
                            "{} — {}{}",
                            s.starts_on,
                            s.course_title,
                            s.location
                                .as_deref()
                                .map(|l| format!(", {l}"))
                                .unwrap_or_default()
                        );
                        view! { <option value=s.id.to_string()>{label}</option> }
                    })
                    .collect_view()
            })
        })
    };
    let message = move |field: &'static str| {
        move || {
            problem
                .get()
                .and_then(|p| p.field_message(field).map(str::to_owned))
        }
    };
    view! {
        <form class="request-training" on:submit=on_submit novalidate>
            <h2>"Request training"</h2>
            <ProblemAlert problem shown_fields=&["session_id", "course_id", "note"] />
            <div class="field" class:invalid=move || message("session_id")().is_some() || message("course_id")().is_some()>
                <label for="session_id">"Session"</label>
                <select id="session_id" name="session_id"
                    on:change=move |ev| chosen.set(event_target_value(&ev))
                    prop:value=move || chosen.get()>
                    <option value="">"Choose an upcoming session"</option>
                    <Transition fallback=|| ()>
                        <ErrorBoundary fallback=|_| ()>{options}</ErrorBoundary>
                    </Transition>
                </select>
                <p class="field-error">{message("session_id")}{message("course_id")}</p>
            </div>
            <div class="field" class:invalid=move || message("note")().is_some()>
                <label for="note">"Why (optional)"</label>
                <textarea id="note" name="note" rows="3"
                    on:input=move |ev| note.set(event_target_value(&ev))
                    prop:value=move || note.get()></textarea>
                <p class="field-error">{message("note")}</p>
            </div>
            <button type="submit" class="primary" disabled=move || send.pending().get()>"Send request"</button>
            {move || matches!(send.value().get(), Some(Ok(_))).then(|| view! {
                <p class="notice" role="status">"Request sent. You will see the decision here."</p>
            })}
        </form>
    }
}

fn when(r: &TrainingRequestDto) -> String {
    match r.session_starts_on {
        Some(day) => format!("{} on {day}", r.course_title),
        None => r.course_title.clone(),
    }
}

#[component]
fn MyRequests(
    list: Vec<TrainingRequestDto>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    if list.is_empty() {
        return view! { <p>"No requests yet."</p> }.into_any();
    }
    let withdraw = Action::new_local(move |id: &Uuid| {
        let id = *id;
        async move {
            let done = api::withdraw_training_request(id).await;
            reload();
            done
        }
    });
    let items = list
        .into_iter()
        .map(|r| {
            let id = r.id;
            let pending = r.status == TrainingRequestStatus::Pending;
            view! {
                <li class="request">
                    <strong>{when(&r)}</strong>
                    " — " <span class="status">{r.status.label()}</span>
                    {r.decision_comment.clone().map(|c| view! { <p class="comment">{c}</p> })}
                    {pending.then(|| view! {
                        <button type="button" on:click=move |_| { withdraw.dispatch(id); }>"Withdraw"</button>
                    })}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="requests">{items}</ul> }.into_any()
}

#[component]
fn ToDecide(
    list: Vec<TrainingRequestDto>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    if list.is_empty() {
        return view! { <p>"Nothing waiting for a decision."</p> }.into_any();
    }
    list.into_iter()
        .map(|r| view! { <DecisionRow request=r reload /> })
        .collect_view()
        .into_any()
}

#[component]
fn DecisionRow(
    request: TrainingRequestDto,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = request.id;
    let comment = RwSignal::new(String::new());
    let decide = Action::new_local(move |approve: &bool| {
        let approve = *approve;
        let body = decision(&comment.get_untracked());
        async move {
            let done = if approve {
                api::approve_training_request(id, &body).await
            } else {
                api::deny_training_request(id, &body).await
            };
            if done.is_ok() {
                reload();
            }
            done
        }
    });
    let problem = Signal::derive(move || match decide.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None,
    });
    let field_id = format!("comment-{id}");
    let message = move || {
        problem
            .get()
            .and_then(|p| p.field_message("comment").map(str::to_owned))
    };
    view! {
        <article class="decision" aria-label=format!("Request of {}", request.person_name)>
            <h3>{request.person_name.clone()}</h3>
            <p>{when(&request)}</p>
            {request.note.clone().map(|n| view! { <p class="note">"“" {n} "”"</p> })}
            <ProblemAlert problem shown_fields=&["comment"] />
            <div class="field" class:invalid=move || message().is_some()>
                <label for=field_id.clone()>"Comment"</label>
                <input id=field_id type="text" on:input=move |ev| comment.set(event_target_value(&ev))
                    prop:value=move || comment.get() />
                <p class="field-error">{message}</p>
            </div>
            <div class="actions">
                <button type="button" class="primary" disabled=move || decide.pending().get()
                    on:click=move |_| { decide.dispatch(true); }>"Approve"</button>
                <button type="button" disabled=move || decide.pending().get()
                    on:click=move |_| { decide.dispatch(false); }>"Deny"</button>
            </div>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn session(starts_on: time::Date, capacity: Option<u32>, enrolled: u32) -> SessionDto {
        SessionDto {
            id: Uuid::nil(),
            course_id: Uuid::nil(),
            course_title: "CIT refresher".into(),
            starts_on,
            ends_on: starts_on,
            start_time: None,
            end_time: None,
            location: None,
            instructor: None,
            capacity,
            enrolled,
            attended: 0,
            created_at: time::OffsetDateTime::UNIX_EPOCH,
            updated_at: time::OffsetDateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn only_sessions_not_started_and_not_full_take_requests() {
        let today = date!(2026 - 11 - 26);
        assert!(open_for_requests(&session(today, None, 40), today));
        assert!(open_for_requests(
            &session(date!(2027 - 01 - 05), Some(12), 11),
            today
        ));
        assert!(!open_for_requests(
            &session(date!(2027 - 01 - 05), Some(12), 12),
            today
        ));
        assert!(!open_for_requests(
            &session(date!(2026 - 11 - 25), None, 0),
            today
        ));
    }

    #[test]
    fn a_blank_comment_is_sent_as_none() {
        assert_eq!(decision("  ").comment, None);
        assert_eq!(decision(" Covered ").comment.as_deref(), Some("Covered"));
    }
}
