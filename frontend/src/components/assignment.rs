//! Whom something is assigned to (a training profile, a policy): everyone, sworn officers,
//! some units, people with some roles, or named people, each kind with its own list.

use confitrek_types::Problem;
use leptos::prelude::*;
use uuid::Uuid;

use crate::agency_rules::profile::{ASSIGNMENTS, AssignmentFields};
use crate::api;
use crate::components::checkbox_group::{CheckboxGroup, messages};
use crate::components::fields::SelectField;
use crate::components::person_select::{PersonSelect, whole_roster};
use crate::components::role_flags::RoleFlagsField;
use crate::format;

/// The assignment as the inputs hold it.
#[derive(Clone, Copy)]
pub struct AssignmentDraft {
    pub kind: RwSignal<String>,
    pub units: RwSignal<Vec<String>>,
    pub role_flags: RwSignal<Vec<String>>,
    pub people: RwSignal<Vec<Uuid>>,
}

impl AssignmentDraft {
    pub fn of(f: AssignmentFields) -> Self {
        AssignmentDraft {
            kind: RwSignal::new(f.kind),
            units: RwSignal::new(f.units),
            role_flags: RwSignal::new(f.role_flags),
            people: RwSignal::new(f.people),
        }
    }

    pub fn read(self) -> AssignmentFields {
        AssignmentFields {
            kind: self.kind.get_untracked(),
            units: self.units.get_untracked(),
            role_flags: self.role_flags.get_untracked(),
            people: self.people.get_untracked(),
        }
    }
}

/// The lists of the last request sent, to name the item an indexed error is about.
#[derive(Clone, Copy)]
pub struct AssignmentSent {
    units: RwSignal<Vec<String>>,
    role_flags: RwSignal<Vec<String>>,
    people: RwSignal<Vec<String>>,
}

impl AssignmentSent {
    pub fn new() -> Self {
        AssignmentSent {
            units: RwSignal::new(Vec::new()),
            role_flags: RwSignal::new(Vec::new()),
            people: RwSignal::new(Vec::new()),
        }
    }

    pub fn record(self, fields: &AssignmentFields) {
        self.units.set(fields.units.clone());
        self.role_flags.set(fields.role_flags.clone());
        self.people
            .set(fields.people.iter().map(Uuid::to_string).collect());
    }
}

/// The "Assignment" fieldset: the kind, then the list of the kind chosen.
#[component]
pub fn AssignmentFieldset(
    draft: AssignmentDraft,
    sent: AssignmentSent,
    #[prop(into)] problem: Signal<Option<Problem>>,
) -> impl IntoView {
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
    let assigned = move |kind: &'static str| move || draft.kind.get() == kind;
    view! {
        <fieldset>
            <legend>"Assignment"</legend>
            <SelectField name="assignment" label="Assigned to" value=draft.kind
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
    }
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
            .and_then(|all| all.iter().find(|p| p.id == id).map(format::person_choice))
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
