//! The one form that creates and edits a policy: its title, code, the days to acknowledge
//! each version, and whom it is assigned to. Its text is published as versions, on the
//! policy's page.

use confitrek_types::{PolicyInput, Problem};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::ApiResult;
use crate::components::assignment::{AssignmentDraft, AssignmentFieldset, AssignmentSent};
use crate::components::fields::TextField;
use crate::components::problem::ProblemAlert;
use crate::policies::{FIELDS, PolicyFields};
use crate::routes::Route;

#[component]
pub fn PolicyForm(
    initial: PolicyFields,
    save: Action<PolicyInput, ApiResult<()>>,
    submit_label: &'static str,
    /// Where "Cancel" goes.
    back: Route,
) -> impl IntoView {
    let code = RwSignal::new(initial.code);
    let title = RwSignal::new(initial.title);
    let due_days = RwSignal::new(initial.due_days);
    let assignment = AssignmentDraft::of(initial.assignment);
    let sent = AssignmentSent::new();
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
        let fields = PolicyFields {
            code: code.get_untracked(),
            title: title.get_untracked(),
            due_days: due_days.get_untracked(),
            assignment: assignment.read(),
        };
        match fields.to_input() {
            Ok(input) => {
                local_problem.set(None);
                sent.record(&fields.assignment);
                save.dispatch(input);
            }
            Err(errors) => local_problem.set(Some(Problem::invalid_input(errors))),
        }
    };
    view! {
        <form class="policy-form" on:submit=on_submit novalidate>
            <ProblemAlert problem shown_fields=FIELDS />
            <TextField name="title" label="Title" value=title problem required=true
                hint="e.g. Vehicle pursuit policy." />
            <TextField name="code" label="Code" value=code problem required=true
                hint="Lower-case letters, digits and _, e.g. vehicle_pursuit; its requirement is policy.<code>." />
            <TextField name="due_days" label="Days to acknowledge" value=due_days problem
                input_type="number" required=true
                hint="How long each person has to acknowledge a new version, from its publication." />
            <AssignmentFieldset draft=assignment sent problem />
            <div class="form-actions">
                <button type="submit" class="primary" disabled=move || pending.get()>
                    {move || if pending.get() { "Saving…" } else { submit_label }}
                </button>
                <A href=back.path() attr:class="button">"Cancel"</A>
            </div>
        </form>
    }
}
