//! `/uof/aggregates`: the agency's incidents over a range of days (drafts aside), counted by
//! month, force type, injury and unit; and the downloads for the FBI and for the agency.

use confitrek_types::{CountDto, UofAggregatesDto};
use leptos::prelude::*;
use leptos_router::components::A;
use time::{Date, Month};

use crate::api::uof as api;
use crate::components::problem::load_error;
use crate::format::{date_input, parse_date_input, today};
use crate::routes::Route;
use crate::session::Session;

/// A bar's length in percent of the longest; nothing counted draws nothing.
pub fn bar_percent(count: u32, most: u32) -> u32 {
    if most == 0 {
        0
    } else {
        (u64::from(count) * 100 / u64::from(most)) as u32
    }
}

fn start_of_year(day: Date) -> Date {
    Date::from_calendar_date(day.year(), Month::January, 1).unwrap_or(day)
}

#[component]
pub fn UofAggregatesPage() -> impl IntoView {
    let reviewer = Session::get().me().is_some_and(|m| m.uof_reviewer);
    let day = today();
    let from = RwSignal::new(date_input(Some(start_of_year(day))));
    let to = RwSignal::new(date_input(Some(day)));
    // The last range whose two dates read as dates, so a half-typed one changes nothing.
    let range = Memo::new(move |previous: Option<&(Date, Date)>| {
        match (
            parse_date_input(&from.get()).ok().flatten(),
            parse_date_input(&to.get()).ok().flatten(),
        ) {
            (Some(f), Some(t)) => (f, t),
            _ => previous.copied().unwrap_or((start_of_year(day), day)),
        }
    });
    let aggregates = LocalResource::new(move || {
        let (from, to) = range.get();
        async move { api::aggregates(from, to).await }
    });
    let body =
        move || Suspend::new(async move { aggregates.await.map(|a| view! { <Aggregates a /> }) });
    view! {
        <p><A href=Route::UofIncidents.path()>"← Use-of-force incidents"</A></p>
        <h1>"Use of force: counts and exports"</h1>
        <form class="filters uof-range" aria-label="Range of incident dates" on:submit=|ev| ev.prevent_default()>
            <div class="field">
                <label for="range-from">"From"</label>
                <input id="range-from" type="date" prop:value=move || from.get()
                    on:input=move |ev| from.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="range-to">"To"</label>
                <input id="range-to" type="date" prop:value=move || to.get()
                    on:input=move |ev| to.set(event_target_value(&ev)) />
            </div>
        </form>
        <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
            <ErrorBoundary fallback=load_error>{body}</ErrorBoundary>
        </Transition>
        {reviewer.then(|| view! { <Downloads range /> })}
    }
}

#[component]
fn Aggregates(a: UofAggregatesDto) -> impl IntoView {
    view! {
        <dl class="totals uof-totals">
            <div><dt>"Incidents"</dt><dd>{a.incidents}</dd></div>
            <div><dt>"Qualifying for FBI reporting"</dt><dd>{a.qualifying}</dd></div>
        </dl>
        <p class="hint">"Drafts are not counted. A force type, an injury or a unit counts once per incident that has it."</p>
        <div class="uof-counts">
            <Counts title="By month" id="by-month" counts=a.by_month />
            <Counts title="By force type" id="by-force" counts=a.by_force_type />
            <Counts title="By injury of subjects" id="by-injury" counts=a.by_injury />
            <Counts title="By unit" id="by-unit" counts=a.by_unit />
        </div>
    }
}

#[component]
fn Counts(title: &'static str, id: &'static str, counts: Vec<CountDto>) -> impl IntoView {
    let most = counts.iter().map(|c| c.count).max().unwrap_or(0);
    let rows = if counts.is_empty() {
        view! { <tr><td colspan="3" class="empty">"Nothing counted."</td></tr> }.into_any()
    } else {
        counts
            .into_iter()
            .map(|c| {
                // An SVG attribute, not a style: the page's policy allows no inline style.
                let width = format!("{}%", bar_percent(c.count, most));
                view! {
                    <tr>
                        <th scope="row">{c.label}</th>
                        <td class="num">{c.count}</td>
                        <td class="chart-cell">
                            <svg class="uof-bar" aria-hidden="true"><rect width=width height="100%" rx="3" /></svg>
                        </td>
                    </tr>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <section aria-labelledby=id>
            <h2 id=id>{title}</h2>
            <table class="dashboard-table">
                <thead>
                    <tr>
                        <th scope="col">{title.trim_start_matches("By ").to_owned()}</th>
                        <th scope="col" class="num">"Incidents"</th>
                        <th scope="col" class="chart-cell"><span class="visually-hidden">"Chart"</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

#[component]
fn Downloads(range: Memo<(Date, Date)>) -> impl IntoView {
    let federal = move |format: &'static str| {
        move || {
            let (from, to) = range.get();
            api::federal_export_url(from, to, format)
        }
    };
    let agency = move || {
        let (from, to) = range.get();
        api::agency_export_url(from, to)
    };
    view! {
        <section class="report" aria-labelledby="uof-downloads">
            <h2 id="uof-downloads">"Downloads"</h2>
            <p class="hint">
                "For the FBI: the qualifying incidents of the range in the collection's structure, "
                "without names or badges. For the agency: every incident of the range with the "
                "agency's own elements. Each download is recorded in the audit log."
            </p>
            <div class="form-actions">
                <a class="button" href=federal("json") download>"Federal (JSON)"</a>
                <a class="button" href=federal("csv") download>"Federal (CSV)"</a>
                <a class="button" href=agency download>"Agency (CSV)"</a>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn bars_are_measured_against_the_longest() {
        assert_eq!(bar_percent(3, 4), 75);
        assert_eq!(bar_percent(4, 4), 100);
        assert_eq!(bar_percent(0, 0), 0);
        assert_eq!(start_of_year(date!(2026 - 11 - 27)), date!(2026 - 01 - 01));
    }
}
