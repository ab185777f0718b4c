//! The use-of-force incident form, step by step so that it works on a phone: the incident,
//! its subjects, the officers, then the narrative with the attestation. Every step can save
//! the draft; a refusal from the server puts each message beside its field and opens the
//! step holding the first one.

use std::collections::HashMap;

use confitrek_types::{AmendIncidentInput, IncidentDto, Problem};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use uuid::Uuid;

use crate::api::uof as api;
use crate::api::{ApiError, ApiResult};
use crate::components::uof_errors::{
    FormStep, field_label, first_error_step, in_form_terms, is_drawn, step_of,
};
use crate::components::uof_model::IncidentForm;
use crate::components::uof_officers::OfficersStep;
use crate::components::uof_steps::{IncidentStep, NarrativeStep};
use crate::components::uof_subjects::SubjectsStep;
use crate::pages::person_edit::replace;
use crate::routes::Route;

/// What the form does with the incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormMode {
    /// A new draft, created on its first save.
    New,
    /// A draft of the author's.
    Edit(Uuid),
    /// A closed incident changed with a reason; the version it replaces is kept.
    Amend(Uuid),
}

/// The state every step shares.
#[derive(Clone, Copy)]
pub struct FormState {
    pub form: RwSignal<IncidentForm>,
    pub problem: Signal<Option<Problem>>,
    pub attest: RwSignal<bool>,
    pub reason: RwSignal<String>,
    pub amending: bool,
    /// Officers' names by roster id, as far as they are known.
    pub names: RwSignal<HashMap<Uuid, String>>,
}

fn scroll_to_top() {
    if let Some(window) = web_sys::window() {
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

#[component]
pub fn IncidentFormView(
    initial: IncidentForm,
    mode: FormMode,
    /// Names of the officers already on the incident.
    #[prop(optional)]
    officers: Vec<(Uuid, String)>,
) -> impl IntoView {
    let form = RwSignal::new(initial);
    let step = RwSignal::new(FormStep::Incident);
    let problem = RwSignal::new(None::<Problem>);
    let notice = RwSignal::new(None::<String>);
    let id = RwSignal::new(match mode {
        FormMode::New => None,
        FormMode::Edit(id) | FormMode::Amend(id) => Some(id),
    });
    let state = FormState {
        form,
        problem: problem.into(),
        attest: RwSignal::new(false),
        reason: RwSignal::new(String::new()),
        amending: matches!(mode, FormMode::Amend(_)),
        names: RwSignal::new(officers.into_iter().collect()),
    };
    let go_to = move |to: FormStep| {
        step.set(to);
        scroll_to_top();
    };
    let refuse = move |p: Problem| {
        let p = in_form_terms(p);
        if let Some(first) = first_error_step(&p) {
            step.set(first);
        }
        problem.set(Some(p));
        notice.set(None);
        scroll_to_top();
    };
    // Saves the draft as it stands: created on the first save, replaced after.
    let save = move || async move {
        let input = form
            .get_untracked()
            .to_input()
            .map_err(|errors| ApiError::from(Problem::invalid_input(errors)))?;
        let saved = match id.get_untracked() {
            Some(existing) => api::update_incident(existing, &input).await?,
            None => api::create_incident(&input).await?,
        };
        id.set(Some(saved.id));
        ApiResult::Ok(saved)
    };
    let save_draft = Action::new_local(move |_: &()| async move {
        match save().await {
            Ok(_) => {
                problem.set(None);
                notice.set(Some(
                    "Draft saved. It waits in the list of incidents until you submit it.".into(),
                ));
            }
            Err(e) => refuse(e.into_problem()),
        }
    });
    let navigate = use_navigate();
    let submit = Action::new_local(move |_: &()| {
        let navigate = navigate.clone();
        async move {
            let done: ApiResult<IncidentDto> = async {
                let attested = state.attest.get_untracked();
                if !attested {
                    return Err(ApiError::from(Problem::invalid_input(vec![
                        confitrek_types::FieldProblem {
                            field: "attest".into(),
                            message: "must be ticked: submitting attests to the statement".into(),
                        },
                    ])));
                }
                let saved = save().await?;
                api::submit_incident(saved.id, true).await
            }
            .await;
            match done {
                Ok(incident) => navigate(&Route::Incident(incident.id).path(), replace()),
                Err(e) => refuse(e.into_problem()),
            }
        }
    });
    let navigate = use_navigate();
    let amend = Action::new_local(move |_: &()| {
        let navigate = navigate.clone();
        async move {
            let done: ApiResult<IncidentDto> = async {
                let incident = form
                    .get_untracked()
                    .to_input()
                    .map_err(|errors| ApiError::from(Problem::invalid_input(errors)))?;
                let Some(target) = id.get_untracked() else {
                    return crate::pages::person::no_such("incident");
                };
                let amendment = AmendIncidentInput {
                    incident,
                    reason: state.reason.get_untracked().trim().to_owned(),
                };
                api::amend_incident(target, &amendment).await
            }
            .await;
            match done {
                Ok(incident) => navigate(&Route::Incident(incident.id).path(), replace()),
                Err(e) => refuse(e.into_problem()),
            }
        }
    });
    let busy = Signal::derive(move || {
        save_draft.pending().get() || submit.pending().get() || amend.pending().get()
    });

    let body = move || match step.get() {
        FormStep::Incident => view! { <IncidentStep state /> }.into_any(),
        FormStep::Subjects => view! { <SubjectsStep state /> }.into_any(),
        FormStep::Officers => view! { <OfficersStep state /> }.into_any(),
        FormStep::Narrative => view! { <NarrativeStep state /> }.into_any(),
    };
    let back_to = move || match id.get() {
        Some(id) => Route::Incident(id).path(),
        None => Route::UofIncidents.path(),
    };
    view! {
        <form class="uof-form" novalidate on:submit=|ev| ev.prevent_default()>
            <StepList step problem=state.problem go_to />
            <ErrorSummary problem=state.problem step amending=state.amending go_to />
            {move || notice.get().map(|n| view! { <p class="notice" role="status">{n}</p> })}
            <h2 class="step-title">
                {move || format!("Step {} of 4: {}", step.get().number(), step.get().title())}
            </h2>
            {body}
            <div class="form-actions uof-actions">
                {move || step.get().previous().map(|to| view! {
                    <button type="button" on:click=move |_| go_to(to)>"Back"</button>
                })}
                {move || step.get().next().map(|to| view! {
                    <button type="button" class="primary" on:click=move |_| go_to(to)>"Next"</button>
                })}
                {(!state.amending).then(|| view! {
                    <button type="button" disabled=move || busy.get()
                        on:click=move |_| { save_draft.dispatch(()); }>
                        {move || if save_draft.pending().get() { "Saving…" } else { "Save draft" }}
                    </button>
                })}
                <Show when=move || step.get() == FormStep::Narrative && !state.amending>
                    <button type="button" class="primary" disabled=move || busy.get()
                        on:click=move |_| { submit.dispatch(()); }>
                        {move || if submit.pending().get() { "Submitting…" } else { "Submit" }}
                    </button>
                </Show>
                <Show when=move || step.get() == FormStep::Narrative && state.amending>
                    <button type="button" class="primary" disabled=move || busy.get()
                        on:click=move |_| { amend.dispatch(()); }>
                        {move || if amend.pending().get() { "Saving…" } else { "Save amendment" }}
                    </button>
                </Show>
                <A href=back_to attr:class="button">"Cancel"</A>
            </div>
        </form>
    }
}

/// The four steps as buttons: where one is, and which steps hold errors.
#[component]
fn StepList(
    step: RwSignal<FormStep>,
    problem: Signal<Option<Problem>>,
    go_to: impl Fn(FormStep) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let items = FormStep::ALL
        .into_iter()
        .map(|s| {
            let has_errors = move || {
                problem.with(|p| {
                    p.as_ref()
                        .is_some_and(|p| p.errors.iter().any(|e| step_of(&e.field) == s))
                })
            };
            view! {
                <li class:current=move || step.get() == s class:has-errors=has_errors>
                    <button type="button" class="link-button"
                        aria-current=move || (step.get() == s).then_some("step")
                        on:click=move |_| go_to(s)>
                        {format!("{}. {}", s.number(), s.title())}
                        {move || has_errors().then_some(view! { <span class="visually-hidden">" (has errors)"</span> })}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! { <ol class="uof-steps" aria-label="Steps">{items}</ol> }
}

/// The refusal at the top: what the server said, and the errors that are not beside a field
/// on the step shown, each with a way to its step.
#[component]
fn ErrorSummary(
    problem: Signal<Option<Problem>>,
    step: RwSignal<FormStep>,
    amending: bool,
    go_to: impl Fn(FormStep) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    move || {
        problem.get().map(|p| {
            let current = step.get();
            let here = p.errors.iter().any(|e| step_of(&e.field) == current);
            let elsewhere: Vec<_> = p
                .errors
                .iter()
                .filter(|e| step_of(&e.field) != current || !is_drawn(&e.field, amending))
                .map(|e| {
                    let to = step_of(&e.field);
                    let text = format!("{}: {}", field_label(&e.field), e.message);
                    view! {
                        <li>
                            <button type="button" class="link-button" on:click=move |_| go_to(to)>
                                {format!("Step {}", to.number())}
                            </button>
                            " " {text}
                        </li>
                    }
                })
                .collect();
            view! {
                <div class="alert" role="alert">
                    <p class="alert-title">{p.title.clone()}</p>
                    {p.detail.clone().map(|d| view! { <p>{d}</p> })}
                    {here.then_some(view! { <p>"Please correct the fields marked below."</p> })}
                    {(!elsewhere.is_empty()).then(|| view! { <ul class="uof-elsewhere">{elsewhere}</ul> })}
                </div>
            }
        })
    }
}
