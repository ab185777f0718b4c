//! `/credential-types`: the agency's own credentials (TASER user, K9 handler), each with its
//! validity and the courses or events that earn or renew it; the training office adds,
//! edits and removes them on the page.

use confitrek_types::{CourseDto, CredentialTypeDto, CredentialTypeInput, Problem};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{self, ApiResult};
use crate::components::checkbox_group::CheckboxGroup;
use crate::components::confirm::{AskButton, ConfirmPrompt, Confirmation};
use crate::components::fields::TextField;
use crate::components::problem::{ProblemAlert, load_error};
use crate::credentials::{CredentialTypeFields, TYPE_FIELDS, renewal_text, validity_text};
use crate::routes::RoleAbilities;
use crate::session::Session;

type Types = LocalResource<ApiResult<Vec<CredentialTypeDto>>>;
type Courses = LocalResource<ApiResult<Vec<CourseDto>>>;

#[component]
pub fn CredentialTypesPage() -> impl IntoView {
    let can_manage = Session::get()
        .role_untracked()
        .is_some_and(RoleAbilities::manages_credentials_and_policies);
    let types: Types = LocalResource::new(api::credential_types);
    let courses: Courses = LocalResource::new(api::catalog_courses);
    // The type being edited; `None` while adding a new one.
    let editing = RwSignal::new(None::<CredentialTypeDto>);
    let list = move || {
        Suspend::new(async move {
            types
                .await
                .map(|list| view! { <TypeList list courses can_manage editing types /> })
        })
    };
    let form = move || {
        let kind = editing.get();
        // A fresh form for each type edited (and for a new one).
        view! { <TypeForm kind courses editing types /> }
    };
    view! {
        <h1>"Credentials"</h1>
        <p class="hint">
            "The agency's own credentials, each valid for some months from its issue. A "
            "credential is awarded on a person's page, or earned by completing a course or event "
            "that renews it. An agency requirement with the measure “credential” makes it count."
        </p>
        <section aria-labelledby="types-heading">
            <h2 id="types-heading">"Credential types"</h2>
            <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
                <ErrorBoundary fallback=load_error>{list}</ErrorBoundary>
            </Transition>
        </section>
        {can_manage.then_some(form)}
    }
}

#[component]
fn TypeList(
    list: Vec<CredentialTypeDto>,
    courses: Courses,
    can_manage: bool,
    editing: RwSignal<Option<CredentialTypeDto>>,
    types: Types,
) -> impl IntoView {
    if list.is_empty() {
        return view! { <p class="hint">"No credential types yet."</p> }.into_any();
    }
    let items = list
        .into_iter()
        .map(|kind| {
            let heading_id = format!("type-{}", kind.id);
            let renewal = kind.renewed_by.clone();
            let renewed_by = move || {
                let catalog = courses.get().and_then(Result::ok).unwrap_or_default();
                renewal_text(&renewal, |id| {
                    catalog.iter().find(|c| c.id == id).map(|c| c.title.clone())
                })
            };
            let actions = can_manage.then(|| {
                let kind = kind.clone();
                view! { <TypeActions kind editing types /> }
            });
            view! {
                <li>
                    <article class="profile" aria-labelledby=heading_id.clone()>
                        <h3 id=heading_id.clone()>{kind.name.clone()}</h3>
                        <dl class="facts">
                            <dt>"Code"</dt><dd><code>{kind.code.clone()}</code></dd>
                            <dt>"Valid for"</dt><dd>{validity_text(kind.validity_months)}</dd>
                            <dt>"Earned or renewed by"</dt><dd>{renewed_by}</dd>
                        </dl>
                        {actions}
                    </article>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="profile-list">{items}</ul> }.into_any()
}

/// Edit (in the form below) and delete, which asks once more.
#[component]
fn TypeActions(
    kind: CredentialTypeDto,
    editing: RwSignal<Option<CredentialTypeDto>>,
    types: Types,
) -> impl IntoView {
    let id = kind.id;
    let name = kind.name.clone();
    let confirm = Confirmation::new();
    let delete = Action::new_local(move |_: &()| async move {
        api::delete_credential_type(id).await?;
        if editing.with_untracked(|e| e.as_ref().is_some_and(|e| e.id == id)) {
            editing.set(None);
        }
        types.refetch();
        ApiResult::Ok(())
    });
    let problem = Signal::derive(move || match delete.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None,
    });
    let question = format!("Delete {name}?");
    let named = format!(" {name}");
    let edit = move |_| {
        editing.set(Some(kind.clone()));
        focus_form();
    };
    view! {
        <div class="item-actions">
            <button type="button" on:click=edit>
                "Edit" <span class="visually-hidden">{named.clone()}</span>
            </button>
            <AskButton confirm>
                "Delete" <span class="visually-hidden">{named.clone()}</span>
            </AskButton>
        </div>
        <ConfirmPrompt confirm question yes="Yes, delete" busy=delete.pending()
            on_yes=move || { delete.dispatch(()); } />
        <ProblemAlert problem />
    }
}

/// Brings the form into view with its first field focused, after "Edit".
fn focus_form() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(form) = document.get_element_by_id("credential-type-form") {
        form.scroll_into_view();
    }
    if let Some(code) = document.get_element_by_id("code")
        && let Ok(input) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(code)
    {
        let _ = input.focus();
    }
}

#[derive(Clone, Copy)]
struct Draft {
    code: RwSignal<String>,
    name: RwSignal<String>,
    validity_months: RwSignal<String>,
    course_ids: RwSignal<Vec<String>>,
    events: RwSignal<Vec<String>>,
}

impl Draft {
    fn of(f: CredentialTypeFields) -> Self {
        Draft {
            code: RwSignal::new(f.code),
            name: RwSignal::new(f.name),
            validity_months: RwSignal::new(f.validity_months),
            course_ids: RwSignal::new(f.course_ids),
            events: RwSignal::new(f.events),
        }
    }

    fn read(self) -> CredentialTypeFields {
        CredentialTypeFields {
            code: self.code.get_untracked(),
            name: self.name.get_untracked(),
            validity_months: self.validity_months.get_untracked(),
            course_ids: self.course_ids.get_untracked(),
            events: self.events.get_untracked(),
        }
    }
}

#[component]
fn TypeForm(
    kind: Option<CredentialTypeDto>,
    courses: Courses,
    editing: RwSignal<Option<CredentialTypeDto>>,
    types: Types,
) -> impl IntoView {
    let initial = kind.as_ref().map_or_else(
        || CredentialTypeFields {
            validity_months: "12".into(),
            ..Default::default()
        },
        CredentialTypeFields::of,
    );
    let draft = Draft::of(initial);
    let id: Option<Uuid> = kind.as_ref().map(|k| k.id);
    let heading = kind.as_ref().map_or_else(
        || "Add credential type".to_owned(),
        |k| format!("Edit {}", k.name),
    );
    let submit_label = if id.is_some() {
        "Save changes"
    } else {
        "Add credential type"
    };
    let sent_courses = RwSignal::new(Vec::new());
    let sent_events = RwSignal::new(Vec::new());
    let course_choices = Signal::derive(move || {
        courses
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|c| (c.id.to_string(), c.title))
            .collect()
    });
    // The events of the agency's state rules (e.g. a firearms qualification).
    let state = Session::get()
        .me()
        .and_then(|me| me.agency)
        .map(|a| a.state_code)
        .unwrap_or_default();
    let jurisdiction = LocalResource::new(move || {
        let state = state.clone();
        async move { api::jurisdiction(&state).await }
    });
    let event_choices = Signal::derive(move || {
        jurisdiction
            .get()
            .and_then(Result::ok)
            .map(|j| j.events.into_iter().map(|e| (e.code, e.title)).collect())
            .unwrap_or_default()
    });
    let save = Action::new_local(move |input: &CredentialTypeInput| {
        let input = input.clone();
        async move {
            let saved = match id {
                Some(id) => api::update_credential_type(id, &input).await?,
                None => api::create_credential_type(&input).await?,
            };
            types.refetch();
            ApiResult::Ok(saved)
        }
    });
    let local_problem = RwSignal::new(None::<Problem>);
    let problem = Signal::derive(move || {
        local_problem.get().or_else(|| match save.value().get() {
            Some(Err(e)) => Some(e.into_problem()),
            _ => None,
        })
    });
    let saved = move || match save.value().get() {
        Some(Ok(k)) if local_problem.with(Option::is_none) => {
            Some(view! { <p class="saved" role="status">{format!("Saved {}.", k.name)}</p> })
        }
        _ => None,
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match draft.read().to_input() {
            Ok(input) => {
                local_problem.set(None);
                sent_courses.set(
                    input
                        .renewed_by
                        .course_ids
                        .iter()
                        .map(Uuid::to_string)
                        .collect(),
                );
                sent_events.set(input.renewed_by.events.clone());
                save.dispatch(input);
            }
            Err(errors) => local_problem.set(Some(Problem::invalid_input(errors))),
        }
    };
    let pending = save.pending();
    view! {
        <section class="credential-type-form" aria-labelledby="type-form-heading">
            <form id="credential-type-form" on:submit=on_submit novalidate>
                <h2 id="type-form-heading">{heading}</h2>
                <ProblemAlert problem shown_fields=TYPE_FIELDS />
                {saved}
                <TextField name="name" label="Name" value=draft.name problem required=true
                    hint="e.g. TASER X2 user, K9 handler." />
                <TextField name="code" label="Code" value=draft.code problem required=true
                    hint="Lower-case letters, digits and _, e.g. taser_x2: agency requirements name it." />
                <TextField name="validity_months" label="Valid for (months)" value=draft.validity_months
                    problem input_type="number" hint="Blank: it never expires." />
                <CheckboxGroup name="renewed_by.course_ids" legend="Courses that earn or renew it"
                    choices=course_choices value=draft.course_ids sent=sent_courses problem
                    hint="Completing one issues the credential on the day of the training." />
                <CheckboxGroup name="renewed_by.events" legend="Events that earn or renew it"
                    choices=event_choices value=draft.events sent=sent_events problem />
                <div class="form-actions">
                    <button type="submit" class="primary" disabled=move || pending.get()>
                        {move || if pending.get() { "Saving…" } else { submit_label }}
                    </button>
                    {id.map(|_| view! {
                        <button type="button" on:click=move |_| editing.set(None)>"Cancel"</button>
                    })}
                </div>
            </form>
        </section>
    }
}
