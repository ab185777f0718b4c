//! `/audit`: the agency's audit log, newest first, for agency admins: who did what to whom,
//! when (in the agency's time zone), filtered by who, what and which days.

use confitrek_types::AuditEventDto;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, AuditFilter};
use crate::components::paged::{Layout, LoadMore, PagedList, Paging};
use crate::format::timestamp;
use crate::routes::Route;

/// The kinds of action an admin looks for, by the start of their names.
const ACTIONS: &[(&str, &str)] = &[
    ("", "Every action"),
    ("auth.", "Sign-ins and sign-outs"),
    ("person.", "Changes to people"),
    ("user.", "Changes to logins"),
    ("training_record.", "Training records"),
    ("session.", "Sessions and attendance"),
    ("credential", "Credentials"),
    ("policy", "Policies and acknowledgements"),
    ("waiver.", "Waivers"),
    ("import.", "Imports"),
    ("training_request.", "Training requests"),
    ("uof", "Use of force"),
    ("people.export", "Roster downloads"),
    ("agency.export", "Full exports"),
    ("agency.", "Agency and its settings"),
];

#[component]
pub fn AuditPage() -> impl IntoView {
    let actor = RwSignal::new(String::new());
    let action = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let filter = Memo::new(move |_| AuditFilter {
        actor: actor.get(),
        action: action.get(),
        from: from.get(),
        to: to.get(),
    });
    let logins = LocalResource::new(|| api::users(None));
    let paging = Paging::restarting_on(filter);
    let who = move || {
        logins
            .get()
            .and_then(Result::ok)
            .map(|page| page.items)
            .unwrap_or_default()
            .into_iter()
            .map(|u| view! { <option value=u.id.to_string()>{u.email}</option> })
            .collect_view()
    };
    view! {
        <h1>"Audit log"</h1>
        <p class="hint">"Every sign-in and every change, as recorded by the server, in the agency's time zone."</p>
        <form class="filters audit-filters" role="search" aria-label="Filter the audit log" on:submit=|ev| ev.prevent_default()>
            <div class="field">
                <label for="audit-actor">"Who"</label>
                <select id="audit-actor" on:change=move |ev| actor.set(event_target_value(&ev))>
                    <option value="">"Anyone"</option>
                    {who}
                </select>
            </div>
            <div class="field">
                <label for="audit-action">"What"</label>
                <select id="audit-action" on:change=move |ev| action.set(event_target_value(&ev))>
                    {ACTIONS.iter().map(|(value, label)| view! { <option value=*value>{*label}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="audit-from">"From"</label>
                <input id="audit-from" type="date" on:change=move |ev| from.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="audit-to">"To"</label>
                <input id="audit-to" type="date" on:change=move |ev| to.set(event_target_value(&ev)) />
            </div>
        </form>
        <table class="audit stacked">
            <caption class="visually-hidden">"Audit events"</caption>
            <thead>
                <tr>
                    <th scope="col">"When"</th>
                    <th scope="col">"Who"</th>
                    <th scope="col">"What"</th>
                    <th scope="col">"Outcome"</th>
                    <th scope="col">"Concerning"</th>
                    <th scope="col">"IP"</th>
                </tr>
            </thead>
            <PagedList paging layout={Layout::Table("6".into())}
                fetch={move |cursor: Option<String>| {
                    let filter = filter.get();
                    async move { api::audit_events(&filter, cursor.as_deref()).await }
                }}
                empty=|| "No event matches these filters."
                row={event_row}
            />
        </table>
        <LoadMore paging />
    }
}

/// What an event concerns: a person (linked) or a login by name, else its kind and the
/// start of its id.
fn concerning(event: &AuditEventDto) -> AnyView {
    match (
        event.target_type.as_deref(),
        event.target_id,
        event.target_name.clone(),
    ) {
        (Some("person"), Some(id), Some(name)) => {
            view! { <A href=Route::Person(id).path()>{name}</A> }.into_any()
        }
        (Some(kind), _, Some(name)) => format!("{name} ({kind})").into_any(),
        (Some(kind), Some(id), None) => {
            let short: String = id.to_string().chars().take(8).collect();
            view! { <span>{kind.replace('_', " ")} " " <span class="id">{short}</span></span> }
                .into_any()
        }
        (Some(kind), None, None) => kind.replace('_', " ").into_any(),
        (None, _, _) => "—".into_any(),
    }
}

fn event_row(event: AuditEventDto) -> impl IntoView {
    let who = event.actor_name.clone().unwrap_or_else(|| "—".into());
    let what = concerning(&event);
    view! {
        <tr class=format!("outcome-{}", event.outcome)>
            <td data-label="When">{timestamp(event.occurred_at)}</td>
            <td data-label="Who">{who}</td>
            <td data-label="What">{event.action.clone()}</td>
            <td data-label="Outcome">{event.outcome.clone()}</td>
            <td data-label="Concerning">{what}</td>
            <td data-label="IP">{event.ip.clone().unwrap_or_else(|| "—".into())}</td>
        </tr>
    }
}
