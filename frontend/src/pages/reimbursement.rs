//! `/reimbursement`: the agency's state reimbursement program. Minnesota: the application of
//! a fiscal year (officers with licence numbers and eligibility with every reason, the costs,
//! the CLEO's affirmation, due date and days left) to download as CSV or PDF. Ohio: each
//! officer's qualifying CPT hours times base hourly rate, the totals. Other states: that no
//! program was found, with the sources. Every fact shows its sources and `unconfirmed` mark.

use confitrek_types::{
    ClaimDecisionInput, MinnesotaApplication, OhioReimbursement, ReimbursementFact,
    ReimbursementProgram, ReimbursementReason, SourceDto,
};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::reimbursement as api;
use crate::components::pay_rates::dollars;
use crate::components::problem::load_error;
use crate::components::sources::{Source, Unconfirmed};
use crate::routes::RoleAbilities;
use crate::session::Session;

#[component]
pub fn ReimbursementPage() -> impl IntoView {
    let program = LocalResource::new(api::program);
    let body =
        move || Suspend::new(async move { program.await.map(|p| view! { <Program program=p /> }) });
    view! {
        <h1>"State reimbursement"</h1>
        <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
            <ErrorBoundary fallback=load_error>{body}</ErrorBoundary>
        </Transition>
    }
}

#[component]
fn Program(program: ReimbursementProgram) -> impl IntoView {
    let can_manage = Session::get()
        .role_untracked()
        .is_some_and(RoleAbilities::manages_training);
    let year = RwSignal::new(program.current_year.unwrap_or(2026));
    let part = match program.program.as_str() {
        "minnesota" => view! { <YearPicker year label="Fiscal year (named by the year it ends in)" /><Minnesota year can_manage /> }.into_any(),
        "ohio" => view! { <YearPicker year label="Calendar year" /><Ohio year /> }.into_any(),
        _ => view! { <p>{format!("No state reimbursement program was found for {}.", program.jurisdiction)}</p> }.into_any(),
    };
    view! {
        <p class="lead">{program.title.clone()}</p>
        {part}
        <Facts facts=program.facts sources=program.sources />
    }
}

#[component]
fn YearPicker(year: RwSignal<i32>, label: &'static str) -> impl IntoView {
    view! {
        <div class="field">
            <label for="reimbursement-year">{label}</label>
            <input id="reimbursement-year" type="number" min="1990" max="2199" inputmode="numeric"
                prop:value=move || year.get().to_string()
                on:change=move |ev| {
                    if let Ok(y) = event_target_value(&ev).trim().parse::<i32>() {
                        year.set(y);
                    }
                } />
        </div>
    }
}

/// The facts of the program, each with its sources and, beside it, what is unconfirmed.
#[component]
fn Facts(facts: Vec<ReimbursementFact>, sources: Vec<SourceDto>) -> impl IntoView {
    (!facts.is_empty()).then(|| {
        let items = facts
            .into_iter()
            .map(|f| {
                view! {
                    <li>
                        {f.statement.clone()}
                        " "<span class="source-id">{format!("[{}]", f.citations.join(", "))}</span>
                        <Unconfirmed note=f.unconfirmed.clone() />
                    </li>
                }
            })
            .collect_view();
        let sources = sources
            .into_iter()
            .map(|source| view! { <li><Source source /></li> })
            .collect_view();
        view! {
            <section aria-labelledby="facts-heading">
                <h2 id="facts-heading">"The state's rules, with their sources"</h2>
                <ul class="facts">{items}</ul>
                <h3>"Sources"</h3>
                <ul class="sources">{sources}</ul>
            </section>
        }
    })
}

fn reasons(list: &[ReimbursementReason]) -> impl IntoView + use<> {
    let items = list
        .iter()
        .map(|r| {
            view! {
                <li class=if r.met { "met" } else { "unmet" }>
                    <span class="visually-hidden">{if r.met { "Met: " } else { "Not met: " }}</span>
                    <span aria-hidden="true">{if r.met { "✓ " } else { "✗ " }}</span>
                    {r.sentence.clone()}
                    " "<span class="source-id">{format!("[{}]", r.citations.join(", "))}</span>
                    <Unconfirmed note=r.unconfirmed.clone() />
                </li>
            }
        })
        .collect_view();
    view! { <ul class="reasons">{items}</ul> }
}

#[component]
fn Minnesota(year: RwSignal<i32>, can_manage: bool) -> impl IntoView {
    let application = LocalResource::new(move || api::minnesota(year.get()));
    let body = move || {
        Suspend::new(async move {
            application
                .await
                .map(|a| view! { <MinnesotaApplicationView a reload=application can_manage /> })
        })
    };
    view! {
        <Transition fallback=|| view! { <p role="status">"Loading the application…"</p> }>
            <ErrorBoundary fallback=load_error>{body}</ErrorBoundary>
        </Transition>
    }
}

type Reload = LocalResource<crate::api::ApiResult<MinnesotaApplication>>;

#[component]
fn MinnesotaApplicationView(
    a: MinnesotaApplication,
    reload: Reload,
    can_manage: bool,
) -> impl IntoView {
    let cleo_name = RwSignal::new(String::new());
    let cleo_title = RwSignal::new(String::new());
    let fy = a.fiscal_year;
    let due = if a.days_left >= 0 {
        format!(
            "Due {} ({} days left), through the POST portal, even when no money is requested.",
            a.due_on, a.days_left
        )
    } else {
        format!("Was due {} ({} days ago).", a.due_on, -a.days_left)
    };
    let claim = Action::new_local(move |(person, elsewhere): &(Uuid, bool)| {
        let input = ClaimDecisionInput {
            claimed_elsewhere: *elsewhere,
            note: None,
        };
        let person = *person;
        async move {
            let done = api::decide_claim(fy, person, &input).await;
            reload.refetch();
            done
        }
    });
    let rows = a
        .officers
        .iter()
        .map(|o| {
            let (id, elsewhere) = (o.person_id, o.claimed_elsewhere);
            let toggle = can_manage.then(|| {
                let label = if elsewhere { "Claim here" } else { "Claimed by another unit" };
                view! { <button type="button" class="link" on:click=move |_| { claim.dispatch((id, !elsewhere)); }>{label}</button> }
            });
            view! {
                <tr>
                    <th scope="row">{o.name.clone()}<br /><span class="hint">{o.badge.clone()}</span></th>
                    <td>{o.licence_number.clone().unwrap_or_else(|| "—".into())}</td>
                    <td class="num">{o.months}</td>
                    <td class="num">{format!("{:.2}", o.credits)}</td>
                    <td>{if o.eligible { "Eligible" } else { "Not eligible" }}{o.part_time.then_some(" (part-time)")}</td>
                    <td>{reasons(&o.reasons)}{toggle}</td>
                </tr>
            }
        })
        .collect_view();
    let costs = a
        .costs
        .by_category
        .iter()
        .map(|c| view! { <tr><td>{c.category.replace('_', " ")}</td><td class="num">{dollars(c.cents)}</td></tr> })
        .collect_view();
    let share = a.share.clone().map(|s| {
        view! { <p>{format!("Estimated share: {} per eligible officer, {} in all.", dollars(s.per_officer_cents), dollars(s.total_cents))}<Unconfirmed note=s.unconfirmed /></p> }
    });
    view! {
        <section aria-labelledby="application-heading">
            <h2 id="application-heading">{format!("Application for FY{fy} ({} to {})", a.starts_on, a.ends_on)}</h2>
            <p class="notice" role="status">{due}</p>
            <p>{format!("{} of {} officers eligible.", a.eligible_count, a.officers.len())}</p>
            <div class="table-scroll">
                <table class="reimbursement-officers">
                    <thead><tr>
                        <th scope="col">"Officer"</th><th scope="col">"Licence"</th><th scope="col">"Months"</th>
                        <th scope="col">"Credits"</th><th scope="col">"Eligibility"</th><th scope="col">"Reasons"</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <h3>"Continuing education costs"</h3>
            <p class="hint">{a.costs.statement.clone()}<Unconfirmed note=a.costs.unconfirmed.clone() /></p>
            <div class="table-scroll">
                <table>
                    <thead><tr><th scope="col">"Category"</th><th scope="col">"Amount"</th></tr></thead>
                    <tbody>{costs}<tr><th scope="row">"Total"</th><td class="num">{dollars(a.costs.total_cents)}</td></tr></tbody>
                </table>
            </div>
            {share}
            <h3>"Chief law enforcement officer's affirmation"</h3>
            <p>{a.affirmation.statement.clone()}<Unconfirmed note=a.affirmation.unconfirmed.clone() /></p>
            <div class="form-row">
                <div class="field"><label for="cleo-name">"CLEO's name"</label>
                    <input id="cleo-name" type="text" maxlength="120" prop:value=move || cleo_name.get()
                        on:input=move |ev| cleo_name.set(event_target_value(&ev)) /></div>
                <div class="field"><label for="cleo-title">"CLEO's title"</label>
                    <input id="cleo-title" type="text" maxlength="120" prop:value=move || cleo_title.get()
                        on:input=move |ev| cleo_title.set(event_target_value(&ev)) /></div>
            </div>
            <div class="actions">
                <a class="button primary" download href=move || api::minnesota_file(fy, "pdf", &cleo_name.get(), &cleo_title.get())>"Download application (PDF)"</a>
                <a class="button" download href=move || api::minnesota_file(fy, "csv", &cleo_name.get(), &cleo_title.get())>"Download application (CSV)"</a>
            </div>
        </section>
    }
}

#[component]
fn Ohio(year: RwSignal<i32>) -> impl IntoView {
    let figures = LocalResource::new(move || api::ohio(year.get()));
    let body = move || Suspend::new(async move { figures.await.map(|r| view! { <OhioView r /> }) });
    view! {
        <Transition fallback=|| view! { <p role="status">"Loading the figures…"</p> }>
            <ErrorBoundary fallback=load_error>{body}</ErrorBoundary>
        </Transition>
    }
}

fn money(cents: Option<i64>) -> String {
    cents.map(dollars).unwrap_or_else(|| "unknown".into())
}

#[component]
fn OhioView(r: OhioReimbursement) -> impl IntoView {
    let funding = match r.funding_percent {
        Some(p) => format!(
            "The state funds {}{p}% for {}.",
            if r.funding_up_to { "up to " } else { "" },
            r.year
        ),
        None => format!(
            "No funding percent is known for {} (unconfirmed): amounts at 100%.",
            r.year
        ),
    };
    let rows = r
        .officers
        .iter()
        .map(|o| {
            view! {
                <tr>
                    <th scope="row">{o.name.clone()}<br /><span class="hint">{o.badge.clone()}</span></th>
                    <td class="num">{format!("{:.2}", o.qualifying_hours)}</td>
                    <td class="num">{format!("{:.2}", o.counted_hours)}</td>
                    <td class="num">{money(o.base_cents)}</td>
                    <td class="num">{money(o.reimbursable_cents)}</td>
                    <td>{reasons(&o.reasons)}</td>
                </tr>
            }
        })
        .collect_view();
    let year = r.year;
    view! {
        <section aria-labelledby="ohio-heading">
            <h2 id="ohio-heading">{format!("CPT reimbursement for {year}")}</h2>
            <p class="notice" role="status">{funding}</p>
            <div class="table-scroll">
                <table class="reimbursement-officers">
                    <thead><tr>
                        <th scope="col">"Officer"</th><th scope="col">"Qualifying hours"</th><th scope="col">"Reimbursed hours"</th>
                        <th scope="col">"At base rate"</th><th scope="col">"Reimbursable"</th><th scope="col">"Reasons"</th>
                    </tr></thead>
                    <tbody>
                        {rows}
                        <tr><th scope="row">"Total"</th>
                            <td class="num">{format!("{:.2}", r.qualifying_hours)}</td>
                            <td class="num">{format!("{:.2}", r.counted_hours)}</td>
                            <td class="num">{money(r.base_cents)}</td>
                            <td class="num">{money(r.reimbursable_cents)}</td><td></td></tr>
                    </tbody>
                </table>
            </div>
            <div class="actions">
                <a class="button primary" download href=api::ohio_file(year, "pdf")>"Download (PDF)"</a>
                <a class="button" download href=api::ohio_file(year, "csv")>"Download (CSV)"</a>
            </div>
        </section>
    }
}
