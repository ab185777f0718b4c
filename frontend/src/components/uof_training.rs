//! "Training on the incident day": each involved officer's training in the areas a review
//! looks at (use of force, de-escalation, crisis intervention, firearms), as the rules judged
//! it on the day of the incident. Stored at submission, so it does not move with later
//! training.

use confitrek_types::{
    IncidentStatus, OfficerTrainingDto, RequirementResultDto, RequirementStatus, TrainingAreaDto,
};
use leptos::prelude::*;

use crate::format::{date, progress_text, requirement_class};

/// What an empty panel means, which depends on where the incident stands.
pub fn empty_panel_text(status: IncidentStatus) -> &'static str {
    match status {
        IncidentStatus::Draft => {
            "Not recorded yet: the involved officers' training is recorded when the incident is submitted."
        }
        _ => "No officer's training was recorded with this incident.",
    }
}

/// Said plainly when the officer's rule set marks no topic for an area.
pub fn no_topic_text(jurisdiction: &str, area: &str) -> String {
    format!(
        "The {jurisdiction} rule set has no topic for {}, so nothing is judged in this area.",
        area.to_lowercase()
    )
}

#[component]
pub fn TrainingPanel(training: Vec<OfficerTrainingDto>, status: IncidentStatus) -> impl IntoView {
    let body = if training.is_empty() {
        view! { <p class="hint">{empty_panel_text(status)}</p> }.into_any()
    } else {
        training
            .into_iter()
            .map(|officer| view! { <OfficerTraining officer /> })
            .collect_view()
            .into_any()
    };
    view! {
        <section class="uof-training" aria-labelledby="training-heading">
            <h2 id="training-heading">"Training on the incident day"</h2>
            {body}
        </section>
    }
}

#[component]
fn OfficerTraining(officer: OfficerTrainingDto) -> impl IntoView {
    let jurisdiction = officer.jurisdiction.clone();
    let areas = officer
        .areas
        .into_iter()
        .map(|area| {
            let jurisdiction = jurisdiction.clone();
            view! { <Area area jurisdiction /> }
        })
        .collect_view();
    view! {
        <article class="uof-card" aria-label=officer.name.clone()>
            <h3>{officer.name.clone()}</h3>
            <p class="hint">
                {format!("As of {} under the {} rules.", date(Some(officer.as_of)), officer.jurisdiction)}
            </p>
            {areas}
        </article>
    }
}

#[component]
fn Area(area: TrainingAreaDto, jurisdiction: String) -> impl IntoView {
    let label = area.area.label();
    let last = match area.last_trained_on {
        Some(day) => format!("Last trained in this area: {}.", date(Some(day))),
        None => "No training in this area on record on or before the incident day.".to_owned(),
    };
    let body = if area.topics.is_empty() {
        view! { <p>{no_topic_text(&jurisdiction, label)}</p> }.into_any()
    } else if area.requirements.is_empty() {
        view! { <p>"No requirement of the officer's rules counts these topics."</p> }.into_any()
    } else {
        view! {
            <ul class="uof-requirements">
                {area.requirements.into_iter().map(requirement).collect_view()}
            </ul>
        }
        .into_any()
    };
    let topics = (!area.topics.is_empty())
        .then(|| view! { <p class="hint">"Topics: " {area.topics.join(", ")}</p> });
    view! {
        <div class="uof-area">
            <h4>{label}</h4>
            {topics}
            {body}
            <p class="last-trained">{last}</p>
        </div>
    }
}

/// The server writes its explanations as clauses ("met: …"); shown as sentences.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn requirement(r: RequirementResultDto) -> impl IntoView {
    // Progress means nothing for a requirement that does not bind or is waived.
    let progress = (r.required > 0.0
        && !matches!(
            r.status,
            RequirementStatus::NotApplicable | RequirementStatus::Waived
        ))
    .then(|| {
        view! {
            <span class="progress-text">" " {progress_text(r.earned, r.required, &r.unit)}</span>
        }
    });
    view! {
        <li>
            <span class="requirement-title">{r.title.clone()}</span>
            " " <span class=requirement_class(r.status)>{r.status.label()}</span>
            {progress}
            <p class="explanation">{sentence(&r.explanation)}</p>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_panel_says_why() {
        assert!(empty_panel_text(IncidentStatus::Draft).contains("when the incident is submitted"));
        assert!(empty_panel_text(IncidentStatus::Closed).starts_with("No officer's training"));
        assert_eq!(
            no_topic_text("Minnesota", "De-escalation"),
            "The Minnesota rule set has no topic for de-escalation, so nothing is judged in this area."
        );
        assert_eq!(sentence("met: 2.0 of 1.0 hours"), "Met: 2.0 of 1.0 hours");
    }
}
