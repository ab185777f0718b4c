//! The course form: what the course is, who gives it, and what attending earns.

use confitrek_types::{CourseInput, Delivery, Problem, TopicsDto};
use leptos::prelude::*;

use crate::api::{self, ApiResult};
use crate::components::fields::{SelectField, TextField};
use crate::components::hours_editor::{HoursEditor, HoursLines};
use crate::components::problem::{ProblemAlert, load_error};
use crate::training::CourseForm;

const SHOWN: &[&str] = &[
    "title",
    "provider",
    "post_course_number",
    "delivery",
    "cost_cents",
    "hours",
    "events",
];

/// Loads the topics, then shows the form. `save` sends the input; its error is shown here.
#[component]
pub fn CourseFormView(
    initial: CourseForm,
    save: Action<CourseInput, ApiResult<()>>,
    submit_label: &'static str,
) -> impl IntoView {
    let topics = LocalResource::new(api::topics);
    let initial = StoredValue::new(initial);
    view! {
        <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
            <ErrorBoundary fallback=load_error>
                {move || Suspend::new(async move {
                    topics.await.map(|topics| view! {
                        <Fields initial=initial.get_value() topics save submit_label />
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn Fields(
    initial: CourseForm,
    topics: TopicsDto,
    save: Action<CourseInput, ApiResult<()>>,
    submit_label: &'static str,
) -> impl IntoView {
    let title = RwSignal::new(initial.title.clone());
    let provider = RwSignal::new(initial.provider.clone());
    let number = RwSignal::new(initial.post_course_number.clone());
    let delivery = RwSignal::new(if initial.delivery.is_empty() {
        Delivery::InPerson.as_str().to_owned()
    } else {
        initial.delivery.clone()
    });
    let cost = RwSignal::new(initial.cost.clone());
    let active = RwSignal::new(initial.active);
    let lines = HoursLines::new(initial.hours.clone());
    let events = RwSignal::new(initial.events.clone());
    let sent_events = RwSignal::new(Vec::new());
    let local = RwSignal::new(None::<Problem>);
    let problem = Signal::derive(move || {
        local.get().or_else(|| match save.value().get() {
            Some(Err(e)) => Some(e.into_problem()),
            _ => None,
        })
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = CourseForm {
            title: title.get_untracked(),
            provider: provider.get_untracked(),
            post_course_number: number.get_untracked(),
            delivery: delivery.get_untracked(),
            cost: cost.get_untracked(),
            hours: lines.rows_untracked(),
            events: events.get_untracked(),
            active: active.get_untracked(),
        };
        sent_events.set(form.events.clone());
        match form.input() {
            Ok(input) => {
                local.set(None);
                save.dispatch(input);
            }
            Err(problems) => local.set(Some(Problem::invalid_input(problems))),
        }
    };
    let deliveries: Vec<(&'static str, &'static str)> = Delivery::ALL
        .iter()
        .map(|d| (d.as_str(), d.label()))
        .collect();
    view! {
        <form class="course-form" on:submit=on_submit novalidate>
            <ProblemAlert problem shown_fields=SHOWN />
            <TextField name="title" label="Title" value=title problem required=true />
            <TextField name="provider" label="Provider" value=provider problem
                hint="Who gives the course: the agency's own unit, an academy, an association." />
            <TextField name="post_course_number" label="POST course number" value=number problem />
            <SelectField name="delivery" label="Delivery" value=delivery options=deliveries problem />
            <TextField name="cost_cents" label="Cost per attendee (dollars)" value=cost problem
                hint="Leave empty if unknown." />
            <HoursEditor lines topics events sent_events problem
                hint="What attending earns. Attendance copies these hours into each attendee's record." />
            <div class="check">
                <input type="checkbox" id="active" prop:checked=move || active.get()
                    on:change=move |ev| active.set(event_target_checked(&ev)) />
                <label for="active">"Offered (inactive courses stay on records but are not scheduled)"</label>
            </div>
            <div class="form-actions">
                <button type="submit" class="primary" disabled=move || save.pending().get()>{submit_label}</button>
            </div>
        </form>
    }
}
