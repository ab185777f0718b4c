//! A person's waivers, extensions and reductions, and the coordinator's form to record one.
//! The form offers the requirements of the report on screen, and the due date of the period
//! the report shows for the chosen one, since a waiver names its period by that due date.

use confitrek_types::{FieldProblem, Problem, WaiverDto, WaiverEffectDto, WaiverInput};
use leptos::prelude::*;
use time::Date;
use uuid::Uuid;

use crate::api::{self, ApiResult};
use crate::components::compliance::{ReportResource, by_urgency};
use crate::components::fields::{
    FieldError, SelectField, TextAreaField, TextField, described_by, field_message,
};
use crate::components::problem::{ProblemAlert, load_error};
use crate::format::{date, date_input, optional, parse_date_input, waiver_effect};

const FIELDS: &[&str] = &[
    "requirement_id",
    "period_due",
    "effect",
    "effect.days",
    "effect.hours",
    "reason",
    "approved_by",
];

/// A requirement the form offers: id, title, and the due date the report shows for it.
#[derive(Debug, Clone, PartialEq)]
struct Choice {
    id: String,
    title: String,
    due: Option<Date>,
}

fn choices(report: ReportResource) -> Memo<Vec<Choice>> {
    Memo::new(move |_| {
        report
            .map(|r| match r {
                Ok(r) => by_urgency(r.requirements.clone())
                    .into_iter()
                    .map(|q| Choice {
                        id: q.requirement_id,
                        title: q.title,
                        due: q.due,
                    })
                    .collect(),
                Err(_) => Vec::new(),
            })
            .unwrap_or_default()
    })
}

#[component]
pub fn Waivers(
    person_id: Uuid,
    waivers: LocalResource<ApiResult<Vec<WaiverDto>>>,
    report: ReportResource,
    can_record: bool,
    on_saved: impl Fn() + Copy + 'static,
) -> impl IntoView {
    let choices = choices(report);
    let list = move || {
        Suspend::new(async move {
            waivers.await.map(|list| {
                if list.is_empty() {
                    return view! { <p class="hint">"No waivers recorded."</p> }.into_any();
                }
                let items = list
                    .into_iter()
                    .map(|w| {
                        // The report names the requirement once it is loaded; until then, or
                        // for an id the rules do not know, the id alone.
                        let id = w.requirement_id.clone();
                        let title = move || {
                            choices.with(|c| {
                                c.iter()
                                    .find(|c| c.id == id)
                                    .map(|c| format!("{} ", c.title))
                            })
                        };
                        view! {
                            <li class="waiver">
                                <p class="waiver-title">
                                    {title}
                                    <code>{w.requirement_id.clone()}</code>
                                </p>
                                <dl class="facts">
                                    <dt>"Period due"</dt><dd>{date(Some(w.period_due))}</dd>
                                    <dt>"Effect"</dt><dd>{waiver_effect(&w.effect)}</dd>
                                    <dt>"Reason"</dt><dd>{w.reason.clone()}</dd>
                                    <dt>"Approved by"</dt><dd>{w.approved_by.clone()}</dd>
                                </dl>
                            </li>
                        }
                    })
                    .collect_view();
                view! { <ul class="waiver-list">{items}</ul> }.into_any()
            })
        })
    };
    view! {
        <section class="waivers" aria-labelledby="waivers-heading">
            <h2 id="waivers-heading">"Waivers"</h2>
            <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
                <ErrorBoundary fallback=load_error>{list}</ErrorBoundary>
            </Transition>
            {can_record.then(|| view! { <WaiverForm person_id choices on_saved /> })}
        </section>
    }
}

/// The form's text, as the inputs hold it.
#[derive(Clone, Copy)]
struct Draft {
    requirement_id: RwSignal<String>,
    period_due: RwSignal<String>,
    effect: RwSignal<String>,
    days: RwSignal<String>,
    hours: RwSignal<String>,
    reason: RwSignal<String>,
    approved_by: RwSignal<String>,
}

impl Draft {
    fn new() -> Self {
        let blank = || RwSignal::new(String::new());
        Draft {
            requirement_id: blank(),
            period_due: blank(),
            effect: RwSignal::new("exempt".to_owned()),
            days: blank(),
            hours: blank(),
            reason: blank(),
            approved_by: blank(),
        }
    }

    /// What cannot even be sent is reported here, in the server's shape; the rest is the
    /// server's to judge.
    fn to_input(self) -> Result<WaiverInput, Vec<FieldProblem>> {
        let mut errors = Vec::new();
        let mut fail = |field: &str, message: &str| {
            errors.push(FieldProblem {
                field: field.into(),
                message: message.into(),
            });
        };
        let requirement_id = self.requirement_id.get_untracked();
        if requirement_id.is_empty() {
            fail("requirement_id", "is required");
        }
        let period_due = match parse_date_input(&self.period_due.get_untracked()) {
            Ok(Some(d)) => Some(d),
            Ok(None) => {
                fail("period_due", "is required");
                None
            }
            Err(message) => {
                fail("period_due", &message);
                None
            }
        };
        let effect = match self.effect.get_untracked().as_str() {
            "extend_days" => match self.days.get_untracked().trim().parse::<u16>() {
                Ok(days) if days > 0 => Some(WaiverEffectDto::ExtendDays { days }),
                _ => {
                    fail(
                        "effect.days",
                        "must be a whole number of days from 1 to 65535",
                    );
                    None
                }
            },
            "reduce_hours" => match self.hours.get_untracked().trim().parse::<f64>() {
                Ok(hours) if hours.is_finite() => Some(WaiverEffectDto::ReduceHours { hours }),
                _ => {
                    fail("effect.hours", "must be a number of hours, e.g. 4.5");
                    None
                }
            },
            _ => Some(WaiverEffectDto::Exempt),
        };
        match (period_due, effect) {
            (Some(period_due), Some(effect)) if errors.is_empty() => Ok(WaiverInput {
                requirement_id,
                period_due,
                effect,
                reason: optional(&self.reason.get_untracked()).unwrap_or_default(),
                approved_by: optional(&self.approved_by.get_untracked()).unwrap_or_default(),
            }),
            _ => Err(errors),
        }
    }
}

#[component]
fn WaiverForm(
    person_id: Uuid,
    choices: Memo<Vec<Choice>>,
    on_saved: impl Fn() + Copy + 'static,
) -> impl IntoView {
    let draft = Draft::new();
    // The first requirement until one is chosen, and the due date of the chosen one's period.
    Effect::new(move |_| {
        choices.with(|c| {
            let current = draft.requirement_id.get_untracked();
            if !c.iter().any(|c| c.id == current)
                && let Some(first) = c.first()
            {
                draft.requirement_id.set(first.id.clone());
            }
        });
    });
    Effect::new(move |_| {
        let id = draft.requirement_id.get();
        let due = choices.with(|c| c.iter().find(|c| c.id == id).and_then(|c| c.due));
        if let Some(due) = due {
            draft.period_due.set(date_input(Some(due)));
        }
    });
    let save = Action::new_local(move |input: &WaiverInput| {
        let input = input.clone();
        async move {
            let saved = api::record_waiver(person_id, &input).await?;
            draft.reason.set(String::new());
            on_saved();
            ApiResult::Ok(saved)
        }
    });
    let local_problem = RwSignal::new(None::<Problem>);
    let problem = Signal::derive(move || {
        local_problem.get().or_else(|| match save.value().get() {
            Some(Err(e)) => Some(e.into_problem()),
            _ => None,
        })
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match draft.to_input() {
            Ok(input) => {
                local_problem.set(None);
                save.dispatch(input);
            }
            Err(errors) => local_problem.set(Some(Problem::invalid_input(errors))),
        }
    };
    let saved = move || match save.value().get() {
        Some(Ok(w)) if local_problem.with(Option::is_none) => Some(view! {
            <p class="saved" role="status">
                {format!("Waiver recorded for {} (period due {}).", w.requirement_id, date(Some(w.period_due)))}
            </p>
        }),
        _ => None,
    };
    let effects = vec![
        ("exempt", "Exempt: does not bind for the period"),
        ("extend_days", "Extend the due date"),
        ("reduce_hours", "Reduce the hours required"),
    ];
    let message = field_message(problem, "requirement_id");
    view! {
        <form class="waiver-form" on:submit=on_submit novalidate>
            <h3>"Record a waiver"</h3>
            <ProblemAlert problem shown_fields=FIELDS />
            {saved}
            <div class="field" class:invalid=move || message.with(Option::is_some)>
                <label for="requirement_id">"Requirement"</label>
                <select id="requirement_id" name="requirement_id"
                    aria-invalid=move || message.with(Option::is_some).then_some("true")
                    aria-describedby=move || described_by("requirement_id", None, message.with(Option::is_some))
                    on:change=move |ev| draft.requirement_id.set(event_target_value(&ev))>
                    {move || choices.get().into_iter().map(|c| {
                        let id = c.id.clone();
                        let selected = move || draft.requirement_id.get() == id;
                        view! { <option value=c.id.clone() selected=selected>{format!("{} ({})", c.title, c.id)}</option> }
                    }).collect_view()}
                </select>
                <FieldError name="requirement_id" message />
            </div>
            <TextField name="period_due" label="Period due" value=draft.period_due problem input_type="date"
                hint="The due date of the period it applies to, as the report shows it." />
            <SelectField name="effect" label="Effect" value=draft.effect options=effects problem />
            <Show when=move || draft.effect.get() == "extend_days">
                <TextField name="effect.days" label="Days added" value=draft.days problem input_type="number" />
            </Show>
            <Show when=move || draft.effect.get() == "reduce_hours">
                <TextField name="effect.hours" label="Hours fewer" value=draft.hours problem input_type="number" />
            </Show>
            <TextAreaField name="reason" label="Reason" value=draft.reason problem />
            <TextField name="approved_by" label="Approved by" value=draft.approved_by problem
                hint="Name and title." />
            <button type="submit" class="primary" disabled=move || save.pending().get()>
                {move || if save.pending().get() { "Saving…" } else { "Record waiver" }}
            </button>
        </form>
    }
}
