//! The one form that creates and edits a training profile: its name, the agency
//! requirements it groups, and whom it is assigned to.

use confitrek_types::{PersonDto, Problem, ProfileInput};
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

use crate::agency_rules::profile::{ASSIGNMENTS, FIELDS, ProfileFields};
use crate::api::{self, ApiResult};
use crate::components::checkbox_group::{CheckboxGroup, messages};
use crate::components::fields::{SelectField, TextField};
use crate::components::person_select::{PersonSelect, whole_roster};
use crate::components::problem::ProblemAlert;
use crate::components::role_flags::RoleFlagsField;
use crate::routes::Route;

#[derive(Clone, Copy)]
struct Draft {
    name: RwSignal<String>,
    requirement_codes: RwSignal<Vec<String>>,
    assignment: RwSignal<String>,
    units: RwSignal<Vec<String>>,
    role_flags: RwSignal<Vec<String>>,
    people: RwSignal<Vec<Uuid>>,
}

impl Draft {
    fn of(f: ProfileFields) -> Self {
        Draft {
            name: RwSignal::new(f.name),
            requirement_codes: RwSignal::new(f.requirement_codes),
            assignment: RwSignal::new(f.assignment),
            units: RwSignal::new(f.units),
            role_flags: RwSignal::new(f.role_flags),
            people: RwSignal::new(f.people),
        }
    }

    fn read(self) -> ProfileFields {
        ProfileFields {
            name: self.name.get_untracked(),
            requirement_codes: self.requirement_codes.get_untracked(),
            assignment: self.assignment.get_untracked(),
            units: self.units.get_untracked(),
            role_flags: self.role_flags.get_untracked(),
            people: self.people.get_untracked(),
        }
    }
}

/// The lists of the last request sent, to name the item an indexed error is about.
#[derive(Clone, Copy)]
struct Sent {
    requirement_codes: RwSignal<Vec<String>>,
    units: RwSignal<Vec<String>>,
    role_flags: RwSignal<Vec<String>>,
    people: RwSignal<Vec<String>>,
}

#[component]
pub fn ProfileForm(
    initial: ProfileFields,
    save: Action<ProfileInput, ApiResult<()>>,
    submit_label: &'static str,
) -> impl IntoView {
    let draft = Draft::of(initial);
    let sent = Sent {
        requirement_codes: RwSignal::new(Vec::new()),
        units: RwSignal::new(Vec::new()),
        role_flags: RwSignal::new(Vec::new()),
        people: RwSignal::new(Vec::new()),
    };
    let requirements = LocalResource::new(api::requirements);
    let requirement_choices = Signal::derive(move || {
        requirements
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|r| (r.code.clone(), format!("{} ({})", r.rule.title, r.code)))
            .collect()
    });
    let units = LocalResource::new(api::units);
    let unit_choices = Signal::derive(move || {
        units
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|u| (u.clone(), u))
            .collect()
    });
    let local_problem = RwSignal::new(None::<Problem>);
    let problem = Signal::derive(move || {
        local_problem.get().or_else(|| match save.value().get() {
            Some(Err(e)) => Some(e.into_problem()),
            _ => None,
        })
    });
    let pending = save.pending();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let fields = draft.read();
        match fields.to_input() {
            Ok(input) => {
                local_problem.set(None);
                sent.requirement_codes.set(input.requirement_codes.clone());
                sent.units.set(fields.units);
                sent.role_flags.set(fields.role_flags);
                sent.people
                    .set(fields.people.iter().map(Uuid::to_string).collect());
                save.dispatch(input);
            }
            Err(errors) => local_problem.set(Some(Problem::invalid_input(errors))),
        }
    };
    let assigned = move |kind: &'static str| move || draft.assignment.get() == kind;
    let no_requirements = move || {
        matches!(requirements.get(), Some(Ok(list)) if list.is_empty()).then_some(view! {
            <p class="hint">
                "The agency has no requirements of its own yet. "
                <A href=Route::NewRequirement.path()>"Add a requirement"</A>
                " first, or save the profile now and add them later."
            </p>
        })
    };
    view! {
        <form class="profile-form" on:submit=on_submit novalidate>
            <ProblemAlert problem shown_fields=FIELDS />
            <TextField name="name" label="Name" value=draft.name problem required=true
                hint="e.g. K9 unit, Firearms instructors." />
            <CheckboxGroup name="requirement_codes" legend="Requirements" choices=requirement_choices
                value=draft.requirement_codes sent=sent.requirement_codes problem
                hint="The agency's own requirements this profile gives the people it is assigned to." />
            {no_requirements}
            <fieldset>
                <legend>"Assignment"</legend>
                <SelectField name="assignment" label="Assigned to" value=draft.assignment
                    options=ASSIGNMENTS.to_vec() problem />
                <Show when=assigned("units")>
                    <CheckboxGroup name="assignment.units" legend="Units" choices=unit_choices
                        value=draft.units sent=sent.units problem />
                </Show>
                <Show when=assigned("role_flags")>
                    <RoleFlagsField name="assignment.role_flags" legend="Roles" value=draft.role_flags
                        sent=sent.role_flags problem hint="People with any of these roles." />
                </Show>
                <Show when=assigned("people")>
                    <PeoplePicker people=draft.people sent=sent.people problem />
                </Show>
            </fieldset>
            <div class="form-actions">
                <button type="submit" class="primary" disabled=move || pending.get()>
                    {move || if pending.get() { "Saving…" } else { submit_label }}
                </button>
                <A href=Route::Requirements.path() attr:class="button">"Cancel"</A>
            </div>
        </form>
    }
}

fn display(person: &PersonDto) -> String {
    format!("{} ({})", person.display_name(), person.badge)
}

/// The people chosen by name: a list with a remove button each, and a select that adds the
/// person picked.
#[component]
fn PeoplePicker(
    people: RwSignal<Vec<Uuid>>,
    sent: RwSignal<Vec<String>>,
    #[prop(into)] problem: Signal<Option<Problem>>,
) -> impl IntoView {
    let roster = LocalResource::new(whole_roster);
    let name_of = move |id: Uuid| {
        roster
            .get()
            .and_then(Result::ok)
            .and_then(|all| all.iter().find(|p| p.id == id).map(display))
            .unwrap_or_else(|| id.to_string())
    };
    let picked = RwSignal::new(String::new());
    Effect::new(move || {
        let text = picked.get();
        if let Ok(id) = Uuid::parse_str(&text) {
            people.update(|list| {
                if !list.contains(&id) {
                    list.push(id);
                }
            });
            picked.set(String::new());
        }
    });
    let errors = Memo::new(move |_| {
        problem.with(|p| {
            p.as_ref()
                .map(|p| {
                    sent.with(|sent| {
                        messages(p, "assignment.people", sent, |id| {
                            Uuid::parse_str(id).map_or_else(|_| id.to_owned(), name_of)
                        })
                    })
                })
                .unwrap_or_default()
        })
    });
    let chosen = move || {
        people
            .get()
            .into_iter()
            .map(|id| {
                let name = name_of(id);
                let remove = move |_| people.update(|list| list.retain(|p| *p != id));
                view! {
                    <li>
                        <span>{name.clone()}</span>
                        <button type="button" on:click=remove>
                            "Remove" <span class="visually-hidden">{format!(" {name}")}</span>
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <div class="people-picker">
            <p class="picker-label" id="chosen-people-label">"People"</p>
            <ul class="chosen-people" aria-labelledby="chosen-people-label">
                {chosen}
                <Show when=move || people.with(Vec::is_empty)>
                    <li class="hint">"Nobody yet."</li>
                </Show>
            </ul>
            <div class="field-error" id="error-assignment.people-items" hidden=move || errors.with(Vec::is_empty)>
                {move || errors.get().into_iter().map(|m| view! { <p>{m}</p> }).collect_view()}
            </div>
            <PersonSelect name="assignment.people" label="Add a person" value=picked problem />
        </div>
    }
}
