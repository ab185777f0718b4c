//! `/expenses`: training costs. The training office follows the lines of a fiscal year,
//! approves, pays or rejects them, files receipts, sets budgets and exports; a supervisor
//! reads the unit's; an officer reads and asks for his or her own ("My expenses").

use confitrek_types::{
    BudgetDto, BudgetInput, ExpenseStatus, ExpenseSummaryDto, Problem, SpreadsheetFormat,
};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::expenses::{self as api, ExpenseFilter};
use crate::api::{self as core, ApiResult};
use crate::components::expense_form::ExpenseForm;
use crate::components::expenses::{ExpenseTable, money, parse_dollars};
use crate::components::fields::{SelectField, TextField};
use crate::components::problem::{ProblemAlert, load_error};
use crate::format::today;
use crate::routes::RoleAbilities;
use crate::session::Session;

/// The fiscal year `day` falls in, named by the year it ends in, for a year starting in
/// `start_month` (the server's rule, to preselect the current year).
pub fn fiscal_year_of(day: time::Date, start_month: u8) -> i32 {
    if start_month <= 1 || u8::from(day.month()) < start_month {
        day.year()
    } else {
        day.year() + 1
    }
}

#[component]
pub fn ExpensesPage() -> impl IntoView {
    let me = Session::get().me();
    let role = me.as_ref().map(|m| m.role);
    let manage = role.is_some_and(RoleAbilities::manages_training);
    let reads_budgets = role.is_some_and(RoleAbilities::sees_roster);
    let own_person = me.as_ref().and_then(|m| m.person_id).filter(|_| !manage);
    let agency = LocalResource::new(core::current_agency);
    let year = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let unit = RwSignal::new(String::new());
    let person = RwSignal::new(String::new());
    let course = RwSignal::new(String::new());
    // The current fiscal year, once the agency says when its year starts.
    Effect::new(move |_| {
        if let Some(Ok(a)) = agency.get()
            && year.get_untracked().is_empty()
        {
            year.set(fiscal_year_of(today(), a.fiscal_year_start_month).to_string());
        }
    });
    let filter = Memo::new(move |_| ExpenseFilter {
        fiscal_year: year.get().parse().ok(),
        status: ExpenseStatus::parse(&status.get()),
        unit: unit.get(),
        person_id: Uuid::parse_str(&person.get()).ok(),
        course_id: Uuid::parse_str(&course.get()).ok(),
        session_id: None,
    });
    let lines = LocalResource::new(move || {
        let f = filter.get();
        async move { api::expenses(&f, None).await }
    });
    let summary = LocalResource::new(move || {
        let f = filter.get();
        async move {
            if f.fiscal_year.is_some() {
                api::summary(&f).await.map(Some)
            } else {
                Ok(None)
            }
        }
    });
    let budgets = LocalResource::new(move || {
        let y = filter.get().fiscal_year;
        async move {
            if reads_budgets {
                api::budgets(y).await
            } else {
                Ok(Vec::new())
            }
        }
    });
    let changed = Callback::new(move |_| {
        lines.refetch();
        summary.refetch();
        budgets.refetch();
    });
    let this_year = fiscal_year_of(today(), 7);
    let years = Signal::derive(move || {
        let mut list = vec![(String::new(), "Every year".to_owned())];
        list.extend(
            (this_year - 4..=this_year + 1)
                .rev()
                .map(|y| (y.to_string(), format!("FY{y}"))),
        );
        list
    });
    let statuses = Signal::derive(|| {
        let mut list = vec![(String::new(), "Any status".to_owned())];
        list.extend(
            ExpenseStatus::ALL
                .iter()
                .map(|s| (s.as_str().to_owned(), s.label().to_owned())),
        );
        list
    });
    let units = LocalResource::new(core::units);
    let unit_options = Signal::derive(move || {
        let mut list = vec![(String::new(), "Every unit".to_owned())];
        if let Some(Ok(u)) = units.get() {
            list.extend(u.into_iter().map(|u| (u.clone(), u)));
        }
        list
    });
    let courses = LocalResource::new(core::catalog_courses);
    let course_options = Signal::derive(move || {
        let mut list = vec![(String::new(), "Every course".to_owned())];
        if let Some(Ok(c)) = courses.get() {
            list.extend(c.into_iter().map(|c| (c.id.to_string(), c.title)));
        }
        list
    });
    let no_problem = Signal::derive(|| None::<Problem>);
    let person_filter = move || {
        (role.is_some_and(RoleAbilities::sees_roster)).then(|| view! {
        <crate::components::person_select::PersonSelect name="filter_person" label="Person" value=person problem=no_problem />
    })
    };
    view! {
        <h1>{if own_person.is_some() && !reads_budgets { "My expenses" } else { "Expenses" }}</h1>
        <form class="filters expense-filters" on:submit=|ev| ev.prevent_default()>
            <SelectField name="fiscal_year" label="Fiscal year" value=year options=years problem=no_problem />
            <SelectField name="filter_status" label="Status" value=status options=statuses problem=no_problem />
            {reads_budgets.then(|| view! {
                <SelectField name="filter_unit" label="Unit" value=unit options=unit_options problem=no_problem />
            })}
            {person_filter}
            <SelectField name="filter_course" label="Course" value=course options=course_options problem=no_problem />
        </form>
        <p class="exports">
            <a class="button" download="" href=move || api::export_url(&filter.get(), SpreadsheetFormat::Csv)>"Export CSV"</a>
            " "
            <a class="button" download="" href=move || api::export_url(&filter.get(), SpreadsheetFormat::Xlsx)>"Export XLSX"</a>
        </p>
        {reads_budgets.then(|| view! {
            <section class="card expense-card" aria-labelledby="budgets-heading">
                <h2 id="budgets-heading">"Budgets"</h2>
                <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
                    <ErrorBoundary fallback=load_error>
                        {move || Suspend::new(async move { budgets.await.map(|b| view! { <BudgetTable budgets=b /> }) })}
                    </ErrorBoundary>
                </Transition>
                {manage.then(|| view! { <BudgetForm year changed /> })}
            </section>
        })}
        <section class="card expense-card" aria-labelledby="summary-heading">
            <h2 id="summary-heading">"Summary"</h2>
            <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
                <ErrorBoundary fallback=load_error>
                    {move || Suspend::new(async move { summary.await.map(|s| s.map(|s| view! { <Summary summary=s /> })) })}
                </ErrorBoundary>
            </Transition>
        </section>
        <section class="card expense-card" aria-labelledby="lines-heading">
            <h2 id="lines-heading">"Expense lines"</h2>
            <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
                <ErrorBoundary fallback=load_error>
                    {move || Suspend::new(async move { lines.await.map(|page| view! { <ExpenseTable lines=page.items manage changed /> }) })}
                </ErrorBoundary>
            </Transition>
        </section>
        {(manage || own_person.is_some()).then(|| match own_person {
            Some(p) => view! { <ExpenseForm own_person=p manage saved=changed /> }.into_any(),
            None => view! { <ExpenseForm manage saved=changed /> }.into_any(),
        })}
    }
}

#[component]
fn BudgetTable(budgets: Vec<BudgetDto>) -> impl IntoView {
    if budgets.is_empty() {
        return view! { <p>"No budget set for this year."</p> }.into_any();
    }
    let rows = budgets
        .into_iter()
        .map(|b| view! {
            <tr class:overspent=b.left_cents < 0>
                <th scope="row">{format!("FY{} {}", b.fiscal_year, b.unit.clone().unwrap_or_else(|| "Agency-wide".into()))}</th>
                <td class="numeric">{money(b.amount_cents)}</td>
                <td class="numeric">{money(b.spent_cents)}</td>
                <td class="numeric">{money(b.committed_cents)}</td>
                <td class="numeric">{money(b.left_cents)}</td>
            </tr>
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="budgets">
                <caption class="visually-hidden">"Budgets with spent, committed and left"</caption>
                <thead><tr>
                    <th scope="col">"Budget"</th><th scope="col" class="numeric">"Amount"</th>
                    <th scope="col" class="numeric">"Spent"</th><th scope="col" class="numeric">"Committed"</th>
                    <th scope="col" class="numeric">"Left"</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn BudgetForm(year: RwSignal<String>, changed: Callback<()>) -> impl IntoView {
    let unit = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let local = RwSignal::new(None::<Problem>);
    let save = Action::new_local(move |input: &BudgetInput| {
        let input = input.clone();
        async move {
            // Set: a new budget, or the amount of the one the year and unit have.
            let existing = api::budgets(Some(input.fiscal_year)).await?;
            let done = match existing.into_iter().find(|b| b.unit == input.unit) {
                Some(b) => api::replace_budget(b.id, &input).await?,
                None => api::create_budget(&input).await?,
            };
            changed.run(());
            ApiResult::Ok(done)
        }
    });
    let problem = Signal::derive(move || {
        local.get().or_else(|| match save.value().get() {
            Some(Err(e)) => Some(e.into_problem()),
            _ => None,
        })
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut errors = Vec::new();
        let fiscal_year = year.get_untracked().parse::<i32>().unwrap_or_else(|_| {
            errors.push(confitrek_types::FieldProblem {
                field: "budget_year".into(),
                message: "choose a fiscal year above".into(),
            });
            0
        });
        let amount_cents = parse_dollars(&amount.get_untracked()).unwrap_or_else(|m| {
            errors.push(confitrek_types::FieldProblem {
                field: "amount_cents".into(),
                message: m,
            });
            0
        });
        if !errors.is_empty() {
            local.set(Some(Problem::invalid_input(errors)));
            return;
        }
        local.set(None);
        let unit = unit.get_untracked();
        save.dispatch(BudgetInput {
            fiscal_year,
            unit: (!unit.trim().is_empty()).then(|| unit.trim().to_owned()),
            amount_cents,
        });
    };
    let units = LocalResource::new(core::units);
    let unit_options = Signal::derive(move || {
        let mut list = vec![(String::new(), "Agency-wide".to_owned())];
        if let Some(Ok(u)) = units.get() {
            list.extend(u.into_iter().map(|u| (u.clone(), u)));
        }
        list
    });
    view! {
        <form class="budget-form" on:submit=on_submit novalidate>
            <h3>{move || format!("Set a budget for FY{}", year.get())}</h3>
            <ProblemAlert problem shown_fields=&["budget_unit", "amount_cents", "budget_year"] />
            <SelectField name="budget_unit" label="Budget of" value=unit options=unit_options problem />
            <TextField name="amount_cents" id="budget_amount" label="Budget ($)" value=amount problem required=true />
            <button type="submit" disabled=move || save.pending().get()>"Set budget"</button>
        </form>
    }
}

#[component]
fn Summary(summary: ExpenseSummaryDto) -> impl IntoView {
    let t = &summary.total;
    let groups = [
        ("By course", summary.by_course.clone()),
        ("By unit", summary.by_unit.clone()),
        ("By category", summary.by_category.clone()),
    ];
    let tables = groups
        .into_iter()
        .filter(|(_, g)| !g.is_empty())
        .map(|(title, g)| {
            let rows = g.into_iter().map(|r| view! {
                <tr><th scope="row">{r.label}</th>
                    <td class="numeric">{money(r.spent_cents)}</td>
                    <td class="numeric">{money(r.committed_cents)}</td>
                    <td class="numeric">{money(r.requested_cents)}</td></tr>
            }).collect_view();
            view! {
                <div class="table-scroll">
                    <table class="summary">
                        <caption>{title}</caption>
                        <thead><tr><th scope="col">""</th><th scope="col" class="numeric">"Spent"</th>
                            <th scope="col" class="numeric">"Committed"</th><th scope="col" class="numeric">"Requested"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
        })
        .collect_view();
    view! {
        <p class="summary-total">
            {format!("FY{} ({} to {}): spent {}, committed {}, requested {}.", summary.fiscal_year, summary.starts_on, summary.ends_on,
                money(t.spent_cents), money(t.committed_cents), money(t.requested_cents))}
        </p>
        {tables}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_current_fiscal_year_is_named_by_the_year_it_ends_in() {
        assert_eq!(fiscal_year_of(date!(2026 - 06 - 30), 7), 2026);
        assert_eq!(fiscal_year_of(date!(2026 - 07 - 01), 7), 2027);
        assert_eq!(fiscal_year_of(date!(2026 - 12 - 31), 1), 2026);
        assert_eq!(fiscal_year_of(date!(2026 - 10 - 01), 10), 2027);
    }
}
