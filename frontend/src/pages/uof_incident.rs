//! `/uof/:id`: one use-of-force incident as a reviewer reads it, with the workflow steps the
//! caller may take, the training panel and the history of amended versions.

use confitrek_types::{IncidentDto, IncidentStatus, IncidentVersionDto, Problem, UOF_ATTESTATION};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::ApiResult;
use crate::api::uof as api;
use crate::components::problem::load_error;
use crate::components::uof_errors::field_label;
use crate::components::uof_model::qualification_sentence;
use crate::components::uof_summary::{IncidentFacts, OfficersSummary, SubjectsSummary};
use crate::components::uof_training::TrainingPanel;
use crate::format::{optional, timestamp};
use crate::pages::person::{id_param, no_such};
use crate::routes::Route;

pub fn status_class(status: IncidentStatus) -> &'static str {
    match status {
        IncidentStatus::Draft => "badge quiet",
        IncidentStatus::Submitted => "badge warn",
        IncidentStatus::Reviewed => "badge neutral",
        IncidentStatus::Closed => "badge good",
    }
}

/// The incident the route names, loaded (again on `refetch`).
pub fn route_incident() -> LocalResource<ApiResult<IncidentDto>> {
    let id = id_param();
    LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::incident(id).await,
                None => no_such("incident"),
            }
        }
    })
}

#[component]
pub fn IncidentPage() -> impl IntoView {
    let incident = route_incident();
    let reload = move || incident.refetch();
    let body = move || {
        Suspend::new(async move { incident.await.map(|i| view! { <Incident i reload /> }) })
    };
    view! {
        <p><A href=Route::UofIncidents.path()>"← Use-of-force incidents"</A></p>
        <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
            <ErrorBoundary fallback=load_error>{body}</ErrorBoundary>
        </Transition>
    }
}

#[component]
fn Incident(i: IncidentDto, reload: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let case = i
        .incident
        .case_number
        .clone()
        .unwrap_or_else(|| "without a case number".to_owned());
    let qualifies = format!(
        "Qualifies for FBI reporting: {}.",
        qualification_sentence(&i.qualification)
    );
    let narrative = i
        .incident
        .narrative
        .clone()
        .unwrap_or_else(|| "No narrative yet.".to_owned());
    let version = (i.version > 1).then(|| format!(" · version {}", i.version));
    view! {
        <div class="page-head">
            <h1>{format!("Incident {case}")}</h1>
            <span class=status_class(i.status)>{i.status.label()}</span>
        </div>
        <p class="hint">
            {format!("Written by {} · started {}", i.author, timestamp(i.created_at))}
            {i.submitted_at.map(|at| format!(" · submitted {}", timestamp(at)))}
            {i.closed_at.map(|at| format!(" · closed {}", timestamp(at)))}
            {version}
        </p>
        <p class="uof-qualifies" class:qualifies=i.qualification.qualifies>{qualifies}</p>
        <Workflow i=i.clone() reload />
        <Review i=i.clone() />
        <section aria-labelledby="facts-heading">
            <h2 id="facts-heading">"Incident"</h2>
            <IncidentFacts incident=i.incident.clone() />
        </section>
        <section aria-labelledby="subjects-heading">
            <h2 id="subjects-heading">"Subjects"</h2>
            <SubjectsSummary subjects=i.incident.subjects.clone() />
        </section>
        <section aria-labelledby="officers-heading">
            <h2 id="officers-heading">"Officers"</h2>
            <OfficersSummary officers=i.incident.officers.clone() roster=i.officers.clone() />
        </section>
        <section aria-labelledby="narrative-heading">
            <h2 id="narrative-heading">"Narrative"</h2>
            <p class="uof-narrative">{narrative}</p>
        </section>
        <TrainingPanel training=i.training.clone() status=i.status />
        <History history=i.history.clone() />
    }
}

/// The attestation, the review and its comment, as far as they have happened.
#[component]
fn Review(i: IncidentDto) -> impl IntoView {
    let mut rows = Vec::new();
    if let Some(statement) = i.attestation.clone() {
        rows.push(("Attestation", statement));
    }
    if let Some(by) = i.reviewed_by.clone() {
        let when = i
            .reviewed_at
            .map(|at| format!(", {}", timestamp(at)))
            .unwrap_or_default();
        rows.push(("Reviewed by", format!("{by}{when}")));
    }
    if let Some(comment) = i.review_comment.clone() {
        rows.push(("Review comment", comment));
    }
    (!rows.is_empty()).then(|| {
        let rows = rows
            .into_iter()
            .map(|(term, value)| view! { <dt>{term}</dt><dd>{value}</dd> })
            .collect_view();
        view! {
            <section aria-labelledby="review-heading">
                <h2 id="review-heading">"Submission and review"</h2>
                <dl class="facts">{rows}</dl>
            </section>
        }
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Submit,
    Review,
    Return,
    Close,
}

#[component]
fn Workflow(i: IncidentDto, reload: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let a = i.actions;
    if !(a.edit || a.submit || a.review || a.return_to_author || a.close || a.amend) {
        return None;
    }
    let id = i.id;
    let comment = RwSignal::new(String::new());
    let attest = RwSignal::new(false);
    let take = Action::new_local(move |step: &Step| {
        let step = *step;
        let text = optional(&comment.get_untracked());
        async move {
            let done: ApiResult<IncidentDto> = match step {
                Step::Submit => api::submit_incident(id, attest.get_untracked()).await,
                Step::Review => api::review_incident(id, text).await,
                Step::Return => api::return_incident(id, text).await,
                Step::Close => api::close_incident(id).await,
            };
            if done.is_ok() {
                reload();
            }
            done.map(drop)
        }
    });
    let problem = Signal::derive(move || match take.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None,
    });
    let busy = move || take.pending().get();
    let edit = a.edit.then(|| {
        view! { <A href=Route::EditIncident(id).path() attr:class="button">"Edit draft"</A> }
    });
    let amend = a.amend.then(|| {
        view! { <A href=Route::AmendIncident(id).path() attr:class="button">"Amend"</A> }
    });
    let submit = a.submit.then(|| {
        let message = move || {
            problem
                .get()
                .and_then(|p| p.field_message("attest").map(str::to_owned))
        };
        view! {
            <div class="attestation">
                <div class="check">
                    <input type="checkbox" id="attest"
                        aria-invalid=move || message().is_some().then_some("true")
                        aria-describedby=move || message().is_some().then_some("error-attest")
                        prop:checked=move || attest.get()
                        on:change=move |ev| attest.set(event_target_checked(&ev)) />
                    <label for="attest">{UOF_ATTESTATION}</label>
                </div>
                <p id="error-attest" class="field-error" hidden=move || message().is_none()>{message}</p>
                <button type="button" class="primary" disabled=busy
                    on:click=move |_| { take.dispatch(Step::Submit); }>"Submit"</button>
            </div>
        }
    });
    let reviewing = (a.review || a.return_to_author).then(|| {
        let message = move || problem.get().and_then(|p| p.field_message("comment").map(str::to_owned));
        view! {
            <div class="field" class:invalid=move || message().is_some()>
                <label for="review-comment">"Review comment"</label>
                <p class="hint" id="hint-review-comment">"Optional when marking it reviewed; required when returning it, to say what should change."</p>
                <textarea id="review-comment" rows="3" aria-describedby="hint-review-comment error-comment"
                    prop:value=move || comment.get()
                    on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                <p id="error-comment" class="field-error" hidden=move || message().is_none()>{message}</p>
            </div>
            <div class="form-actions">
                {a.review.then(|| view! {
                    <button type="button" class="primary" disabled=busy
                        on:click=move |_| { take.dispatch(Step::Review); }>"Mark reviewed"</button>
                })}
                {a.return_to_author.then(|| view! {
                    <button type="button" disabled=busy
                        on:click=move |_| { take.dispatch(Step::Return); }>"Return to author"</button>
                })}
            </div>
        }
    });
    let close = a.close.then(|| {
        view! {
            <button type="button" class="primary" disabled=busy
                on:click=move |_| { take.dispatch(Step::Close); }>"Close incident"</button>
        }
    });
    Some(view! {
        <section class="uof-workflow" aria-labelledby="workflow-heading">
            <h2 id="workflow-heading">"Workflow"</h2>
            <WorkflowProblem problem id />
            {submit}
            {reviewing}
            <div class="form-actions">{edit}{close}{amend}</div>
        </section>
    })
}

/// A refused step: the server's words, and for a submission every element still missing.
#[component]
fn WorkflowProblem(problem: Signal<Option<Problem>>, id: uuid::Uuid) -> impl IntoView {
    move || {
        problem.get().map(|p| {
            let missing: Vec<_> = p
                .errors
                .iter()
                .filter(|e| e.field != "comment" && e.field != "attest")
                .map(|e| view! { <li>{format!("{}: {}", field_label(&e.field), e.message)}</li> })
                .collect();
            let fix = (!missing.is_empty()).then(|| {
                view! {
                    <ul>{missing}</ul>
                    <p><A href=Route::EditIncident(id).path()>"Complete the draft"</A></p>
                }
            });
            view! {
                <div class="alert" role="alert">
                    <p class="alert-title">{p.title.clone()}</p>
                    {p.detail.clone().map(|d| view! { <p>{d}</p> })}
                    {fix}
                </div>
            }
        })
    }
}

#[component]
fn History(history: Vec<IncidentVersionDto>) -> impl IntoView {
    (!history.is_empty()).then(|| {
        let rows = history
            .into_iter()
            .map(|v| {
                view! {
                    <tr>
                        <td data-label="Version">{v.version}</td>
                        <td data-label="Replaced">{timestamp(v.replaced_at)}</td>
                        <td data-label="By">{v.replaced_by.clone()}</td>
                        <td data-label="Reason">{v.reason.clone()}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section aria-labelledby="history-heading">
                <h2 id="history-heading">"History"</h2>
                <p class="hint">"Earlier versions, replaced by amendments, oldest first."</p>
                <div class="table-scroll">
                    <table class="uof-history">
                        <thead>
                            <tr>
                                <th scope="col">"Version"</th>
                                <th scope="col">"Replaced at"</th>
                                <th scope="col">"Replaced by"</th>
                                <th scope="col">"Reason"</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
        }
    })
}
