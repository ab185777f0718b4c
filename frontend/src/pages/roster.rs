//! `/people`: the roster, filtered, ordered and paged, with where each person stands. On a
//! phone the table's rows become cards. The training office can tick people and act on them
//! together.

use std::collections::{BTreeMap, BTreeSet};

use confitrek_types::{
    Page, PersonDto, PersonKind, PersonStatus, RosterSort, SortOrder, SpreadsheetFormat,
};
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

use crate::api::{self, RosterFilter};
use crate::components::address;
use crate::components::paged::{Layout, LoadMore, PagedList, Paging};
use crate::components::roster_bulk::BulkActions;
use crate::components::unit_filter::UnitFilter;
use crate::format;
use crate::routes::{RoleAbilities, Route};
use crate::session::Session;

/// The people shown, by page, and those ticked among them.
#[derive(Clone, Copy)]
struct Selection {
    shown: RwSignal<BTreeMap<usize, Vec<Uuid>>>,
    ticked: RwSignal<BTreeSet<Uuid>>,
    /// Whether rows have a box to tick: only for those who act on many people at once.
    enabled: bool,
}

#[component]
pub fn RosterPage() -> impl IntoView {
    let session = Session::get();
    let given = address::opened_with();
    let q = RwSignal::new(given("q"));
    let unit = RwSignal::new(given("unit"));
    let status = RwSignal::new(PersonStatus::parse(&given("status")));
    let kind = RwSignal::new(PersonKind::parse(&given("kind")));
    let sort = RwSignal::new(RosterSort::parse(&given("sort")).unwrap_or(RosterSort::Name));
    let order = RwSignal::new(SortOrder::parse(&given("order")).unwrap_or(SortOrder::Asc));
    let filter = Memo::new(move |_| RosterFilter {
        q: q.get(),
        unit: unit.get(),
        status: status.get(),
        kind: kind.get(),
        sort: sort.get(),
        order: order.get(),
    });
    address::keep_in_address(Route::People, move || filter.with(|f| f.query_string()));
    let selection = Selection {
        shown: RwSignal::new(BTreeMap::new()),
        ticked: RwSignal::new(BTreeSet::new()),
        enabled: session.role().is_some_and(RoleAbilities::manages_training),
    };
    // New filters start over from the first page, with nothing ticked that is no longer in
    // view.
    let paging = Paging::restarting_on(filter);
    Effect::watch(
        move || filter.get(),
        move |_, _, _| {
            selection.shown.set(BTreeMap::new());
            selection.ticked.set(BTreeSet::new());
        },
        false,
    );
    let columns = if selection.enabled { "6" } else { "5" };
    let can_add = move || session.role().is_some_and(RoleAbilities::edits_roster);
    let sort_by = move |column: RosterSort| {
        let next = filter.get_untracked().sorted_by(column);
        sort.set(next.sort);
        order.set(next.order);
    };
    let all_shown = move || {
        selection
            .shown
            .with(|s| s.values().flatten().copied().collect::<BTreeSet<_>>())
    };
    let all_ticked = move || {
        let shown = all_shown();
        !shown.is_empty() && selection.ticked.with(|t| shown.is_subset(t))
    };
    let tick_all = move |_| {
        if all_ticked() {
            selection.ticked.set(BTreeSet::new());
        } else {
            selection.ticked.set(all_shown());
        }
    };

    view! {
        <div class="page-head">
            <h1>"People"</h1>
            <Show when=can_add>
                <A href=Route::NewPerson.path() attr:class="button primary">"Add person"</A>
            </Show>
        </div>
        <form class="filters roster-filters" role="search" aria-label="Filter the roster" on:submit=|ev| ev.prevent_default()>
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
            <div class="field">
                <label for="filter-sort">"Sort by"</label>
                <select id="filter-sort"
                    on:change=move |ev| {
                        let (column, way) = sort_choice(&event_target_value(&ev));
                        sort.set(column);
                        order.set(way);
                    }>
                    {SORT_CHOICES.iter().map(|(column, way, label)| {
                        let (column, way) = (*column, *way);
                        view! {
                            <option value=format!("{}:{}", column.as_str(), way.as_str())
                                selected=move || sort.get() == column && order.get() == way>{*label}</option>
                        }
                    }).collect::<Vec<_>>()}
                </select>
            </div>
        </form>
        <div class="roster-tools">
            <Show when=move || selection.enabled>
                // Nothing to tick until the rows have arrived.
                <button type="button" on:click=tick_all disabled=move || all_shown().is_empty()>
                    {move || if all_ticked() { "Clear selection" } else { "Select all shown" }}
                </button>
            </Show>
            <a class="button" download="" href=move || api::roster_export_url(&filter.get(), SpreadsheetFormat::Csv)>"Download CSV"</a>
            <a class="button" download="" href=move || api::roster_export_url(&filter.get(), SpreadsheetFormat::Xlsx)>"Download XLSX"</a>
        </div>
        <Show when=move || selection.enabled>
            <BulkActions ticked=selection.ticked />
        </Show>
        <table class="roster stacked">
            <caption class="visually-hidden">"People on the roster"</caption>
            <thead>
                <tr>
                    <Show when=move || selection.enabled>
                        <th scope="col"><span class="visually-hidden">"Selected"</span></th>
                    </Show>
                    <SortHeader column=RosterSort::Name filter on_sort=sort_by />
                    <SortHeader column=RosterSort::Badge filter on_sort=sort_by />
                    <SortHeader column=RosterSort::Unit filter on_sort=sort_by />
                    <SortHeader column=RosterSort::Compliance filter on_sort=sort_by />
                    <th scope="col">"Status"</th>
                </tr>
            </thead>
            <PagedList paging layout={Layout::Table(columns.into())}
                fetch={move |cursor: Option<String>| {
                    let filter = filter.get();
                    async move { api::people(&filter, cursor.as_deref()).await }
                }}
                empty=|| "No one matches these filters."
                row={move |p: PersonDto| person_row(p, selection)}
                on_page={move |index, page: Page<PersonDto>| {
                    let ids = page.items.iter().map(|p| p.id).collect();
                    selection.shown.update(|s| {
                        s.insert(index, ids);
                    });
                }}
            />
        </table>
        <LoadMore paging />
    }
}

/// The orders a phone offers, where the table's headings are out of sight.
const SORT_CHOICES: &[(RosterSort, SortOrder, &str)] = &[
    (RosterSort::Name, SortOrder::Asc, "Name, A to Z"),
    (RosterSort::Name, SortOrder::Desc, "Name, Z to A"),
    (
        RosterSort::Compliance,
        SortOrder::Asc,
        "Compliance, worst first",
    ),
    (
        RosterSort::Compliance,
        SortOrder::Desc,
        "Compliance, best first",
    ),
    (RosterSort::Badge, SortOrder::Asc, "Badge"),
    (RosterSort::Unit, SortOrder::Asc, "Unit"),
];

fn sort_choice(value: &str) -> (RosterSort, SortOrder) {
    value
        .split_once(':')
        .and_then(|(s, o)| Some((RosterSort::parse(s)?, SortOrder::parse(o)?)))
        .unwrap_or((RosterSort::Name, SortOrder::Asc))
}

/// A column heading that orders the roster by its column; again, the other way round.
#[component]
fn SortHeader(
    column: RosterSort,
    filter: Memo<RosterFilter>,
    on_sort: impl Fn(RosterSort) + Copy + 'static,
) -> impl IntoView {
    let state = move || {
        filter.with(|f| match (f.sort == column, f.order) {
            (false, _) => ("none", ""),
            (true, SortOrder::Asc) => ("ascending", " ▲"),
            (true, SortOrder::Desc) => ("descending", " ▼"),
        })
    };
    view! {
        <th scope="col" aria-sort=move || state().0>
            <button type="button" class="sort" on:click=move |_| on_sort(column)>
                {column.label()}<span aria-hidden="true">{move || state().1}</span>
            </button>
        </th>
    }
}

fn person_row(person: PersonDto, selection: Selection) -> impl IntoView {
    let (id, status) = (person.id, person.status);
    let (href, name) = (Route::Person(id).path(), person.display_name());
    let unit = person.unit.clone().unwrap_or_else(|| "—".into());
    let verdict = standing(&person);
    let ticked = move || selection.ticked.with(|t| t.contains(&id));
    let tick = selection.enabled.then(|| {
        let label = format!("Select {name}");
        view! {
            <td class="select">
                <input type="checkbox" aria-label=label prop:checked=ticked
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        selection.ticked.update(|t| {
                            if on { t.insert(id); } else { t.remove(&id); }
                        });
                    } />
            </td>
        }
    });
    view! {
        <tr>
            {tick}
            <th scope="row" data-label="Name">
                <A href=href>{name}</A>
            </th>
            <td data-label="Badge">{person.badge}</td>
            <td data-label="Unit">{unit}</td>
            <td data-label="Compliance">{verdict}</td>
            <td data-label="Status"><span class=format!("status status-{}", status.as_str())>{status.label()}</span></td>
        </tr>
    }
}

/// The verdict and the worst open requirement with its due date.
fn standing(person: &PersonDto) -> AnyView {
    let Some(standing) = &person.standing else {
        return view! { <span class="hint">"Not judged yet"</span> }.into_any();
    };
    let worst = standing.worst.as_ref().map(|w| {
        let due = w.due.map(|d| format!(", due {}", format::date(Some(d)))).unwrap_or_default();
        view! {
            <span class="worst-gap">{format!("{}: {}{due}", w.title, w.status.label().to_lowercase())}</span>
        }
    });
    view! {
        <span class=format::compliance_class(standing.status)>{standing.status.label()}</span>
        " "
        {worst}
    }
    .into_any()
}
