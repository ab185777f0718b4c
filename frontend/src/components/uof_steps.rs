//! Steps 1 and 4 of the incident form: the incident itself, and the narrative with the
//! qualification preview and the attestation (or, for an amendment, its reason).

use confitrek_types::{Problem, UOF_ATTESTATION};
use leptos::prelude::*;

use crate::components::uof_errors::messages_for;
use crate::components::uof_fields::{UChoice, UText, slot};
use crate::components::uof_form::FormState;
use crate::components::uof_model::{NARRATIVE_MAX, asks_offense, qualification_sentence};

#[component]
pub fn IncidentStep(state: FormState) -> impl IntoView {
    let (form, problem) = (state.form, state.problem);
    view! {
        <fieldset>
            <legend>"When and where"</legend>
            <UText name="case_number" label="Case number" bind=slot!(form, case_number) problem
                hint="The agency's case number: letters, digits and hyphens, at most 20." />
            <UText name="incident_date" label="Date" input_type="date" bind=slot!(form, incident_date) problem />
            <UText name="incident_time" label="Time" input_type="time" bind=slot!(form, incident_time) problem
                hint="24-hour time, HH:MM." />
            <UText name="address" label="Address or location" bind=slot!(form, address) problem
                hint="A street address, or the nearest intersection or landmark." />
            <UChoice name="location_type" label="Location type" bind=slot!(form, location_type) problem />
        </fieldset>
        <fieldset>
            <legend>"The contact"</legend>
            <UChoice name="contact_reason" label="Reason for the initial contact" bind=slot!(form, contact_reason) problem />
            <Show when=move || asks_offense(form.with(|f| f.contact_reason))>
                <UText name="offense" label="Most serious offense" bind=slot!(form, offense) problem
                    hint="Asked only for unlawful or suspicious activity; at most 100 characters." />
            </Show>
            <UText name="nibrs_number" label="NIBRS incident number" bind=slot!(form, nibrs_number) problem
                hint="When there is one." />
            <UChoice name="officers_approached" label="Did officers approach the subject?" bind=slot!(form, officers_approached) problem />
            <UChoice name="ambush" label="Was it an ambush?" bind=slot!(form, ambush) problem />
            <UChoice name="supervisor_present" label="Supervisor present or consulted?" bind=slot!(form, supervisor_present) problem />
            <UText name="other_agency_officers" label="Officers of other agencies who applied force" bind=slot!(form, other_agency_officers)
                problem inputmode="numeric" hint="How many; 0 when none." />
        </fieldset>
    }
}

#[component]
pub fn NarrativeStep(state: FormState) -> impl IntoView {
    let (form, problem) = (state.form, state.problem);
    let length = Memo::new(move |_| form.with(|f| f.narrative.trim().chars().count()));
    let qualification = Memo::new(move |_| form.with(|f| f.qualification()));
    view! {
        <fieldset>
            <legend>"Narrative"</legend>
            <NarrativeField state />
            <p class="hint" class:too-long=move || { length.get() > NARRATIVE_MAX } aria-live="polite">
                {move || format!("{} of {NARRATIVE_MAX} characters", length.get())}
            </p>
        </fieldset>
        <section class="uof-qualification" aria-labelledby="qualification-heading">
            <h3 id="qualification-heading">"FBI use-of-force data collection"</h3>
            <p>
                <strong>"Qualifies for FBI reporting: "</strong>
                {move || qualification_sentence(&qualification.get())}
                "."
            </p>
            <p class="hint">"Worked out from the subjects' injuries and the officers' firearm discharges; the server decides the same way."</p>
        </section>
        {if state.amending {
            view! { <AmendReason state /> }.into_any()
        } else {
            view! { <Attestation attest=state.attest problem /> }.into_any()
        }}
    }
}

#[component]
fn NarrativeField(state: FormState) -> impl IntoView {
    let (form, problem) = (state.form, state.problem);
    let messages = Memo::new(move |_| {
        problem.with(|p| {
            p.as_ref()
                .map(|p| messages_for(p, "narrative"))
                .unwrap_or_default()
        })
    });
    let invalid = move || messages.with(|m| !m.is_empty());
    view! {
        <div class="field" class:invalid=invalid>
            <label for="narrative">"What happened"</label>
            <p class="hint" id="hint-narrative">
                "At most 2,000 characters. Describe people by their part (the subject, officer 1): "
                "text holding names, dates of birth, phone, licence or Social Security numbers "
                "or e-mail addresses is refused."
            </p>
            <textarea id="narrative" name="narrative" rows="8"
                aria-invalid=move || invalid().then_some("true")
                aria-describedby=move || if invalid() { "hint-narrative error-narrative" } else { "hint-narrative" }
                prop:value=move || form.with(|f| f.narrative.clone())
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    form.update(|f| f.narrative = text);
                }></textarea>
            <p id="error-narrative" class="field-error" hidden=move || !invalid()>
                {move || messages.get().join(" ")}
            </p>
        </div>
    }
}

#[component]
fn Attestation(attest: RwSignal<bool>, problem: Signal<Option<Problem>>) -> impl IntoView {
    let message = Memo::new(move |_| {
        problem.with(|p| {
            p.as_ref()
                .map(|p| messages_for(p, "attest").join(" "))
                .unwrap_or_default()
        })
    });
    let invalid = move || message.with(|m| !m.is_empty());
    view! {
        <fieldset class="attestation" class:invalid=invalid>
            <legend>"Attestation"</legend>
            <div class="check">
                <input type="checkbox" id="attest" required
                    aria-invalid=move || invalid().then_some("true")
                    aria-describedby=move || invalid().then_some("error-attest")
                    prop:checked=move || attest.get()
                    on:change=move |ev| attest.set(event_target_checked(&ev)) />
                <label for="attest">{UOF_ATTESTATION}</label>
            </div>
            <p id="error-attest" class="field-error" hidden=move || !invalid()>{move || message.get()}</p>
            <p class="hint">"Required to submit. After submission the incident goes to review and can no longer be edited by you."</p>
        </fieldset>
    }
}

#[component]
fn AmendReason(state: FormState) -> impl IntoView {
    let (reason, problem) = (state.reason, state.problem);
    let message = Memo::new(move |_| {
        problem.with(|p| {
            p.as_ref()
                .map(|p| messages_for(p, "reason").join(" "))
                .unwrap_or_default()
        })
    });
    let invalid = move || message.with(|m| !m.is_empty());
    view! {
        <fieldset>
            <legend>"Amendment"</legend>
            <div class="field" class:invalid=invalid>
                <label for="reason">"Reason for the amendment"</label>
                <p class="hint" id="hint-reason">"Required. The version it replaces is kept in the incident's history."</p>
                <textarea id="reason" name="reason" rows="3"
                    aria-invalid=move || invalid().then_some("true")
                    aria-describedby=move || if invalid() { "hint-reason error-reason" } else { "hint-reason" }
                    prop:value=move || reason.get()
                    on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                <p id="error-reason" class="field-error" hidden=move || !invalid()>{move || message.get()}</p>
            </div>
        </fieldset>
    }
}
