//! The parts of a person's page beyond compliance and training: the policies assigned and
//! whether each is acknowledged, and the use-of-force incidents the person was involved in
//! (for those who review them); and the links that jump between the page's sections.

use confitrek_types::{AcknowledgementStatus, AssignedPolicyDto, IncidentSummaryDto};
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

use crate::api;
use crate::api::uof::IncidentFilter;
use crate::format::date;
use crate::routes::Route;

/// The sections of a person's page, in order: (anchor, label).
pub fn section_links(policies: bool, incidents: bool) -> Vec<(&'static str, &'static str)> {
    let mut links = vec![
        ("compliance-heading", "Compliance"),
        ("training-heading", "Training"),
        ("credentials-heading", "Credentials"),
    ];
    if policies {
        links.push(("policies-heading", "Policies"));
    }
    links.push(("history-heading", "History"));
    if incidents {
        links.push(("incidents-heading", "Use of force"));
    }
    links.push(("details-heading", "Details"));
    links
}

/// "On this page": plain anchors, so the browser scrolls and the address keeps the place.
#[component]
pub fn SectionNav(links: Vec<(&'static str, &'static str)>) -> impl IntoView {
    view! {
        <nav class="section-nav" aria-label="On this page">
            <ul>
                {links.into_iter().map(|(anchor, label)| view! {
                    <li><a href=format!("#{anchor}") rel="external">{label}</a></li>
                }).collect_view()}
            </ul>
        </nav>
    }
}

fn acknowledgement_label(status: AcknowledgementStatus) -> (&'static str, &'static str) {
    match status {
        AcknowledgementStatus::Acknowledged => ("Acknowledged", "badge good"),
        AcknowledgementStatus::Pending => ("Waiting", "badge neutral"),
        AcknowledgementStatus::Overdue => ("Overdue", "badge bad"),
    }
}

fn policy_row(p: AssignedPolicyDto) -> impl IntoView {
    let (label, class) = acknowledgement_label(p.status);
    view! {
        <li>
            <A href=Route::Policy(p.policy_id).path()>{format!("{} {}", p.code, p.title)}</A>
            " " <span class=class>{label}</span>
            <span class="hint">{format!(" version {}, due {}", p.current.version, date(Some(p.due)))}</span>
        </li>
    }
}

#[component]
pub fn PersonPolicies(person_id: Uuid) -> impl IntoView {
    let policies = LocalResource::new(move || api::person_policies(person_id));
    let list = move || {
        policies.get().map(|result| match result {
            Ok(list) if list.is_empty() => {
                view! { <p class="hint">"No policy is assigned."</p> }.into_any()
            }
            Ok(list) => view! { <ul class="policy-list">{list.into_iter().map(policy_row).collect_view()}</ul> }
                .into_any(),
            Err(e) => view! { <p class="hint">{e.to_string()}</p> }.into_any(),
        })
    };
    view! {
        <section class="person-policies" aria-labelledby="policies-heading">
            <h2 id="policies-heading">"Policies"</h2>
            {list}
        </section>
    }
}

fn incident_row(i: IncidentSummaryDto) -> impl IntoView {
    let name = i
        .case_number
        .clone()
        .unwrap_or_else(|| "Incident without a case number".into());
    view! {
        <li>
            <A href=Route::Incident(i.id).path()>{name}</A>
            <span class="hint">{format!(" {}, {}", date(i.incident_date), i.status.label())}</span>
        </li>
    }
}

#[component]
pub fn PersonIncidents(person_id: Uuid) -> impl IntoView {
    let incidents = LocalResource::new(move || {
        let filter = IncidentFilter {
            person_id: Some(person_id),
            ..IncidentFilter::default()
        };
        async move { api::uof::incidents(&filter, None).await }
    });
    let list = move || {
        incidents.get().map(|result| match result {
            Ok(page) if page.items.is_empty() => {
                view! { <p class="hint">"Involved in no recorded incident."</p> }.into_any()
            }
            Ok(page) => view! { <ul class="incident-list">{page.items.into_iter().map(incident_row).collect_view()}</ul> }
                .into_any(),
            Err(e) => view! { <p class="hint">{e.to_string()}</p> }.into_any(),
        })
    };
    view! {
        <section class="person-incidents" aria-labelledby="incidents-heading">
            <h2 id="incidents-heading">"Use of force"</h2>
            {list}
        </section>
    }
}
