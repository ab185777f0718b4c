//! `/uof`: the use-of-force incidents the caller may read — his or her own, or all of the
//! agency's for a reviewer — filtered and paged, with a way to start a new one.

use confitrek_types::{ForceType, IncidentStatus, IncidentSummaryDto};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::api::uof::IncidentFilter;
use crate::components::paged::{Layout, LoadMore, PagedList, Paging};
use crate::components::unit_filter::UnitFilter;
use crate::components::uof_fields::Coded;
use crate::components::uof_summary::choices;
use crate::format::{date, parse_date_input};
use crate::pages::uof_incident::status_class;
use crate::routes::Route;
use crate::session::Session;

/// `"yes"`/`"no"` from the qualifies filter; anything else is no filter.
pub fn qualifies_filter(text: &str) -> Option<bool> {
    match text {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

#[component]
pub fn UofListPage() -> impl IntoView {
    let me = Session::get().me();
    let reviewer = me.as_ref().is_some_and(|m| m.uof_reviewer);
    let status = RwSignal::new(None::<IncidentStatus>);
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let qualifies = RwSignal::new(String::new());
    let force = RwSignal::new(None::<ForceType>);
    let unit = RwSignal::new(String::new());
    let filter = Memo::new(move |_| IncidentFilter {
        status: status.get(),
        from: parse_date_input(&from.get()).ok().flatten(),
        to: parse_date_input(&to.get()).ok().flatten(),
        qualifies: qualifies_filter(&qualifies.get()),
        person_id: None,
        unit: Some(unit.get()),
        force_type: force.get(),
    });
    let paging = Paging::restarting_on(filter);
    let intro = if reviewer {
        "All of the agency's incidents: you hold the use-of-force review permission."
    } else {
        "The incidents you have written."
    };
    view! {
        <div class="page-head">
            <h1>"Use of force"</h1>
            <div class="form-actions">
                {reviewer.then(|| view! {
                    <A href=Route::UofAggregates.path() attr:class="button">"Counts and exports"</A>
                })}
                <A href=Route::NewIncident.path() attr:class="button primary">"New incident"</A>
            </div>
        </div>
        <p class="hint">{intro}</p>
        <form class="filters uof-filters" role="search" aria-label="Filter the incidents" on:submit=|ev| ev.prevent_default()>
            <EnumFilter id="filter-status" label="Status" any="Any status" value=status />
            <div class="field">
                <label for="filter-from">"From"</label>
                <input id="filter-from" type="date" prop:value=move || from.get()
                    on:input=move |ev| from.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="filter-to">"To"</label>
                <input id="filter-to" type="date" prop:value=move || to.get()
                    on:input=move |ev| to.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="filter-qualifies">"Qualifies for FBI reporting"</label>
                <select id="filter-qualifies" on:change=move |ev| qualifies.set(event_target_value(&ev))>
                    <option value="">"Either"</option>
                    <option value="yes">"Yes"</option>
                    <option value="no">"No"</option>
                </select>
            </div>
            <EnumFilter id="filter-force" label="Force type" any="Any force" value=force />
            {reviewer.then(|| view! { <UnitFilter unit /> })}
        </form>
        <table class="incidents stacked">
            <caption class="visually-hidden">"Use-of-force incidents"</caption>
            <thead>
                <tr>
                    <th scope="col">"Case"</th>
                    <th scope="col">"Date"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Qualifies"</th>
                    <th scope="col">"Officers"</th>
                    <th scope="col">"Force"</th>
                </tr>
            </thead>
            <PagedList paging layout={Layout::Table("6".into())}
                fetch={move |cursor: Option<String>| {
                    let filter = filter.get();
                    async move { api::uof::incidents(&filter, cursor.as_deref()).await }
                }}
                empty={move || nothing_found(&filter.get_untracked(), reviewer)}
                row={incident_row}
            />
        </table>
        <LoadMore paging />
    }
}

#[component]
fn EnumFilter<T: Coded>(
    id: &'static str,
    label: &'static str,
    any: &'static str,
    value: RwSignal<Option<T>>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id on:change=move |ev| value.set(T::from_code(&event_target_value(&ev)))>
                <option value="">{any}</option>
                {T::all().iter().map(|v| view! { <option value=v.code()>{v.text()}</option> }).collect_view()}
            </select>
        </div>
    }
}

/// Why there is no incident to show.
fn nothing_found(filter: &IncidentFilter, reviewer: bool) -> &'static str {
    match (filter.is_unfiltered(), reviewer) {
        (false, _) => "No incident matches these filters.",
        (true, true) => "No incident has been written yet.",
        // Without the review permission one sees only what one wrote.
        (true, false) => {
            "You have written no incident yet. You see the incidents you write; reviewers see the agency's."
        }
    }
}

fn incident_row(i: IncidentSummaryDto) -> impl IntoView {
    let case = i
        .case_number
        .clone()
        .unwrap_or_else(|| "No case number yet".to_owned());
    let officers = if i.officers.is_empty() {
        "—".to_owned()
    } else {
        i.officers.join("; ")
    };
    let force = if i.force.is_empty() {
        "—".to_owned()
    } else {
        choices(&i.force)
    };
    view! {
        <tr>
            <th scope="row" data-label="Case">
                <A href=Route::Incident(i.id).path()>{case}</A>
            </th>
            <td data-label="Date">{date(i.incident_date)}</td>
            <td data-label="Status"><span class=status_class(i.status)>{i.status.label()}</span></td>
            <td data-label="Qualifies">{if i.qualifies { "Yes" } else { "No" }}</td>
            <td data-label="Officers">{officers}</td>
            <td data-label="Force">{force}</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_qualifies_filter_is_either_unless_chosen() {
        assert_eq!(qualifies_filter("yes"), Some(true));
        assert_eq!(qualifies_filter("no"), Some(false));
        assert_eq!(qualifies_filter(""), None);
    }
}
