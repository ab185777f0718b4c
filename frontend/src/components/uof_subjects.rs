//! Step 2 of the incident form: the subjects, added and removed, each with the collection's
//! elements. No names: the records-system reference is the only link to the person.

use confitrek_types::{Problem, YesNoUnknown};
use leptos::prelude::*;

use crate::components::uof_errors::messages_for;
use crate::components::uof_fields::{UChecks, UChoice, UText, slot};
use crate::components::uof_form::FormState;
use crate::components::uof_model::SubjectForm;

#[component]
pub fn SubjectsStep(state: FormState) -> impl IntoView {
    let form = state.form;
    let count = Memo::new(move |_| form.with(|f| f.subjects.len()));
    // Redrawn when a subject comes or goes, so that each block's index is its place.
    let subjects = move || {
        (0..count.get())
            .map(|i| view! { <SubjectFields state i /> })
            .collect_view()
    };
    view! {
        <p class="hint">"Everyone force was used on, one block each."</p>
        {subjects}
        <ListMessage name="subjects" problem=state.problem />
        <button type="button" on:click=move |_| form.update(|f| f.subjects.push(SubjectForm::default()))>
            "Add a subject"
        </button>
    }
}

/// The message on the list as a whole (`subjects`: none at all).
#[component]
pub fn ListMessage(name: &'static str, problem: Signal<Option<Problem>>) -> impl IntoView {
    let message = Memo::new(move |_| {
        problem.with(|p| {
            p.as_ref()
                .and_then(|p| p.field_message(name))
                .map(str::to_owned)
        })
    });
    view! {
        <p id=format!("error-{name}") class="field-error" hidden=move || message.with(Option::is_none)>
            {move || message.get()}
        </p>
    }
}

#[component]
fn SubjectFields(state: FormState, i: usize) -> impl IntoView {
    let (form, problem) = (state.form, state.problem);
    let name = move |field: &str| format!("subjects.{i}.{field}");
    let impaired = move || {
        form.with(|f| f.subjects.get(i).and_then(|s| s.impaired)) == Some(YesNoUnknown::Yes)
    };
    let resisted = move || {
        form.with(|f| f.subjects.get(i).and_then(|s| s.resisted)) == Some(YesNoUnknown::Yes)
    };
    let whole_subject = Memo::new(move |_| {
        problem.with(|p| {
            p.as_ref()
                .map(|p| messages_for(p, &format!("subjects.{i}")))
                .unwrap_or_default()
        })
    });
    let remove = move |_| {
        form.update(|f| {
            if i < f.subjects.len() {
                f.subjects.remove(i);
            }
        })
    };
    view! {
        <fieldset class="uof-person">
            <legend>{format!("Subject {}", i + 1)}</legend>
            {move || whole_subject.get().into_iter().map(|m| view! { <p class="field-error">{m}</p> }).collect_view()}
            <UChoice name=name("sex") label="Sex" bind=slot!(form, subjects[i], sex) problem />
            <UChecks name=name("races") legend="Race" bind=slot!(form, subjects[i], races) problem
                hint="One or more." />
            <UChoice name=name("ethnicity") label="Ethnicity" bind=slot!(form, subjects[i], ethnicity) problem />
            <UText name=name("age") label="Age" bind=slot!(form, subjects[i], age) problem inputmode="numeric"
                hint="Years; an estimate when not known." />
            <div class="uof-pair">
                <UText name=name("height_feet") label="Height (feet)" bind=slot!(form, subjects[i], height_feet)
                    problem inputmode="numeric" />
                <UText name=name("height_inches") label="Height (inches)" bind=slot!(form, subjects[i], height_inches)
                    problem inputmode="numeric" />
            </div>
            <UText name=name("weight_pounds") label="Weight (pounds)" bind=slot!(form, subjects[i], weight_pounds)
                problem inputmode="numeric" />
            <UChoice name=name("impaired") label="Known or apparent impairment" bind=slot!(form, subjects[i], impaired) problem />
            <Show when=impaired>
                <UChecks name=name("impairments") legend="Impairments" bind=slot!(form, subjects[i], impairments) problem />
            </Show>
            <UChoice name=name("threat_perceived") label="Threat perceived by the officer" bind=slot!(form, subjects[i], threat_perceived) problem
                hint="Directed at officers or others." />
            <UChoice name=name("armed") label="Armed" bind=slot!(form, subjects[i], armed) problem />
            <UChoice name=name("resisted") label="Resisted" bind=slot!(form, subjects[i], resisted) problem />
            <Show when=resisted>
                <UChecks name=name("resistance") legend="Types of resistance" bind=slot!(form, subjects[i], resistance) problem />
            </Show>
            <UChecks name=name("force") legend="Force used on this subject" bind=slot!(form, subjects[i], force) problem />
            <UChecks name=name("injuries") legend="Injuries of this subject" bind=slot!(form, subjects[i], injuries) problem
                hint="“No apparent injury” when there was none." />
            <UChoice name=name("disposition") label="Disposition" bind=slot!(form, subjects[i], disposition) problem />
            <UText name=name("reference") label="Records-system reference" bind=slot!(form, subjects[i], reference) problem
                hint="The agency's records number for the subject, never a name. Not sent to the FBI." />
            <button type="button" class="link-button" on:click=remove>
                {format!("Remove subject {}", i + 1)}
            </button>
        </fieldset>
    }
}
