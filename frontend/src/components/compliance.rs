//! A person's compliance report: the overall verdict on a chosen day, then each requirement
//! with its progress, due date, the server's explanation and the rule's sources. What needs
//! doing comes first; requirements that do not bind are folded away at the end.

use confitrek_types::{ComplianceReportDto, RequirementResultDto, RequirementStatus};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{self, ApiResult};
use crate::components::problem::load_error;
use crate::components::sources::{Citations, Unconfirmed};
use crate::components::waivers::Waivers;
use crate::format::{
    amount, compliance_class, date, date_input, parse_date_input, progress_text, requirement_class,
    requirement_rank, today,
};

pub type ReportResource = LocalResource<ApiResult<ComplianceReportDto>>;

/// The requirements in the order they are shown: by urgency, then by due date and title.
pub fn by_urgency(mut requirements: Vec<RequirementResultDto>) -> Vec<RequirementResultDto> {
    requirements.sort_by(|a, b| {
        requirement_rank(a.status)
            .cmp(&requirement_rank(b.status))
            .then(a.due.cmp(&b.due))
            .then(a.title.cmp(&b.title))
    });
    requirements
}

/// Bumped by whatever on a person's page may change the verdict (an award, an
/// acknowledgement), so that the report shown is read again.
#[derive(Clone, Copy)]
pub struct VerdictChanged(RwSignal<u32>);

impl VerdictChanged {
    pub fn provide() -> Self {
        let changed = VerdictChanged(RwSignal::new(0));
        provide_context(changed);
        changed
    }

    pub fn bump(self) {
        self.0.update(|n| *n = n.wrapping_add(1));
    }
}

/// The compliance section and, under it, the waivers; `can_record` shows the waiver form.
#[component]
pub fn ComplianceSection(person_id: Uuid, can_record: bool) -> impl IntoView {
    let as_of = RwSignal::new(today());
    let changed = use_context::<VerdictChanged>();
    let report: ReportResource = LocalResource::new(move || {
        let as_of = as_of.get();
        if let Some(changed) = changed {
            changed.0.track();
        }
        async move { api::compliance(person_id, as_of).await }
    });
    let waivers = LocalResource::new(move || api::waivers(person_id));
    let on_saved = move || {
        report.refetch();
        waivers.refetch();
    };
    let body =
        move || Suspend::new(async move { report.await.map(|r| view! { <Report report=r /> }) });
    view! {
        <section class="compliance" aria-labelledby="compliance-heading">
            <div class="section-head">
                <h2 id="compliance-heading">"Compliance"</h2>
                <div class="field as-of">
                    <label for="as-of">"As of"</label>
                    <input id="as-of" type="date" required
                        prop:value=move || date_input(Some(as_of.get()))
                        on:change=move |ev| {
                            // A cleared or half-typed date keeps the report of the last good one.
                            if let Ok(Some(day)) = parse_date_input(&event_target_value(&ev)) {
                                as_of.set(day);
                            }
                        } />
                </div>
            </div>
            <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
                <ErrorBoundary fallback=load_error>{body}</ErrorBoundary>
            </Transition>
        </section>
        <Waivers person_id waivers report can_record on_saved />
    }
}

fn status_counts(requirements: &[RequirementResultDto]) -> String {
    let order = [
        RequirementStatus::Overdue,
        RequirementStatus::AtRisk,
        RequirementStatus::Pending,
        RequirementStatus::Met,
        RequirementStatus::Waived,
    ];
    order
        .into_iter()
        .filter_map(|status| {
            let n = requirements.iter().filter(|r| r.status == status).count();
            (n > 0).then(|| format!("{n} {}", status.label().to_lowercase()))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[component]
fn Report(report: ComplianceReportDto) -> impl IntoView {
    let (applicable, not_applicable): (Vec<_>, Vec<_>) = by_urgency(report.requirements)
        .into_iter()
        .partition(|r| r.status != RequirementStatus::NotApplicable);
    let counts = status_counts(&applicable);
    let folded = (!not_applicable.is_empty()).then(|| {
        view! {
            <details class="not-applicable">
                <summary>{format!("Not applicable ({})", not_applicable.len())}</summary>
                <ul class="requirements">
                    {not_applicable.into_iter().map(|r| view! { <Requirement r /> }).collect_view()}
                </ul>
            </details>
        }
    });
    view! {
        <div class="verdict">
            <p class="overall">
                "Overall: "
                <span class=compliance_class(report.status)>{report.status.label()}</span>
            </p>
            <p class="hint">
                {format!("As of {} under the {} rules", date(Some(report.as_of)), report.jurisdiction)}
                {(!counts.is_empty()).then(|| format!(": {counts}."))}
            </p>
            {report.next_change_at.map(|d| view! {
                <p class="next-change">{format!("Verdict next changes on {}.", date(Some(d)))}</p>
            })}
        </div>
        <ul class="requirements">
            {applicable.into_iter().map(|r| view! { <Requirement r /> }).collect_view()}
        </ul>
        {folded}
    }
}

fn status_name(status: RequirementStatus) -> &'static str {
    match status {
        RequirementStatus::Met => "met",
        RequirementStatus::Pending => "pending",
        RequirementStatus::AtRisk => "at-risk",
        RequirementStatus::Overdue => "overdue",
        RequirementStatus::Waived => "waived",
        RequirementStatus::NotApplicable => "not-applicable",
    }
}

/// An id usable in HTML ids: `mn.ce.total` becomes `mn-ce-total`.
fn slug(id: &str) -> String {
    id.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

/// "4.0 hours remaining · due 2024-06-30 · period …", each fact kept on one line.
fn facts_line(facts: Vec<String>) -> impl IntoView {
    let last = facts.len().saturating_sub(1);
    facts
        .into_iter()
        .enumerate()
        .map(|(i, fact)| {
            let fact = if i == 0 { sentence(&fact) } else { fact };
            view! { <span class="fact">{fact}</span> {(i < last).then_some(" · ")} }
        })
        .collect_view()
}

/// The server writes its explanations as clauses ("overdue: needed …"); shown as sentences.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[component]
fn Requirement(r: RequirementResultDto) -> impl IntoView {
    let heading_id = format!("req-{}", slug(&r.requirement_id));
    let shows_progress = r.required > 0.0
        && !matches!(
            r.status,
            RequirementStatus::Waived | RequirementStatus::NotApplicable
        );
    let progress = shows_progress.then(|| {
        let text = progress_text(r.earned, r.required, &r.unit);
        view! {
            <div class="progress">
                <progress
                    max=r.required
                    value=r.earned.min(r.required)
                    aria-label=format!("Progress: {}", r.title)
                    aria-valuetext=text.clone()
                ></progress>
                <span class="progress-text">{text}</span>
            </div>
        }
    });
    let mut facts = Vec::new();
    if shows_progress && r.remaining > 0.0 {
        facts.push(format!("{} remaining", amount(r.remaining, &r.unit)));
    }
    if let Some(due) = r.due {
        facts.push(format!("due {}", date(Some(due))));
    }
    if let (Some(start), Some(end)) = (r.period_start, r.period_end) {
        facts.push(format!(
            "period {} to {}",
            date(Some(start)),
            date(Some(end))
        ));
    }
    let waiver_note = (r.waiver_id.is_some() && r.status != RequirementStatus::Waived)
        .then_some(view! { <p class="hint">"A waiver applies to this period."</p> });
    let counted = (!r.counted.is_empty()).then(|| {
        let n = r.counted.len();
        let noun = if n == 1 { "record" } else { "records" };
        view! { <p class="hint">{format!("{n} training {noun} counted.")}</p> }
    });
    view! {
        <li class=format!("requirement {}", status_name(r.status))>
            <article aria-labelledby=heading_id.clone()>
                <div class="requirement-head">
                    <h3 id=heading_id.clone()>{r.title.clone()}</h3>
                    <span class=requirement_class(r.status)>{r.status.label()}</span>
                </div>
                <p class="requirement-id"><code>{r.requirement_id.clone()}</code></p>
                {progress}
                {(!facts.is_empty()).then(|| view! { <p class="facts-line">{facts_line(facts)}</p> })}
                <p class="explanation">{sentence(&r.explanation)}</p>
                {waiver_note}
                {counted}
                <Unconfirmed note=r.unconfirmed.clone() />
                <Citations citations=r.citations.clone() />
            </article>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explanations_read_as_sentences_and_ids_fit_in_html_ids() {
        assert_eq!(
            sentence("overdue: needed 8.0 more hours"),
            "Overdue: needed 8.0 more hours"
        );
        assert_eq!(sentence(""), "");
        assert_eq!(slug("mn.ce.total"), "mn-ce-total");
    }
}
