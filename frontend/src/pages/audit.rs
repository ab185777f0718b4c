//! `/audit`: the agency's audit log, newest first, for agency admins.

use confitrek_types::AuditEventDto;
use leptos::prelude::*;

use crate::api;
use crate::components::problem::load_error;
use crate::format::timestamp;

#[component]
pub fn AuditPage() -> impl IntoView {
    // Same paging as the roster: one `<tbody>` per page fetched, the last page's cursor next.
    let cursors = RwSignal::new(vec![None::<String>]);
    let next_cursor = RwSignal::new(None::<String>);
    let load_more = move |_| {
        if let Some(cursor) = next_cursor.get_untracked() {
            next_cursor.set(None);
            cursors.update(|c| c.push(Some(cursor)));
        }
    };
    view! {
        <h1>"Audit log"</h1>
        <p class="hint">"Every sign-in and every change, as recorded by the server. Times are UTC."</p>
        <div class="table-scroll">
            <table class="audit">
                <caption class="visually-hidden">"Audit events"</caption>
                <thead>
                    <tr>
                        <th scope="col">"When"</th>
                        <th scope="col">"Action"</th>
                        <th scope="col">"Outcome"</th>
                        <th scope="col">"Target"</th>
                        <th scope="col">"Actor"</th>
                        <th scope="col">"IP"</th>
                    </tr>
                </thead>
                <For
                    each=move || cursors.get()
                    key=Clone::clone
                    children=move |cursor| view! { <AuditRows cursor next_cursor /> }
                />
            </table>
        </div>
        <Show when=move || next_cursor.with(Option::is_some)>
            <button type="button" class="load-more" on:click=load_more>"Load more"</button>
        </Show>
    }
}

#[component]
fn AuditRows(cursor: Option<String>, next_cursor: RwSignal<Option<String>>) -> impl IntoView {
    let page = LocalResource::new(move || {
        let cursor = cursor.clone();
        async move { api::audit_events(cursor.as_deref()).await }
    });
    Effect::new(move || {
        if let Some(Ok(page)) = page.get() {
            next_cursor.set(page.next_cursor);
        }
    });
    let rows = move || {
        Suspend::new(async move {
            page.await
                .map(|page| page.items.into_iter().map(event_row).collect_view())
        })
    };
    view! {
        <tbody>
            <Transition fallback=|| view! { <tr><td colspan="6" role="status">"Loading…"</td></tr> }>
                <ErrorBoundary fallback=|errors| view! { <tr><td colspan="6">{load_error(errors)}</td></tr> }>
                    {rows}
                </ErrorBoundary>
            </Transition>
        </tbody>
    }
}

fn event_row(event: AuditEventDto) -> impl IntoView {
    let short = |id: Option<uuid::Uuid>| id.map(|id| id.to_string()).unwrap_or_else(|| "—".into());
    let target = match (&event.target_type, event.target_id) {
        (Some(kind), Some(id)) => format!("{kind} {id}"),
        (Some(kind), None) => kind.clone(),
        (None, _) => "—".into(),
    };
    view! {
        <tr class=format!("outcome-{}", event.outcome)>
            <td>{timestamp(event.occurred_at)}</td>
            <td>{event.action.clone()}</td>
            <td>{event.outcome.clone()}</td>
            <td class="id">{target}</td>
            <td class="id">{short(event.actor_user_id)}</td>
            <td>{event.ip.clone().unwrap_or_else(|| "—".into())}</td>
        </tr>
    }
}
