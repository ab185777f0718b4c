//! `/dashboard`: the compliance picture of the people in view — the agency for the training
//! office (or one unit, `?unit=`), a supervisor's unit, an officer's own standing — with who
//! needs attention, what each lacks and by when, and links down to the person.

use confitrek_types::{
    AttentionDto, ComplianceReportQuery, DashboardDto, DashboardScope, RATE_DEFINITION,
    ReportFormat, RequirementCountsDto, StatusCountsDto,
};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api;
use crate::components::charts::{Donut, Slice, StackedBar};
use crate::components::problem::load_error;
use crate::format::{compliance_class, date, requirement_class};
use crate::routes::Route;

/// "83%" for a rate, "—" when nobody is judged.
pub fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(
        || "—".to_owned(),
        |r| format!("{:.0}%", (r * 100.0).floor()),
    )
}

fn people_slices(c: &StatusCountsDto) -> Vec<Slice> {
    vec![
        Slice {
            label: "compliant",
            value: c.compliant,
            class: "good",
        },
        Slice {
            label: "at risk",
            value: c.at_risk,
            class: "warn",
        },
        Slice {
            label: "non-compliant",
            value: c.non_compliant,
            class: "bad",
        },
        Slice {
            label: "without requirements",
            value: c.not_applicable,
            class: "quiet",
        },
    ]
}

fn requirement_slices(c: &RequirementCountsDto) -> Vec<Slice> {
    vec![
        Slice {
            label: "met",
            value: c.met + c.waived,
            class: "good",
        },
        Slice {
            label: "not yet due",
            value: c.pending,
            class: "neutral",
        },
        Slice {
            label: "at risk",
            value: c.at_risk,
            class: "warn",
        },
        Slice {
            label: "overdue",
            value: c.overdue,
            class: "bad",
        },
    ]
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let query = use_query_map();
    let unit = move || query.with(|q| q.get("unit")).filter(|u| !u.is_empty());
    let dashboard = LocalResource::new(move || {
        let unit = unit();
        async move { api::dashboard(unit.as_deref()).await }
    });
    let body =
        move || Suspend::new(async move { dashboard.await.map(|d| view! { <Dashboard d /> }) });
    view! {
        <Transition fallback=|| view! { <h1>"Dashboard"</h1><p role="status">"Loading…"</p> }>
            <ErrorBoundary fallback=load_error>{body}</ErrorBoundary>
        </Transition>
    }
}

#[component]
fn Dashboard(d: DashboardDto) -> impl IntoView {
    let heading = match (&d.scope, &d.unit) {
        (DashboardScope::Unit, Some(unit)) => format!("Dashboard: {unit}"),
        (DashboardScope::Person, _) => "My standing".to_owned(),
        _ => "Dashboard".to_owned(),
    };
    let whole_agency = (d.scope == DashboardScope::Unit).then(|| {
        view! { <p><A href=Route::Dashboard.path()>"← The whole agency"</A></p> }
    });
    let totals = d.totals;
    let units = (d.scope == DashboardScope::Agency && d.units.len() > 1).then(|| {
        let rows = d
            .units
            .iter()
            .map(|u| {
                let name = u.unit.clone().unwrap_or_else(|| "No unit".to_owned());
                let link = match &u.unit {
                    Some(unit) => {
                        view! { <A href=Route::dashboard_of_unit(unit)>{name}</A> }.into_any()
                    }
                    None => view! { <span>{name}</span> }.into_any(),
                };
                view! {
                    <tr>
                        <th scope="row">{link}</th>
                        <td class="chart-cell" data-label="Standing"><StackedBar slices=people_slices(&u.counts) /></td>
                        <td class="num" data-label="Rate">{percent(u.counts.rate)}</td>
                        <td class="num" data-label="Non-compliant">{u.counts.non_compliant}</td>
                        <td class="num" data-label="At risk">{u.counts.at_risk}</td>
                        <td class="num" data-label="People">{u.counts.people}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section aria-labelledby="by-unit">
                <h2 id="by-unit">"By unit"</h2>
                <Legend slices=people_slices(&StatusCountsDto::default()) />
                <table class="dashboard-table stacked">
                    <thead><tr>
                        <th scope="col">"Unit"</th><th scope="col">"Standing"</th>
                        <th scope="col" class="num">"Rate"</th><th scope="col" class="num">"Non-compliant"</th>
                        <th scope="col" class="num">"At risk"</th><th scope="col" class="num">"People"</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </section>
        }
    });
    let requirement_rows: Vec<(String, RequirementCountsDto)> = d
        .requirements
        .iter()
        .filter(|r| r.counts.people > 0)
        .map(|r| (r.title.clone(), r.counts))
        .collect();
    let topic_rows: Vec<(String, RequirementCountsDto)> = d
        .topics
        .iter()
        .map(|t| (t.title.clone(), t.counts))
        .collect();
    let shown = d.attention.len();
    let more = (d.attention_total as usize > shown).then(|| {
        view! { <p class="hint">{format!("The {shown} most urgent of {} are listed.", d.attention_total)}</p> }
    });
    let attention = if d.attention.is_empty() {
        let none = if d.scope == DashboardScope::Person {
            "Nothing: every requirement is met or not yet due."
        } else {
            "Nobody is out of compliance or at risk."
        };
        view! { <p>{none}</p> }.into_any()
    } else {
        let rows = d
            .attention
            .into_iter()
            .map(|a| view! { <AttentionRow a /> })
            .collect_view();
        view! {
            <table class="dashboard-table attention">
                <thead><tr>
                    <th scope="col">"Person"</th><th scope="col">"Status"</th>
                    <th scope="col">"What is missing, by when"</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            {more}
        }
        .into_any()
    };
    // The report of the same people, as of the same day, for the file or the auditor.
    let reports = (d.scope != DashboardScope::Person).then(|| {
        let href = |format| {
            let query = ComplianceReportQuery {
                as_of: Some(d.as_of),
                format: Some(format),
                unit: d.unit.clone(),
            };
            format!("/api/v1{}", query.path())
        };
        view! {
            <p class="report-links">
                <a class="button" href=href(ReportFormat::Pdf) download>"Compliance report (PDF)"</a>
                " "
                <a class="button" href=href(ReportFormat::Csv) download>"Compliance report (CSV)"</a>
            </p>
        }
    });
    if d.scope == DashboardScope::Person {
        return view! {
            <h1>{heading}</h1>
            <p class="hint">"As of " {date(Some(d.as_of))} "."</p>
            <MyStanding totals attention />
            <RequirementTable id="by-requirement" heading="My requirements" first="Requirement"
                rows=requirement_rows />
        }
        .into_any();
    }
    let share = |n: u32| {
        totals
            .share(n)
            .map(|r| format!(" ({})", percent(Some(r))))
            .unwrap_or_default()
    };
    view! {
        <h1>{heading}</h1>
        {whole_agency}
        {reports}
        <p class="hint">"As of " {date(Some(d.as_of))} ", from each person's latest verdict."</p>
        <section class="overview" aria-labelledby="overall">
            <h2 id="overall" class="visually-hidden">"Overall"</h2>
            <Donut slices=people_slices(&totals) center=percent(totals.rate) />
            <dl class="totals">
                <div><dt>"Compliance rate"</dt><dd aria-describedby="rate-definition">{percent(totals.rate)}</dd></div>
                <div><dt>"Compliant"</dt><dd class="good">{totals.compliant}<span class="share">{share(totals.compliant)}</span></dd></div>
                <div><dt>"At risk"</dt><dd class="warn">{totals.at_risk}<span class="share">{share(totals.at_risk)}</span></dd></div>
                <div><dt>"Non-compliant"</dt><dd class="bad">{totals.non_compliant}<span class="share">{share(totals.non_compliant)}</span></dd></div>
                <div><dt>"Without requirements"</dt><dd>{totals.not_applicable}</dd></div>
                <div><dt>"People"</dt><dd>{totals.people}</dd></div>
            </dl>
            <p class="hint rate-definition" id="rate-definition">{RATE_DEFINITION}</p>
        </section>
        <section aria-labelledby="attention">
            <h2 id="attention">"Needs attention"</h2>
            {attention}
        </section>
        {units}
        <RequirementTable id="by-requirement" heading="By requirement" first="Requirement"
            rows=requirement_rows />
        <RequirementTable id="by-topic" heading="By topic" first="Topic" rows=topic_rows />
    }
    .into_any()
}

/// An officer's own standing: his or her verdict and what is missing, not statistics of a
/// roster of one.
#[component]
fn MyStanding(totals: StatusCountsDto, attention: AnyView) -> impl IntoView {
    let (text, class) = if totals.non_compliant > 0 {
        ("Non-compliant: a deadline has passed", "bad")
    } else if totals.at_risk > 0 {
        ("At risk: a deadline is near", "warn")
    } else if totals.compliant > 0 {
        ("Compliant", "good")
    } else {
        ("No requirements apply to you", "quiet")
    };
    view! {
        <section class="overview my-standing" aria-labelledby="my-status">
            <h2 id="my-status" class=format!("standing {class}")>{text}</h2>
            <p><A href=Route::MyTraining.path()>"My training"</A></p>
        </section>
        <section aria-labelledby="attention">
            <h2 id="attention">"What is missing"</h2>
            {attention}
        </section>
    }
}

/// What each colour of the bars stands for.
#[component]
fn Legend(slices: Vec<Slice>) -> impl IntoView {
    let items = slices
        .into_iter()
        .map(|s| {
            view! { <li><span class=format!("swatch {}", s.class) aria-hidden="true"></span>{s.label}</li> }
        })
        .collect_view();
    view! { <ul class="legend" aria-label="What the colours stand for">{items}</ul> }
}

/// People by the standing of each requirement (or topic): who met it, who is late.
#[component]
fn RequirementTable(
    id: &'static str,
    heading: &'static str,
    first: &'static str,
    rows: Vec<(String, RequirementCountsDto)>,
) -> impl IntoView {
    let rows = rows
        .into_iter()
        .map(|(title, counts)| {
            view! {
                <tr>
                    <th scope="row">{title}</th>
                    <td class="chart-cell" data-label="Standing"><StackedBar slices=requirement_slices(&counts) /></td>
                    <td class="num" data-label="Rate">{percent(counts.rate)}</td>
                    <td class="num" data-label="Overdue">{counts.overdue}</td>
                    <td class="num" data-label="At risk">{counts.at_risk}</td>
                    <td class="num" data-label="People">{counts.people}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby=id>
            <h2 id=id>{heading}</h2>
            <Legend slices=requirement_slices(&RequirementCountsDto::default()) />
            <p class="hint">"Rate: the share of the people a requirement binds who are not overdue."</p>
            <table class="dashboard-table stacked">
                <thead><tr>
                    <th scope="col">{first}</th><th scope="col">"Standing"</th>
                    <th scope="col" class="num">"Rate"</th><th scope="col" class="num">"Overdue"</th>
                    <th scope="col" class="num">"At risk"</th><th scope="col" class="num">"People"</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

/// The engine's explanation without the status word the badge before it already says:
/// "Overdue · needed 8.0 hours by …", not "Overdue overdue: needed …".
fn without_status(explanation: &str, status: &str) -> String {
    let lower = explanation.to_lowercase();
    match lower.strip_prefix(&status.to_lowercase()) {
        Some(rest) if rest.starts_with(':') => explanation[explanation.len() - rest.len() + 1..]
            .trim_start()
            .to_owned(),
        _ => explanation.to_owned(),
    }
}

#[component]
fn AttentionRow(a: AttentionDto) -> impl IntoView {
    let lacking = a
        .lacking
        .iter()
        .map(|l| {
            view! {
                <li>
                    <span class=requirement_class(l.status)>{l.status.label()}</span>
                    " " {without_status(&l.explanation, l.status.label())}
                </li>
            }
        })
        .collect_view();
    let unit = a
        .unit
        .clone()
        .map(|u| view! { <span class="hint">{u}</span> });
    view! {
        <tr>
            <th scope="row">
                <A href=Route::Person(a.person_id).path()>{a.name.clone()}</A>
                " " <span class="hint">{a.badge.clone()}</span> " " {unit}
            </th>
            <td><span class=compliance_class(a.status)>{a.status.label()}</span></td>
            <td><ul class="lacking">{lacking}</ul></td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::{percent, without_status};

    #[test]
    fn the_status_word_is_said_once() {
        assert_eq!(
            without_status("overdue: needed 8.0 more hours by 2026-06-30", "Overdue"),
            "needed 8.0 more hours by 2026-06-30"
        );
        assert_eq!(
            without_status("needs 4.0 hours by 2027-06-30", "At risk"),
            "needs 4.0 hours by 2027-06-30"
        );
    }

    #[test]
    fn rates_are_whole_percentages_never_rounded_up_to_a_perfect_score() {
        assert_eq!(percent(Some(0.835)), "83%");
        assert_eq!(percent(Some(0.999)), "99%");
        assert_eq!(percent(Some(1.0)), "100%");
        assert_eq!(percent(None), "—");
    }
}
