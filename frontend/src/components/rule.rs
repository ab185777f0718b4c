//! One rule in plain English with its sources: a state's rule on the rules page, or an
//! agency's own requirement (whose sources are its policies).

use confitrek_types::RuleDto;
use leptos::prelude::*;

use crate::components::sources::{Citations, Unconfirmed};
use crate::format::date;

fn effective(rule: &RuleDto) -> String {
    match (rule.effective_from, rule.effective_until) {
        (None, None) => "Throughout this version".to_owned(),
        (Some(from), None) => format!("From {}", date(Some(from))),
        (None, Some(until)) => format!("Until {}", date(Some(until))),
        (Some(from), Some(until)) => format!("{} to {}", date(Some(from)), date(Some(until))),
    }
}

/// The rule as an article headed by its title; `children` (actions) go at its end.
#[component]
pub fn RuleCard(
    rule: RuleDto,
    /// The level of the rule's heading in the page's outline.
    #[prop(default = 4)]
    level: u8,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let heading_id = format!(
        "rule-{}",
        rule.id
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect::<String>()
    );
    let grace = match rule.grace_days {
        0 => "None".to_owned(),
        1 => "1 day".to_owned(),
        n => format!("{n} days"),
    };
    let next_full = rule.binds_from_next_full_period.then_some(view! {
        <p class="binds-next">
            "Binds from the next full cycle: a period that began before the rule took effect is not judged by it."
        </p>
    });
    let heading = if level == 3 {
        view! { <h3 id=heading_id.clone()>{rule.title.clone()}</h3> }.into_any()
    } else {
        view! { <h4 id=heading_id.clone()>{rule.title.clone()}</h4> }.into_any()
    };
    view! {
        <article class="rule" aria-labelledby=heading_id.clone()>
            {heading}
            <p class="requirement-id"><code>{rule.id.clone()}</code></p>
            <dl class="facts">
                <dt>"Measure"</dt><dd>{rule.measure.clone()}</dd>
                <dt>"Period"</dt><dd>{rule.period.clone()}</dd>
                <dt>"Applies to"</dt><dd>{rule.applies_to.clone()}</dd>
                <dt>"In force"</dt><dd>{effective(&rule)}</dd>
                <dt>"Grace period"</dt><dd>{grace}</dd>
            </dl>
            {next_full}
            <Unconfirmed note=rule.unconfirmed.clone() />
            <Citations citations=rule.citations.clone() open=true />
            {children.map(|c| c())}
        </article>
    }
}
