//! The one form that creates and edits a training profile: its name, the agency
//! requirements it groups, and whom it is assigned to.

use confitrek_types::{Problem, ProfileInput};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::agency_rules::profile::{AssignmentFields, FIELDS, ProfileFields};
use crate::api::{self, ApiResult};
use crate::components::assignment::{AssignmentDraft, AssignmentFieldset, AssignmentSent};
use crate::components::checkbox_group::CheckboxGroup;
use crate::components::fields::TextField;
use crate::components::problem::ProblemAlert;
use crate::routes::Route;

#[derive(Clone, Copy)]
struct Draft {
    name: RwSignal<String>,
    requirement_codes: RwSignal<Vec<String>>,
    assignment: AssignmentDraft,
}

impl Draft {
    fn of(f: ProfileFields) -> Self {
        Draft {
            name: RwSignal::new(f.name),
            requirement_codes: RwSignal::new(f.requirement_codes),
            assignment: AssignmentDraft::of(AssignmentFields {
                kind: f.assignment,
                units: f.units,
                role_flags: f.role_flags,
                people: f.people,
            }),
        }
    }

    fn read(self) -> ProfileFields {
        let assignment = self.assignment.read();
        ProfileFields {
            name: self.name.get_untracked(),
            requirement_codes: self.requirement_codes.get_untracked(),
            assignment: assignment.kind,
            units: assignment.units,
            role_flags: assignment.role_flags,
            people: assignment.people,
        }
    }
}

#[component]
pub fn ProfileForm(
    initial: ProfileFields,
    save: Action<ProfileInput, ApiResult<()>>,
    submit_label: &'static str,
) -> impl IntoView {
    let draft = Draft::of(initial);
    let sent_codes = RwSignal::new(Vec::new());
    let sent = AssignmentSent::new();
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
                sent_codes.set(input.requirement_codes.clone());
                sent.record(&draft.assignment.read());
                save.dispatch(input);
            }
            Err(errors) => local_problem.set(Some(Problem::invalid_input(errors))),
        }
    };
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
                value=draft.requirement_codes sent=sent_codes problem
                hint="The agency's own requirements this profile gives the people it is assigned to." />
            {no_requirements}
            <AssignmentFieldset draft=draft.assignment sent problem />
            <div class="form-actions">
                <button type="submit" class="primary" disabled=move || pending.get()>
                    {move || if pending.get() { "Saving…" } else { submit_label }}
                </button>
                <A href=Route::Requirements.path() attr:class="button">"Cancel"</A>
            </div>
        </form>
    }
}
