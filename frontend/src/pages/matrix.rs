//! `/compliance/matrix`: the people one sees by the requirements that apply to them, each
//! cell a status (in words and a sign as well as a colour), what remains and the due date.
//! Filtered, ordered, paged with "Load more", downloadable as CSV. On a phone the table
//! scrolls sideways with the names kept in view.

use confitrek_types::{
    MatrixCellDto, MatrixColumnDto, MatrixPageDto, MatrixRowDto, MatrixSort, PersonStatus,
    RequirementStatus,
};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::matrix::{self, MatrixFilter};
use crate::components::address;
use crate::components::paged::{Layout, LoadMore, PagedList, Paging};
use crate::components::unit_filter::UnitFilter;
use crate::format;
use crate::routes::Route;

#[component]
pub fn MatrixPage() -> impl IntoView {
    let given = address::opened_with();
    let unit = RwSignal::new(given("unit"));
    let requirement = RwSignal::new(given("requirement"));
    let status = RwSignal::new(RequirementStatus::parse(&given("status")));
    let person_status = RwSignal::new(PersonStatus::parse(&given("person_status")));
    let sort = RwSignal::new(MatrixSort::parse(&given("sort")).unwrap_or(MatrixSort::Name));
    let filter = Memo::new(move |_| MatrixFilter {
        unit: unit.get(),
        requirement: requirement.get(),
        status: status.get(),
        person_status: person_status.get(),
        sort: sort.get(),
    });
    address::keep_in_address(Route::ComplianceMatrix, move || {
        filter.with(|f| f.query_string())
    });
    // The requirements to choose from: those of everyone one sees, whatever is filtered.
    let all_requirements = LocalResource::new(|| async {
        matrix::matrix(&MatrixFilter::default(), None)
            .await
            .map(|page| page.requirements)
    });
    let columns = RwSignal::new(Vec::<MatrixColumnDto>::new());
    // The name and overall columns, then one a requirement.
    let span = Signal::derive(move || (columns.with(Vec::len) + 2).to_string());
    let total = RwSignal::new(None::<u32>);
    let paging = Paging::restarting_on(filter);
    let requirement_options = move || {
        let chosen = requirement.get();
        all_requirements
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|c| {
                let selected = c.requirement_id == chosen;
                view! { <option value=c.requirement_id.clone() selected=selected>{c.title}</option> }
            })
            .collect_view()
    };

    view! {
        <div class="page-head">
            <h1>"Compliance matrix"</h1>
        </div>
        <p class="hint">
            "Each person by each requirement that applies, from the verdicts kept current as records, "
            "waivers and the roster change. A dash means the requirement does not apply."
        </p>
        <form class="filters matrix-filters" role="search" aria-label="Filter the matrix" on:submit=|ev| ev.prevent_default()>
            <UnitFilter unit />
            <div class="field">
                <label for="filter-requirement">"Requirement"</label>
                <select id="filter-requirement" on:change=move |ev| requirement.set(event_target_value(&ev))>
                    <option value="">"All requirements"</option>
                    {requirement_options}
                </select>
            </div>
            <div class="field">
                <label for="filter-status">"With a requirement"</label>
                <select id="filter-status"
                    on:change=move |ev| status.set(RequirementStatus::parse(&event_target_value(&ev)))>
                    <option value="">"In any status"</option>
                    {RequirementStatus::ALL.iter().map(|s| {
                        let s = *s;
                        view! { <option value=s.as_str() selected=move || status.get() == Some(s)>{s.label()}</option> }
                    }).collect::<Vec<_>>()}
                </select>
            </div>
            <div class="field">
                <label for="filter-person-status">"People"</label>
                <select id="filter-person-status"
                    on:change=move |ev| person_status.set(PersonStatus::parse(&event_target_value(&ev)))>
                    <option value="">"Everyone but those who left"</option>
                    {PersonStatus::ALL.iter().map(|s| {
                        let s = *s;
                        view! { <option value=s.as_str() selected=move || person_status.get() == Some(s)>{s.label()}</option> }
                    }).collect::<Vec<_>>()}
                </select>
            </div>
            <div class="field">
                <label for="filter-sort">"Sort by"</label>
                <select id="filter-sort"
                    on:change=move |ev| sort.set(MatrixSort::parse(&event_target_value(&ev)).unwrap_or(MatrixSort::Name))>
                    {MatrixSort::ALL.iter().map(|s| {
                        let s = *s;
                        view! { <option value=s.as_str() selected=move || sort.get() == s>{s.label()}</option> }
                    }).collect::<Vec<_>>()}
                </select>
            </div>
        </form>
        <div class="roster-tools">
            <p role="status" class="hint">
                {move || total.get().map(|n| match n {
                    1 => "1 person".to_owned(),
                    n => format!("{n} people"),
                })}
            </p>
            <a class="button" download="" href=move || matrix::matrix_csv_url(&filter.get())>"Download CSV"</a>
        </div>
        <div class="matrix-scroll" role="region" aria-label="Compliance matrix, scrolls sideways" tabindex="0">
            <table class="matrix">
                <caption class="visually-hidden">"People by requirement"</caption>
                <thead>
                    <tr>
                        <th scope="col" class="sticky">"Name"</th>
                        <th scope="col">"Overall"</th>
                        {move || columns.get().into_iter().map(|c| view! {
                            <th scope="col" title=c.requirement_id.clone()>{c.title}</th>
                        }).collect_view()}
                    </tr>
                </thead>
                // The columns come with the first page and hold for every page after it.
                <PagedList paging layout={Layout::Table(span)}
                    fetch={move |cursor: Option<String>| {
                        let filter = filter.get();
                        async move { matrix::matrix(&filter, cursor.as_deref()).await }
                    }}
                    empty=|| "No one matches these filters."
                    row={move |row: MatrixRowDto| columns.with_untracked(|shown| matrix_row(row, shown))}
                    on_page={move |index, page: MatrixPageDto| {
                        if index == 0 {
                            columns.set(page.requirements);
                            total.set(Some(page.total));
                        }
                    }}
                />
            </table>
        </div>
        <LoadMore paging />
    }
}

fn matrix_row(row: MatrixRowDto, columns: &[MatrixColumnDto]) -> impl IntoView + use<> {
    let overall = match row.status {
        Some(status) => {
            view! { <span class=format::compliance_class(status)>{status.label()}</span> }
                .into_any()
        }
        None => view! { <span class="hint">"Not judged yet"</span> }.into_any(),
    };
    let unit = row.unit.clone().unwrap_or_else(|| "No unit".into());
    let cells = columns
        .iter()
        .map(|c| {
            let cell = row
                .cells
                .iter()
                .find(|x| x.requirement_id == c.requirement_id);
            matrix_cell(cell, &c.title)
        })
        .collect_view();
    view! {
        <tr>
            <th scope="row" class="sticky">
                <A href=Route::Person(row.person_id).path()>{row.name}</A>
                <span class="hint matrix-who">{format!("{} · {unit}", row.badge)}</span>
            </th>
            <td>{overall}</td>
            {cells}
        </tr>
    }
}

/// A sign for each status, so a cell reads without its colour.
fn sign(status: RequirementStatus) -> &'static str {
    match status {
        RequirementStatus::Met => "✓",
        RequirementStatus::Pending => "○",
        RequirementStatus::AtRisk => "!",
        RequirementStatus::Overdue => "✗",
        RequirementStatus::Waived => "W",
        RequirementStatus::NotApplicable => "–",
    }
}

fn matrix_cell(cell: Option<&MatrixCellDto>, title: &str) -> AnyView {
    let Some(cell) = cell else {
        return view! {
            <td class="matrix-none"><span aria-hidden="true">"—"</span>
                <span class="visually-hidden">{format!("{title}: does not apply")}</span></td>
        }
        .into_any();
    };
    let open = matches!(
        cell.status,
        RequirementStatus::Pending | RequirementStatus::AtRisk | RequirementStatus::Overdue
    );
    let gap = open.then(|| format!("{} to go", format::amount(cell.remaining, &cell.measure)));
    let due = cell.due.map(|d| format!("due {}", format::date(Some(d))));
    let detail = [gap, due]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <td class="matrix-cell">
            <span class=format::requirement_class(cell.status)>
                <span aria-hidden="true">{sign(cell.status)}" "</span>{cell.status.label()}
            </span>
            <span class="matrix-detail">{detail}</span>
        </td>
    }
    .into_any()
}
