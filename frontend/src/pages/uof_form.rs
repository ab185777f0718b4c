//! `/uof/new`, `/uof/:id/edit`, `/uof/:id/amend`: the incident form for a new draft, for a
//! draft of the author's, and for amending a closed incident.

use confitrek_types::IncidentDto;
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

use crate::components::problem::load_error;
use crate::components::uof_form::{FormMode, IncidentFormView};
use crate::components::uof_model::IncidentForm;
use crate::pages::uof_incident::route_incident;
use crate::routes::Route;
use crate::session::Session;

#[component]
pub fn NewIncidentPage() -> impl IntoView {
    let author = Session::get().me().and_then(|me| me.person_id);
    view! {
        <h1>"New use-of-force incident"</h1>
        <p class="hint">"Nothing is final until you submit: save the draft at any step and come back to it."</p>
        <IncidentFormView initial=IncidentForm::blank(author) mode=FormMode::New />
    }
}

fn officer_names(incident: &IncidentDto) -> Vec<(Uuid, String)> {
    incident
        .officers
        .iter()
        .map(|o| {
            let name = match &o.badge_number {
                Some(badge) => format!("{} ({badge})", o.name),
                None => o.name.clone(),
            };
            (o.person_id, name)
        })
        .collect()
}

fn case_of(incident: &IncidentDto) -> String {
    incident
        .incident
        .case_number
        .clone()
        .unwrap_or_else(|| "without a case number".to_owned())
}

/// Loads the incident of the route and draws the form once it is there, if the caller may
/// change it that way; otherwise says why not.
fn incident_form(amending: bool) -> impl IntoView {
    let incident = route_incident();
    let body =
        move || {
            Suspend::new(async move {
                incident.await.map(|incident| {
                let allowed = if amending {
                    incident.actions.amend
                } else {
                    incident.actions.edit
                };
                let back = view! {
                    <p><A href=Route::Incident(incident.id).path()>"← Back to the incident"</A></p>
                };
                if !allowed {
                    let why = if amending {
                        "Only a closed incident is amended, by a use-of-force reviewer."
                    } else {
                        "Only its author changes an incident, and only while it is a draft."
                    };
                    return view! {
                        <h1>{format!("Incident {}", case_of(&incident))}</h1>
                        <p class="alert" role="alert">{why}</p>
                        {back}
                    }
                    .into_any();
                }
                let (heading, mode) = if amending {
                    (format!("Amend incident {}", case_of(&incident)), FormMode::Amend(incident.id))
                } else {
                    (format!("Edit incident {}", case_of(&incident)), FormMode::Edit(incident.id))
                };
                let officers = officer_names(&incident);
                // A draft sent back by a reviewer says what should change.
                let returned = (!amending)
                    .then(|| incident.review_comment.clone())
                    .flatten()
                    .map(|comment| {
                        view! {
                            <p class="notice" role="status">"Returned for changes: " {comment}</p>
                        }
                    });
                view! {
                    <h1>{heading}</h1>
                    {back}
                    {returned}
                    <IncidentFormView initial=IncidentForm::of(&incident.incident) mode officers />
                }
                .into_any()
            })
            })
        };
    view! {
        <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
            <ErrorBoundary fallback=load_error>{body}</ErrorBoundary>
        </Transition>
    }
}

#[component]
pub fn EditIncidentPage() -> impl IntoView {
    incident_form(false)
}

#[component]
pub fn AmendIncidentPage() -> impl IntoView {
    incident_form(true)
}
