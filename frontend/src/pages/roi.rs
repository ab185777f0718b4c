//! `/roi` (admins and coordinators): what ConfiTrek returned to the agency in one of its
//! fiscal years: reimbursement prepared and received, coordinator time saved with the
//! assumptions behind each figure, and training spend per officer.

use confitrek_types::{RoiDto, TimeSavedLineDto};
use leptos::prelude::*;

use crate::api::roi::roi;
use crate::components::problem::load_error;
use crate::format::{date, money};

#[component]
pub fn RoiPage() -> impl IntoView {
    // None: the current fiscal year, as the server reckons it.
    let chosen = RwSignal::new(None::<i32>);
    // The fiscal year in progress, from the server's first answer. The select is made once
    // from it and stays as the user left it while another year loads.
    let current = RwSignal::new(None::<i32>);
    let figures = LocalResource::new(move || roi(chosen.get()));
    let body = move || {
        Suspend::new(async move {
            figures.await.map(|r| {
                if current.get_untracked().is_none() {
                    current.set(Some(r.fiscal_year));
                }
                view! { <Figures r /> }
            })
        })
    };
    view! {
        <h1>"Return on investment"</h1>
        <p class="hint">
            "What ConfiTrek returned to the agency in a fiscal year, counted from what was done in it. "
            "Time saved is an estimate: each line says what it assumes."
        </p>
        {move || current.get().map(|now| view! { <YearSelect now chosen /> })}
        <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
            <ErrorBoundary fallback=load_error>{body}</ErrorBoundary>
        </Transition>
    }
}

/// The fiscal years on offer: the one in progress, the next, and four before.
#[component]
fn YearSelect(now: i32, chosen: RwSignal<Option<i32>>) -> impl IntoView {
    let shown = move || chosen.get().unwrap_or(now);
    let years = (now.saturating_sub(4)..=now.saturating_add(1))
        .rev()
        .map(|y| view! { <option value=y.to_string() selected=move || shown() == y>{format!("FY{y}")}</option> })
        .collect_view();
    view! {
        <div class="field roi-year">
            <label for="roi-year">"Fiscal year"</label>
            <select
                id="roi-year"
                prop:value=move || shown().to_string()
                on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok())
            >
                {years}
            </select>
        </div>
    }
}

#[component]
fn Figures(r: RoiDto) -> impl IntoView {
    let hours_saved = r.minutes_saved as f64 / 60.0;
    view! {
        <p class="hint roi-dates">{format!("{} to {}", date(Some(r.from)), date(Some(r.to)))}</p>
        <div class="roi-cards">
            <section class="roi-card" aria-labelledby="roi-money">
                <h2 id="roi-money">"Reimbursement"</h2>
                <p class="roi-figure">{money(r.received_cents)}</p>
                <p>{format!("received of {} prepared", money(r.requested_cents))}</p>
                <Reimbursements r=r.clone() />
            </section>
            <section class="roi-card" aria-labelledby="roi-time">
                <h2 id="roi-time">"Coordinator time saved"</h2>
                <p class="roi-figure">{format!("{hours_saved:.1} hours")}</p>
                <p>{format!("{} minutes of hand work, itemised below", r.minutes_saved)}</p>
            </section>
            <section class="roi-card" aria-labelledby="roi-spend">
                <h2 id="roi-spend">"Training spend"</h2>
                <p class="roi-figure">
                    {r.spend_per_officer_cents.map_or_else(|| "—".to_owned(), money)}
                    " per officer"
                </p>
                <p>
                    {format!("{} approved or paid, among {} officers", money(r.spend_cents), r.officers)}
                </p>
                <p>
                    {r.recovered_percent.map_or_else(
                        || "No spend recorded this year.".to_owned(),
                        |p| format!("{p:.1} % of it came back as reimbursement."),
                    )}
                </p>
            </section>
        </div>
        <TimeSaved lines=r.time_saved />
    }
}

#[component]
fn Reimbursements(r: RoiDto) -> impl IntoView {
    if r.reimbursements.is_empty() {
        return view! { <p class="hint">"No reimbursement application prepared in this fiscal year."</p> }
            .into_any();
    }
    let rows = r
        .reimbursements
        .into_iter()
        .map(|l| {
            view! {
                <li>
                    {format!(
                        "{} {}: {} prepared, {}",
                        l.kind.label(),
                        l.period,
                        l.requested_cents.map_or_else(|| "no amount".to_owned(), money),
                        l.received_cents.map_or_else(
                            || "not received yet".to_owned(),
                            |c| format!("{} received {}", money(c), date(l.received_on)),
                        ),
                    )}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="roi-reimbursements">{rows}</ul> }.into_any()
}

#[component]
fn TimeSaved(lines: Vec<TimeSavedLineDto>) -> impl IntoView {
    let rows = lines
        .into_iter()
        .map(|l| {
            view! {
                <tr>
                    <th scope="row">{l.activity.label()}</th>
                    <td class="number">{l.count}</td>
                    <td class="number">{l.minutes_each}</td>
                    <td class="number">{format!("{:.1}", l.minutes as f64 / 60.0)}</td>
                    <td>{l.assumption}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="roi-assumptions">
            <h2 id="roi-assumptions">"Time saved, and what it assumes"</h2>
            <div class="table-scroll">
                <table class="roi-time">
                    <thead>
                        <tr>
                            <th scope="col">"Done in bulk"</th>
                            <th scope="col">"Times"</th>
                            <th scope="col">"Minutes each"</th>
                            <th scope="col">"Hours saved"</th>
                            <th scope="col">"Assumption"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
