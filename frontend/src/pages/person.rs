//! `/people/:id`: one person's record, with edit and deactivate for those who keep the roster.

use confitrek_types::{DeactivateRequest, PersonDto, PersonStatus};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

use crate::api::{self, ApiResult};
use crate::components::compliance::{ComplianceSection, VerdictChanged};
use crate::components::compliance_history::ComplianceHistory;
use crate::components::pay_rates::PayRates;
use crate::components::person_credentials::PersonCredentials;
use crate::components::person_sections::{
    PersonIncidents, PersonPolicies, SectionNav, section_links,
};
use crate::components::person_training::PersonTraining;
use crate::components::problem::{ProblemAlert, load_error};
use crate::components::role_flags::in_canonical_order;
use crate::format::{date, role_flag_label, timestamp};
use crate::routes::{RoleAbilities, Route};
use crate::session::Session;

/// The `:id` of the current route (a person, a requirement, a profile); `None` for text
/// that is not an id (shown as not found).
pub fn id_param() -> Memo<Option<Uuid>> {
    let params = use_params_map();
    Memo::new(move |_| {
        params
            .with(|p| p.get("id"))
            .and_then(|id| Uuid::parse_str(&id).ok())
    })
}

pub fn not_found() -> ApiResult<PersonDto> {
    no_such("person")
}

/// The 404 of a page whose `:id` names nothing, as the server would answer it.
pub fn no_such<T>(what: &str) -> ApiResult<T> {
    Err(api::ApiError::from(confitrek_types::Problem {
        kind: "urn:confitrek:problem:not_found".into(),
        title: "Not found".into(),
        status: 404,
        detail: Some(format!("There is no such {what}.")),
        request_id: None,
        errors: Vec::new(),
    }))
}

#[component]
pub fn PersonPage() -> impl IntoView {
    let id = id_param();
    let person = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::person(id).await,
                None => not_found(),
            }
        }
    });
    let view_person = move || {
        Suspend::new(async move {
            person
                .await
                .map(|p| view! { <PersonRecord person=p reload=person /> })
        })
    };
    view! {
        <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
            <ErrorBoundary fallback=load_error>{view_person}</ErrorBoundary>
        </Transition>
    }
}

#[component]
fn PersonRecord(person: PersonDto, reload: LocalResource<ApiResult<PersonDto>>) -> impl IntoView {
    let session = Session::get();
    let role = session.role_untracked();
    let can_edit = role.is_some_and(RoleAbilities::edits_roster);
    let can_record_waivers = role.is_some_and(RoleAbilities::records_waivers);
    let can_award = role.is_some_and(RoleAbilities::manages_credentials_and_policies);
    let can_manage_training = role.is_some_and(RoleAbilities::manages_training);
    let verdict = VerdictChanged::provide();
    let id = person.id;
    let me = session.me_untracked();
    let own = me.as_ref().and_then(|m| m.person_id) == Some(id);
    let shows_policies = own || role.is_some_and(RoleAbilities::sees_roster);
    let shows_incidents = me.as_ref().is_some_and(|m| m.uof_enabled && m.uof_reviewer);
    let text = |s: &Option<String>| s.clone().unwrap_or_else(|| "—".into());
    let actions = can_edit.then(|| {
        view! {
            <div class="actions">
                <A href=Route::EditPerson(id).path() attr:class="button primary">"Edit"</A>
            </div>
        }
    });
    let deactivate = (can_edit && person.status == PersonStatus::Active)
        .then(|| view! { <Deactivate id reload /> });
    let erase = role
        .is_some_and(RoleAbilities::administers_agency)
        .then(|| view! { <Erase id name=person.display_name() /> });
    let roles = if person.role_flags.is_empty() {
        "—".to_owned()
    } else {
        in_canonical_order(person.role_flags.clone())
            .iter()
            .map(|f| role_flag_label(f))
            .collect::<Vec<_>>()
            .join(", ")
    };
    view! {
        <div class="page-head">
            <h1>{person.display_name()}</h1>
            {actions}
            // A plain link: the browser sends the session cookie; the server names the file.
            <a class="button" download
                href=format!("/api/v1{}", confitrek_types::transcript_path(id, confitrek_types::ReportFormat::Pdf))>
                "Transcript (PDF)"
            </a>
        </div>
        <SectionNav links=section_links(shows_policies, shows_incidents) />
        <div class="person-layout">
        <div class="person-compliance">
            <ComplianceSection person_id=id can_record=can_record_waivers />
            <PersonTraining person_id=id can_manage=can_manage_training />
            <PersonCredentials person_id=id can_award=can_award on_change=move || verdict.bump() />
            {shows_policies.then(|| view! { <PersonPolicies person_id=id /> })}
            <ComplianceHistory person_id=id />
            {shows_incidents.then(|| view! { <PersonIncidents person_id=id /> })}
            {(own || can_edit).then(|| view! { <PayRates person_id=id can_manage=can_edit /> })}
        </div>
        <section class="person-details" aria-labelledby="details-heading">
        <h2 id="details-heading">"Details"</h2>
        <dl class="record">
            <dt>"Kind"</dt><dd>{person.kind.label()}</dd>
            <dt>"First name"</dt><dd>{person.first_name.clone()}</dd>
            <dt>"Last name"</dt><dd>{person.last_name.clone()}</dd>
            <dt>"Title"</dt><dd>{text(&person.title)}</dd>
            <dt>"Badge"</dt><dd>{person.badge.clone()}</dd>
            <dt>"Email"</dt><dd>{text(&person.email)}</dd>
            <dt>"Unit"</dt><dd>{text(&person.unit)}</dd>
            <dt>"Supervisor"</dt><dd>{person.supervisor_id.map_or_else(|| "—".into_any(), |s| view! { <SupervisorLink id=s /> }.into_any())}</dd>
            <dt>"Status"</dt><dd>{person.status.label()}</dd>
            <dt>"Hire date"</dt><dd>{date(person.hire_date)}</dd>
            <dt>"Last day with the agency"</dt><dd>{date(person.separated_on)}</dd>
            <dt>"License number"</dt><dd>{text(&person.license_number)}</dd>
            <dt>"License cycle"</dt><dd>{format!("{} to {}", date(person.license_cycle_start), date(person.license_cycle_end))}</dd>
            <dt>"Roles"</dt><dd>{roles}</dd>
            <dt>"Basic certification"</dt><dd>{date(person.certified_on)}</dd>
            <dt>"Training history complete from"</dt><dd>{date(person.history_from)}</dd>
            <dt>"Notes"</dt><dd class="notes">{text(&person.notes)}</dd>
            <dt>"Last changed"</dt><dd>{timestamp(person.updated_at)}</dd>
        </dl>
        {deactivate}
        {erase}
        </section>
        </div>
    }
}

/// The supervisor's name, linking to the record, when the viewer may read that record; a
/// link to a page the viewer may not open would only lead to "not found".
#[component]
fn SupervisorLink(id: Uuid) -> impl IntoView {
    let supervisor = LocalResource::new(move || api::person(id));
    move || match supervisor.get() {
        Some(Ok(p)) => view! { <A href=Route::Person(id).path()>{p.display_name()}</A> }.into_any(),
        Some(Err(_)) => {
            view! { <span class="hint">"Assigned (the record is not shown to you)"</span> }
                .into_any()
        }
        None => view! { <span class="hint">"…"</span> }.into_any(),
    }
}

/// Erasure on request (the person asked, or the law says so): everything goes, so the admin
/// types the person's name to confirm.
#[component]
fn Erase(id: Uuid, name: String) -> impl IntoView {
    let navigate = leptos_router::hooks::use_navigate();
    let typed = RwSignal::new(String::new());
    let erase = Action::new_local(move |_: &()| {
        let navigate = navigate.clone();
        async move {
            api::erase_person(id).await?;
            navigate(&Route::People.path(), Default::default());
            ApiResult::Ok(())
        }
    });
    let problem = Signal::derive(move || match erase.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None,
    });
    let expected = name.clone();
    let matches = move || typed.get().trim() == expected;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        erase.dispatch(());
    };
    view! {
        <form class="deactivate" on:submit=on_submit>
            <h2>"Erase on request"</h2>
            <p class="hint">
                "Deletes this person and every record of theirs for good: training, certificates, credentials, waivers, acknowledgements, requests. Their login is switched off and made anonymous. A person named in a use-of-force incident cannot be erased."
            </p>
            <ProblemAlert problem />
            <div class="field">
                <label for="erase-name">{format!("Type “{name}” to confirm")}</label>
                <input id="erase-name" type="text" autocomplete="off"
                    prop:value=move || typed.get()
                    on:input=move |ev| typed.set(event_target_value(&ev)) />
            </div>
            <button type="submit" class="danger" disabled={move || !matches() || erase.pending().get()}>
                "Erase for good"
            </button>
        </form>
    }
}

#[component]
fn Deactivate(id: Uuid, reload: LocalResource<ApiResult<PersonDto>>) -> impl IntoView {
    let status = RwSignal::new(PersonStatus::Inactive.as_str().to_owned());
    let deactivate = Action::new_local(move |request: &DeactivateRequest| {
        let request = request.clone();
        async move {
            api::deactivate_person(id, &request).await?;
            reload.refetch();
            ApiResult::Ok(())
        }
    });
    let problem = Signal::derive(move || match deactivate.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None,
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        deactivate.dispatch(DeactivateRequest {
            status: PersonStatus::parse(&status.get_untracked()),
        });
    };
    view! {
        <form class="deactivate" on:submit=on_submit>
            <h2>"Deactivate"</h2>
            <p class="hint">"The record and its training history are kept."</p>
            <ProblemAlert problem />
            <div class="field">
                <label for="deactivate-status">"New status"</label>
                <select id="deactivate-status" on:change=move |ev| status.set(event_target_value(&ev))>
                    <option value="inactive">"Inactive (leave, suspension)"</option>
                    <option value="separated">"Separated (left the agency)"</option>
                </select>
            </div>
            <button type="submit" class="danger" disabled=move || deactivate.pending().get()>"Deactivate"</button>
        </form>
    }
}
