//! `/people`: the roster, filtered and paged. On a phone the table's rows become cards.

use confitrek_types::{PersonDto, PersonKind, PersonStatus};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{self, RosterFilter};
use crate::components::problem::load_error;
use crate::components::unit_filter::UnitFilter;
use crate::routes::{RoleAbilities, Route};
use crate::session::Session;

#[component]
pub fn RosterPage() -> impl IntoView {
    let session = Session::get();
    // The filters live in the address: a reload, the back button or a shared link keeps them.
    let query = use_query_map();
    let given = move |name: &str| query.with_untracked(|m| m.get(name)).unwrap_or_default();
    let q = RwSignal::new(given("q"));
    let unit = RwSignal::new(given("unit"));
    let status = RwSignal::new(PersonStatus::parse(&given("status")));
    let kind = RwSignal::new(PersonKind::parse(&given("kind")));
    let filter = Memo::new(move |_| RosterFilter {
        q: q.get(),
        unit: unit.get(),
        status: status.get(),
        kind: kind.get(),
    });
    let navigate = use_navigate();
    Effect::watch(
        move || filter.get(),
        move |filter, _, _| {
            let search = filter.query_string();
            let path = if search.is_empty() {
                Route::People.path()
            } else {
                format!("{}?{search}", Route::People.path())
            };
            navigate(
                &path,
                NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..Default::default()
                },
            );
        },
        false,
    );
    // The cursors of the pages shown so far; the first page has none. New filters start
    // over from the first page.
    let cursors = RwSignal::new(vec![None::<String>]);
    let next_cursor = RwSignal::new(None::<String>);
    Effect::watch(
        move || filter.get(),
        move |_, _, _| {
            cursors.set(vec![None]);
            next_cursor.set(None);
        },
        false,
    );

    let can_add = move || session.role().is_some_and(RoleAbilities::edits_roster);
    let load_more = move |_| {
        if let Some(cursor) = next_cursor.get_untracked() {
            next_cursor.set(None);
            cursors.update(|c| c.push(Some(cursor)));
        }
    };

    view! {
        <div class="page-head">
            <h1>"People"</h1>
            <Show when=can_add>
                <A href=Route::NewPerson.path() attr:class="button primary">"Add person"</A>
            </Show>
        </div>
        <form class="filters" role="search" aria-label="Filter the roster" on:submit=|ev| ev.prevent_default()>
            <div class="field">
                <label for="filter-q">"Search name or badge"</label>
                <input id="filter-q" type="search" autocomplete="off"
                    prop:value=move || q.get()
                    on:input=move |ev| q.set(event_target_value(&ev)) />
            </div>
            <UnitFilter unit />
            <div class="field">
                <label for="filter-status">"Status"</label>
                <select id="filter-status"
                    on:change=move |ev| status.set(PersonStatus::parse(&event_target_value(&ev)))>
                    <option value="">"Any status"</option>
                    {PersonStatus::ALL.iter().map(|s| {
                        let s = *s;
                        view! { <option value=s.as_str() selected=move || status.get() == Some(s)>{s.label()}</option> }
                    }).collect::<Vec<_>>()}
                </select>
            </div>
            <div class="field">
                <label for="filter-kind">"Kind"</label>
                <select id="filter-kind"
                    on:change=move |ev| kind.set(PersonKind::parse(&event_target_value(&ev)))>
                    <option value="">"Officers and civilians"</option>
                    <option value="officer" selected=move || kind.get() == Some(PersonKind::Officer)>"Officers"</option>
                    <option value="civilian" selected=move || kind.get() == Some(PersonKind::Civilian)>"Civilians"</option>
                </select>
            </div>
        </form>
        <table class="roster stacked">
            <caption class="visually-hidden">"People on the roster"</caption>
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Badge"</th>
                    <th scope="col">"Unit"</th>
                    <th scope="col">"Status"</th>
                </tr>
            </thead>
            <For
                each=move || cursors.get().into_iter().enumerate()
                key=|page| page.clone()
                children=move |(index, cursor)| view! { <RosterPageRows filter cursor first=index == 0 next_cursor /> }
            />
        </table>
        <Show when=move || next_cursor.with(Option::is_some)>
            <button type="button" class="load-more" on:click=load_more>"Load more"</button>
        </Show>
    }
}

/// One page of rows, in its own `<tbody>` so pages can be appended to the table.
#[component]
fn RosterPageRows(
    filter: Memo<RosterFilter>,
    cursor: Option<String>,
    first: bool,
    next_cursor: RwSignal<Option<String>>,
) -> impl IntoView {
    let page = LocalResource::new(move || {
        let filter = filter.get();
        let cursor = cursor.clone();
        async move { api::people(&filter, cursor.as_deref()).await }
    });
    // The newest page to arrive is the last one, so its cursor is the one to follow.
    Effect::new(move || {
        if let Some(Ok(page)) = page.get() {
            next_cursor.set(page.next_cursor);
        }
    });
    let rows = move || {
        Suspend::new(async move {
            page.await.map(|page| {
                if page.items.is_empty() && first {
                    view! { <tr><td colspan="4" class="empty">"No one matches these filters."</td></tr> }
                        .into_any()
                } else {
                    page.items.into_iter().map(person_row).collect_view().into_any()
                }
            })
        })
    };
    view! {
        <tbody>
            <Transition fallback=|| view! { <tr><td colspan="4" role="status">"Loading…"</td></tr> }>
                <ErrorBoundary fallback=|errors| view! { <tr><td colspan="4">{load_error(errors)}</td></tr> }>
                    {rows}
                </ErrorBoundary>
            </Transition>
        </tbody>
    }
}

fn person_row(person: PersonDto) -> impl IntoView {
    let status = person.status;
    let (href, name) = (Route::Person(person.id).path(), person.display_name());
    let unit = person.unit.unwrap_or_else(|| "—".into());
    view! {
        <tr>
            <th scope="row" data-label="Name">
                <A href=href>{name}</A>
            </th>
            <td data-label="Badge">{person.badge}</td>
            <td data-label="Unit">{unit}</td>
            <td data-label="Status"><span class=format!("status status-{}", status.as_str())>{status.label()}</span></td>
        </tr>
    }
}
