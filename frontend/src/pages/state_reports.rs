//! `/state-reports`: the reports the agency's state asks for (the training office). Each
//! kind with its due dates and sources (both dates where the sources disagree, marked
//! unconfirmed), a form to prepare one and links to preview it; then every prepared version
//! with its life (prepared, reviewed, transmitted: by whom, when, how), what changed against
//! the version before, its downloads, and the next step. ConfiTrek never sends a report.

use confitrek_types::{
    PrepareStateReportInput, Problem, RecordReceivedInput, ReportFormat, ReviewStateReportInput,
    SessionDto, StateReportDto, StateReportDueDto, StateReportKindDto, StateReportPeriod,
    StateReportStatus, TransmissionMethod, TransmitStateReportInput,
};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{self, ApiResult, state_reports as reports};
use crate::components::problem::{ProblemAlert, load_error};
use crate::format;

/// What the office asks of the server from this page.
#[derive(Clone)]
enum Asked {
    Prepare(PrepareStateReportInput),
    Review(Uuid, ReviewStateReportInput),
    Transmit(Uuid, TransmitStateReportInput),
    Received(Uuid, RecordReceivedInput),
}

fn sources(citations: &[String], unconfirmed: Option<&str>) -> String {
    match (citations.is_empty(), unconfirmed) {
        (false, None) => format!("Sources: {}.", citations.join(", ")),
        (false, Some(u)) => format!("Sources: {}. Unconfirmed: {u}", citations.join(", ")),
        (true, Some(u)) => format!("Unconfirmed: {u}"),
        (true, None) => "Unconfirmed.".to_owned(),
    }
}

/// "due 2027-01-31, in 56 days", "due today", "overdue by 3 days".
fn due_text(d: &StateReportDueDto) -> String {
    let when = match d.days_left {
        0 => "today".to_owned(),
        1 => "in 1 day".to_owned(),
        n if n > 1 => format!("in {n} days"),
        -1 => "1 day overdue".to_owned(),
        n => format!("{} days overdue", -n),
    };
    format!("Due {} ({when})", format::date(Some(d.date)))
}

#[component]
pub fn StateReportsPage() -> impl IntoView {
    let list = LocalResource::new(reports::state_reports);
    let sessions = LocalResource::new(|| async {
        api::sessions(None, Some(format::today()), None)
            .await
            .map(|p| p.items)
    });
    let notice = RwSignal::new(None::<String>);
    let asked = Action::new_local(move |asked: &Asked| {
        let asked = asked.clone();
        async move {
            let done = match asked {
                Asked::Prepare(input) => {
                    let r = reports::prepare(&input).await?;
                    format!("Version {} of {} prepared.", r.version, r.period_label)
                }
                Asked::Review(id, input) => {
                    let r = reports::review(id, &input).await?;
                    format!("Version {} of {} reviewed.", r.version, r.period_label)
                }
                Asked::Transmit(id, input) => {
                    let r = reports::mark_transmitted(id, &input).await?;
                    format!(
                        "Version {} of {} marked transmitted.",
                        r.version, r.period_label
                    )
                }
                Asked::Received(id, input) => {
                    let r = reports::record_received(id, &input).await?;
                    format!("Money received for {} recorded.", r.period_label)
                }
            };
            notice.set(Some(done));
            list.refetch();
            ApiResult::Ok(())
        }
    });
    let problem = Signal::derive(move || match asked.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None::<Problem>,
    });
    let body = move || {
        Suspend::new(async move {
            list.await.map(|list| {
                let kinds = if list.kinds.is_empty() {
                    view! { <p class="hint">{format!("ConfiTrek knows no report that {} asks of its agencies.", list.state_code)}</p> }.into_any()
                } else {
                    list.kinds
                        .into_iter()
                        .map(|kind| view! { <KindCard kind sessions asked /> })
                        .collect_view()
                        .into_any()
                };
                view! {
                    {kinds}
                    <PreparedReports items=list.items asked />
                }
            })
        })
    };
    view! {
        <h1>"State reports"</h1>
        <p class="hint">
            "The reports your state's POST board asks for, prepared from ConfiTrek's records. "
            "ConfiTrek never sends them: review each one, send it to the state yourself, then record how you did."
        </p>
        <p role="status" class="notice">{move || notice.get()}</p>
        <ProblemAlert problem />
        <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
            <ErrorBoundary fallback=load_error>{body}</ErrorBoundary>
        </Transition>
    }
}

#[component]
fn KindCard(
    kind: StateReportKindDto,
    sessions: LocalResource<ApiResult<Vec<SessionDto>>>,
    asked: Action<Asked, ApiResult<()>>,
) -> impl IntoView {
    let code = kind.kind.as_str();
    let annual = kind.period != StateReportPeriod::Session;
    let year_label = if kind.period == StateReportPeriod::FiscalYear {
        "Fiscal year (the year it ends in)"
    } else {
        "Calendar year"
    };
    let year = RwSignal::new(
        kind.next_year
            .unwrap_or_else(|| format::today().year() - 1)
            .to_string(),
    );
    let session = RwSignal::new(String::new());
    let chosen_year = move || year.get().trim().parse::<i32>().ok();
    let chosen_session = move || Uuid::parse_str(&session.get()).ok();
    let input = move || PrepareStateReportInput {
        kind: kind.kind,
        year: if annual { chosen_year() } else { None },
        session_id: if annual { None } else { chosen_session() },
        cleo_name: None,
        cleo_title: None,
    };
    let preview = move |format: ReportFormat| {
        let i = input();
        reports::preview_url(i.kind, i.year, i.session_id, format)
    };
    let dues = if kind.due.is_empty() {
        view! { <p>"No due date: one report per training session, filed as training happens."</p> }
            .into_any()
    } else {
        let items = kind
            .due
            .iter()
            .map(|d| {
                view! {
                    <li class:overdue=d.days_left < 0>
                        <strong>{due_text(d)}</strong>
                        <span class="hint">{format!(" {}", sources(&d.citations, d.unconfirmed.as_deref()))}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <p>{format!("The {} report:", kind.next_year.map(|y| y.to_string()).unwrap_or_default())}</p>
            <ul class="due-dates">{items}</ul>
        }
        .into_any()
    };
    let session_options = move || {
        sessions
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|s| {
                let label = format!("{} — {}", format::date(Some(s.starts_on)), s.course_title);
                view! { <option value=s.id.to_string()>{label}</option> }
            })
            .collect_view()
    };
    let (heading, labelled_by) = (format!("kind-{code}"), format!("kind-{code}"));
    let period_field = if annual {
        view! {
            <label for=format!("year-{code}")>{year_label}</label>
            <input id=format!("year-{code}") type="number" inputmode="numeric" min="2000" max="2199"
                prop:value=move || year.get() on:input=move |ev| year.set(event_target_value(&ev)) />
        }
        .into_any()
    } else {
        view! {
            <label for=format!("session-{code}")>"Training session"</label>
            <select id=format!("session-{code}") on:change=move |ev| session.set(event_target_value(&ev))>
                <option value="">"Choose a session"</option>
                {session_options}
            </select>
        }
        .into_any()
    };
    view! {
        <section class="report state-report-kind" aria-labelledby=labelled_by>
            <h2 id=heading>{kind.title.clone()}</h2>
            <p class="hint">{sources(&kind.citations, kind.unconfirmed.as_deref())}</p>
            {dues}
            <details>
                <summary>"What the report holds"</summary>
                <ul>{kind.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
            </details>
            <div class="form-row">
                {period_field}
            </div>
            <div class="actions">
                <button type="button" disabled=move || asked.pending().get()
                    on:click=move |_| { asked.dispatch(Asked::Prepare(input())); }>
                    {format!("Prepare {}", kind.kind.label())}
                </button>
                <a class="button secondary" href=move || preview(ReportFormat::Pdf) download>"Preview (PDF)"</a>
                <a class="button secondary" href=move || preview(ReportFormat::Csv) download>"Preview (CSV)"</a>
            </div>
        </section>
    }
}

#[component]
fn PreparedReports(
    items: Vec<StateReportDto>,
    asked: Action<Asked, ApiResult<()>>,
) -> impl IntoView {
    let rows = if items.is_empty() {
        view! { <tr><td colspan="6" class="empty">"No report prepared yet."</td></tr> }.into_any()
    } else {
        items
            .into_iter()
            .map(|report| view! { <ReportRow report asked /> })
            .collect_view()
            .into_any()
    };
    view! {
        <section class="report prepared-reports" aria-labelledby="prepared-heading">
            <h2 id="prepared-heading">"Prepared reports"</h2>
            <p class="hint">"Every version, newest first. A download is the data as prepared; preparing again makes a new version that says what changed."</p>
            <div class="table-scroll">
                <table class="stacked state-reports">
                    <thead><tr>
                        <th scope="col">"Report"</th><th scope="col">"Status"</th><th scope="col">"Life"</th>
                        <th scope="col">"What changed"</th><th scope="col">"Files"</th><th scope="col">"Next step"</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn ReportRow(report: StateReportDto, asked: Action<Asked, ApiResult<()>>) -> impl IntoView {
    let id = report.id;
    let mut life = vec![format!(
        "Prepared by {} on {}",
        report.prepared_by,
        format::timestamp(report.prepared_at)
    )];
    if let (Some(by), Some(at)) = (&report.reviewed_by, report.reviewed_at) {
        let note = report
            .review_note
            .as_ref()
            .map(|n| format!(": “{n}”"))
            .unwrap_or_default();
        life.push(format!(
            "Reviewed by {by} on {}{note}",
            format::timestamp(at)
        ));
    }
    if let (Some(by), Some(at)) = (&report.transmitted_by, report.transmitted_at) {
        let how = report
            .transmitted_via
            .map(|m| m.label())
            .unwrap_or_default();
        let reference = report
            .transmission_reference
            .as_ref()
            .map(|r| format!(", reference {r}"))
            .unwrap_or_default();
        life.push(format!(
            "Transmitted by {by} on {} ({how}{reference})",
            format::timestamp(at)
        ));
    }
    if report.kind.carries_amounts() {
        life.push(match report.amount_requested_cents {
            Some(c) => format!("Asks for {}", format::money(c)),
            None => "Names no amount".to_owned(),
        });
    }
    if let (Some(c), Some(on)) = (report.amount_received_cents, report.received_on) {
        life.push(format!("Received {} on {on}", format::money(c)));
    }
    let changes = if report.version == 1 {
        view! { <span class="hint">"First version"</span> }.into_any()
    } else if report.changes.is_empty() {
        view! { <span class="hint">"Nothing changed since the previous version"</span> }.into_any()
    } else {
        let n = report.changes.len();
        view! {
            <details>
                <summary>{format!("{n} change{}", if n == 1 { "" } else { "s" })}</summary>
                <ul class="changes">{report.changes.iter().map(|c| view! { <li>{c.clone()}</li> }).collect_view()}</ul>
            </details>
        }
        .into_any()
    };
    let status = if report.superseded {
        format!("{} (replaced by a newer version)", report.status.label())
    } else {
        report.status.label().to_owned()
    };
    let next = if report.superseded {
        view! { <span class="hint">"Only the newest version moves on."</span> }.into_any()
    } else {
        match report.status {
            StateReportStatus::Prepared => view! { <ReviewForm id asked /> }.into_any(),
            StateReportStatus::Reviewed => view! { <TransmitForm id asked /> }.into_any(),
            StateReportStatus::Transmitted if report.kind.carries_amounts() => {
                view! { <ReceivedForm id asked /> }.into_any()
            }
            _ => view! { <span class="hint">"Done."</span> }.into_any(),
        }
    };
    view! {
        <tr>
            <th scope="row">
                {report.kind.label()}<br />
                {report.period_label.clone()}
                <span class="hint">{format!(" — version {}, {} rows", report.version, report.rows)}</span>
            </th>
            <td data-label="Status"><span class="status">{status}</span></td>
            <td data-label="Life"><ul class="life">{life.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul></td>
            <td data-label="What changed">{changes}</td>
            <td data-label="Files">
                <a href=reports::download_url(id, ReportFormat::Pdf) download>"PDF"</a>" · "
                <a href=reports::download_url(id, ReportFormat::Csv) download>"CSV"</a>
            </td>
            <td data-label="Next step">{next}</td>
        </tr>
    }
}

#[component]
fn ReviewForm(id: Uuid, asked: Action<Asked, ApiResult<()>>) -> impl IntoView {
    let note = RwSignal::new(String::new());
    let field = format!("note-{id}");
    view! {
        <div class="step-form">
            <label for=field.clone()>"Review note (optional)"</label>
            <textarea id=field rows="2" maxlength="2000"
                prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
            <button type="button" disabled=move || asked.pending().get()
                on:click=move |_| {
                    let input = ReviewStateReportInput { note: format::optional(&note.get()) };
                    asked.dispatch(Asked::Review(id, input));
                }>"Mark reviewed"</button>
        </div>
    }
}

#[component]
fn TransmitForm(id: Uuid, asked: Action<Asked, ApiResult<()>>) -> impl IntoView {
    let method = RwSignal::new(TransmissionMethod::Portal.as_str().to_owned());
    let reference = RwSignal::new(String::new());
    let (method_id, reference_id) = (format!("method-{id}"), format!("reference-{id}"));
    let options = TransmissionMethod::ALL
        .iter()
        .map(|m| view! { <option value=m.as_str()>{m.label()}</option> })
        .collect_view();
    view! {
        <div class="step-form">
            <label for=method_id.clone()>"Sent how"</label>
            <select id=method_id on:change=move |ev| method.set(event_target_value(&ev))>{options}</select>
            <label for=reference_id.clone()>"Reference (optional)"</label>
            <input id=reference_id type="text" maxlength="200" prop:value=move || reference.get()
                on:input=move |ev| reference.set(event_target_value(&ev)) />
            <button type="button" disabled=move || asked.pending().get()
                on:click=move |_| {
                    let Some(method) = TransmissionMethod::parse(&method.get()) else { return };
                    let input = TransmitStateReportInput { method, reference: format::optional(&reference.get()) };
                    asked.dispatch(Asked::Transmit(id, input));
                }>"Mark transmitted"</button>
        </div>
    }
}

#[component]
fn ReceivedForm(id: Uuid, asked: Action<Asked, ApiResult<()>>) -> impl IntoView {
    let amount = RwSignal::new(String::new());
    let day = RwSignal::new(format::date_input(Some(format::today())));
    let error = RwSignal::new(None::<String>);
    let (amount_id, day_id) = (format!("amount-{id}"), format!("received-on-{id}"));
    view! {
        <div class="step-form">
            <label for=amount_id.clone()>"Amount received ($)"</label>
            <input id=amount_id type="text" inputmode="decimal" maxlength="16" prop:value=move || amount.get()
                on:input=move |ev| amount.set(event_target_value(&ev)) />
            <label for=day_id.clone()>"Received on"</label>
            <input id=day_id type="date" prop:value=move || day.get()
                on:input=move |ev| day.set(event_target_value(&ev)) />
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <button type="button" disabled=move || asked.pending().get()
                on:click=move |_| {
                    let cents = amount.get().trim().replace([',', '$'], "").parse::<f64>().ok()
                        .filter(|d| d.is_finite() && *d >= 0.0)
                        .map(|d| (d * 100.0).round() as i64);
                    let on = format::parse_date_input(&day.get()).ok().flatten();
                    match (cents, on) {
                        (Some(amount_received_cents), Some(received_on)) => {
                            error.set(None);
                            let input = RecordReceivedInput { amount_received_cents, received_on };
                            asked.dispatch(Asked::Received(id, input));
                        }
                        _ => error.set(Some("Give the amount in dollars and the day it came.".into())),
                    }
                }>"Record money received"</button>
        </div>
    }
}
