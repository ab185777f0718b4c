//! Step 3 of the incident form: the agency's officers involved, picked from the roster (an
//! officer's roster is himself or herself alone), each with the collection's officer
//! elements. Name and badge come from the roster, not from the form.

use leptos::prelude::*;
use uuid::Uuid;

use crate::components::person_select::whole_roster;
use crate::components::uof_errors::messages_for;
use crate::components::uof_fields::{UBool, UChecks, UChoice, UText, slot};
use crate::components::uof_form::FormState;
use crate::components::uof_model::OfficerForm;
use crate::components::uof_subjects::ListMessage;
use crate::format;
use crate::session::Session;

#[component]
pub fn OfficersStep(state: FormState) -> impl IntoView {
    let form = state.form;
    let names = state.names;
    let me = Session::get().me().and_then(|me| me.person_id);
    let roster = LocalResource::new(whole_roster);
    Effect::new(move || {
        if let Some(Ok(people)) = roster.get() {
            names.update(|names| {
                for p in people {
                    names.insert(p.id, format::person_choice(&p));
                }
            });
        }
    });
    // Only a change of who is listed redraws the choices, not every keystroke in the form.
    let listed_ids = Memo::new(move |_| {
        form.with(|f| f.officers.iter().map(|o| o.person_id).collect::<Vec<_>>())
    });
    let listed = move |id: Uuid| listed_ids.with(|ids| ids.contains(&id));
    let add = move |id: Uuid| {
        if !listed(id) {
            form.update(|f| f.officers.push(OfficerForm::new(id)));
        }
    };
    let chosen = RwSignal::new(String::new());
    let choices = move || {
        let people = roster.get().and_then(Result::ok).unwrap_or_default();
        people
            .into_iter()
            .filter(|p| !listed(p.id))
            .map(|p| {
                let text = format::person_choice(&p);
                view! { <option value=p.id.to_string()>{text}</option> }
            })
            .collect_view()
    };
    let count = Memo::new(move |_| form.with(|f| f.officers.len()));
    let officers = move || {
        (0..count.get())
            .map(|i| view! { <OfficerFields state i /> })
            .collect_view()
    };
    let add_me = move || {
        me.filter(|id| !listed(*id)).map(|id| {
            view! { <button type="button" on:click=move |_| add(id)>"Add myself"</button> }
        })
    };
    let roster_failed = move || {
        matches!(roster.get(), Some(Err(_)))
            .then_some(view! { <p class="hint">"The roster could not be loaded."</p> })
    };
    view! {
        <p class="hint">"The agency's officers involved, whether or not they applied force."</p>
        {officers}
        <ListMessage name="officers" problem=state.problem />
        <div class="uof-add-officer">
            <div class="field">
                <label for="add-officer">"Officer to add"</label>
                <select id="add-officer" prop:value=move || chosen.get()
                    on:change=move |ev| chosen.set(event_target_value(&ev))>
                    <option value="">"— Choose from the roster —"</option>
                    {choices}
                </select>
                {roster_failed}
            </div>
            <div class="form-actions">
                <button type="button" on:click=move |_| {
                    if let Ok(id) = Uuid::parse_str(&chosen.get_untracked()) {
                        add(id);
                        chosen.set(String::new());
                    }
                }>"Add officer"</button>
                {add_me}
            </div>
        </div>
    }
}

#[component]
fn OfficerFields(state: FormState, i: usize) -> impl IntoView {
    let (form, problem, names) = (state.form, state.problem, state.names);
    let name = move |field: &str| format!("officers.{i}.{field}");
    let person = move || form.with(|f| f.officers.get(i).map(|o| o.person_id));
    let title = move || {
        let known = person().and_then(|id| names.with(|n| n.get(&id).cloned()));
        known.unwrap_or_else(|| format!("Officer {}", i + 1))
    };
    let person_messages = Memo::new(move |_| {
        problem.with(|p| {
            p.as_ref()
                .map(|p| messages_for(p, &format!("officers.{i}.person_id")))
                .unwrap_or_default()
        })
    });
    let remove = move |_| {
        form.update(|f| {
            if i < f.officers.len() {
                f.officers.remove(i);
            }
        })
    };
    view! {
        <fieldset class="uof-person">
            <legend>{title}</legend>
            <p id=format!("error-officers-{i}-person_id") class="field-error"
                hidden=move || person_messages.with(Vec::is_empty)>
                {move || person_messages.get().join(" ")}
            </p>
            <UChoice name=name("sex") label="Sex" bind=slot!(form, officers[i], sex) problem />
            <UChecks name=name("races") legend="Race" bind=slot!(form, officers[i], races) problem hint="One or more." />
            <UChoice name=name("ethnicity") label="Ethnicity" bind=slot!(form, officers[i], ethnicity) problem />
            <UText name=name("age") label="Age" bind=slot!(form, officers[i], age) problem inputmode="numeric"
                hint="Exact age in years." />
            <div class="uof-pair">
                <UText name=name("height_feet") label="Height (feet)" bind=slot!(form, officers[i], height_feet)
                    problem inputmode="numeric" />
                <UText name=name("height_inches") label="Height (inches)" bind=slot!(form, officers[i], height_inches)
                    problem inputmode="numeric" />
            </div>
            <UText name=name("weight_pounds") label="Weight (pounds)" bind=slot!(form, officers[i], weight_pounds)
                problem inputmode="numeric" />
            <UBool name=name("full_time") label="Full-time officer" bind=slot!(form, officers[i], full_time) problem />
            <UBool name=name("on_duty") label="On duty" bind=slot!(form, officers[i], on_duty) problem />
            <UChoice name=name("identifiable") label="Identifiable as law enforcement" bind=slot!(form, officers[i], identifiable)
                problem hint="For instance by uniform or badge." />
            <UBool name=name("applied_force") label="Applied force" bind=slot!(form, officers[i], applied_force) problem />
            <UBool name=name("discharged_firearm") label="Discharged a firearm at or in the direction of a person"
                bind=slot!(form, officers[i], discharged_firearm) problem />
            <UChecks name=name("injuries") legend="Injuries of this officer" bind=slot!(form, officers[i], injuries) problem />
            <button type="button" class="link-button" on:click=remove>
                {format!("Remove officer {}", i + 1)}
            </button>
        </fieldset>
    }
}
