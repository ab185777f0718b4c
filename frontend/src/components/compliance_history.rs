//! A person's compliance cycle by cycle: each period of each hours requirement, what its
//! deadline found and what was done about it since. A missed deadline stays on the record,
//! with the day it was made up.

use confitrek_types::{ComplianceHistoryDto, PeriodHistoryDto, PeriodVerdict};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api;
use crate::components::problem::load_error;
use crate::format::{date, progress_text};

fn verdict_class(verdict: PeriodVerdict) -> &'static str {
    match verdict {
        PeriodVerdict::MetOnTime => "badge good",
        PeriodVerdict::MadeUpLate => "badge warn",
        PeriodVerdict::Missed => "badge bad",
        PeriodVerdict::Waived | PeriodVerdict::Exempt => "badge quiet",
        PeriodVerdict::NotStarted => "badge neutral",
        PeriodVerdict::InProgress => "badge neutral",
    }
}

/// "3 missed deadlines, 2 made up" for the range shown.
fn summary(history: &ComplianceHistoryDto) -> String {
    match (history.missed, history.made_up) {
        (0, _) => format!(
            "No missed deadlines from {} to {}.",
            history.from, history.to
        ),
        (1, made_up) => format!(
            "1 missed deadline from {} to {}, {made_up} made up.",
            history.from, history.to
        ),
        (missed, made_up) => format!(
            "{missed} missed deadlines from {} to {}, {made_up} made up.",
            history.from, history.to
        ),
    }
}

#[component]
pub fn ComplianceHistory(person_id: Uuid) -> impl IntoView {
    let history = LocalResource::new(move || api::compliance_history(person_id));
    let body = move || {
        Suspend::new(async move {
            history.await.map(|h| {
                let rows = h.periods.iter().cloned().map(row).collect::<Vec<_>>();
                view! {
                    <p class="hint">{summary(&h)}</p>
                    <table class="history stacked">
                        <thead><tr>
                            <th scope="col">"Requirement"</th>
                            <th scope="col">"Period"</th>
                            <th scope="col">"Deadline"</th>
                            <th scope="col">"Verdict"</th>
                            <th scope="col">"What happened"</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                }
            })
        })
    };
    view! {
        <section class="compliance-history" aria-labelledby="history-heading">
            <h2 id="history-heading">"Cycle by cycle"</h2>
            <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
                <ErrorBoundary fallback=load_error>{body}</ErrorBoundary>
            </Transition>
        </section>
    }
}

fn row(p: PeriodHistoryDto) -> impl IntoView {
    let period = format!(
        "{} – {}",
        date(Some(p.period_start)),
        date(Some(p.period_end))
    );
    let detail = match &p.consequence {
        Some(consequence) => format!("{} ({consequence})", p.explanation),
        None => p.explanation.clone(),
    };
    let hours = progress_text(p.hours_by_deadline, p.required_hours, "hours");
    view! {
        <tr>
            <th scope="row">{p.title.clone()}</th>
            <td data-label="Period">{period}</td>
            <td data-label="Deadline">{date(Some(p.due))}</td>
            <td data-label="Verdict">
                <span class=verdict_class(p.verdict)>{p.verdict.label()}</span>
                " " <span class="hint">{hours}</span>
            </td>
            <td data-label="What happened">{detail}</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn history(missed: u32, made_up: u32) -> ComplianceHistoryDto {
        ComplianceHistoryDto {
            person_id: Uuid::nil(),
            as_of: date!(2026 - 12 - 05),
            from: date!(2020 - 12 - 05),
            to: date!(2026 - 12 - 05),
            periods: vec![],
            missed,
            made_up,
        }
    }

    #[test]
    fn the_summary_counts_missed_deadlines_and_make_ups() {
        assert_eq!(
            summary(&history(0, 0)),
            "No missed deadlines from 2020-12-05 to 2026-12-05."
        );
        assert_eq!(
            summary(&history(1, 1)),
            "1 missed deadline from 2020-12-05 to 2026-12-05, 1 made up."
        );
        assert_eq!(
            summary(&history(3, 2)),
            "3 missed deadlines from 2020-12-05 to 2026-12-05, 2 made up."
        );
    }
}
