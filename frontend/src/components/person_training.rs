//! A person's training records on the person page: what was done, whether it counts, and for
//! the training office adding a record (from the catalog or ad hoc), correcting one (the
//! previous values are kept on the server) and deleting one for good. Every change asks the
//! compliance section above to load the verdict again.

use confitrek_types::{
    CourseDto, Problem, TopicsDto, TrainingRecordDto, TrainingRecordInput, TrainingRecordUpdate,
};
use std::collections::BTreeMap;

use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{self, ApiResult};
use crate::components::certificate::Certificate;
use crate::components::compliance::VerdictChanged;
use crate::components::confirm::{AskButton, ConfirmPrompt, Confirmation};
use crate::components::fields::field_message;
use crate::components::hours_editor::{HoursEditor, HoursLines};
use crate::components::problem::{ProblemAlert, load_error};
use crate::format::{date, date_input, timestamp, today};
use crate::pages::courses::topic_titles;
use crate::training::{RecordForm, hours_summary, verification_class, verification_label};

type Records = LocalResource<ApiResult<confitrek_types::Page<TrainingRecordDto>>>;

/// Which form is open: one at a time, so its fields have the page's only ids.
#[derive(Debug, Clone, PartialEq)]
enum Editing {
    Nothing,
    New,
    Correct(Box<TrainingRecordDto>),
}

#[component]
pub fn PersonTraining(person_id: Uuid, can_manage: bool) -> impl IntoView {
    let records: Records = LocalResource::new(move || api::training_records_of(person_id));
    let topics = LocalResource::new(api::topics);
    let courses = LocalResource::new(api::catalog_courses);
    let editing = RwSignal::new(Editing::Nothing);
    let verdict = use_context::<VerdictChanged>();
    let changed = move || {
        editing.set(Editing::Nothing);
        records.refetch();
        if let Some(v) = verdict {
            v.bump();
        }
    };
    let body = move || {
        Suspend::new(async move {
            let list = records.await?.items;
            let topics = topics.await?;
            let courses = if can_manage {
                courses.await?
            } else {
                Vec::new()
            };
            ApiResult::Ok(view! {
                <RecordList list topics=topics.clone() can_manage editing changed />
                {move || match editing.get() {
                    Editing::Nothing => None,
                    Editing::New => Some(view! {
                        <RecordEditor person_id record=None topics=topics.clone()
                            courses=courses.clone() editing changed />
                    }),
                    Editing::Correct(r) => Some(view! {
                        <RecordEditor person_id record=Some(*r) topics=topics.clone()
                            courses=Vec::new() editing changed />
                    }),
                }}
            })
        })
    };
    view! {
        <section class="person-training" aria-labelledby="training-heading">
            <div class="section-head">
                <h2 id="training-heading">"Training records"</h2>
                {can_manage.then(|| view! {
                    <button type="button" class="primary" on:click=move |_| editing.set(Editing::New)
                        hidden=move || editing.get() != Editing::Nothing>
                        "Add a record"
                    </button>
                })}
            </div>
            <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
                <ErrorBoundary fallback=load_error>{body}</ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn RecordList(
    list: Vec<TrainingRecordDto>,
    topics: TopicsDto,
    can_manage: bool,
    editing: RwSignal<Editing>,
    changed: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    if list.is_empty() {
        return view! { <p class="hint">"No training recorded."</p> }.into_any();
    }
    let titles = topic_titles(&topics);
    let items = list
        .into_iter()
        .map(|r| {
            let mut earns = hours_summary(&r.hours, &titles);
            for event in &r.events {
                let title = titles.get(event).cloned().unwrap_or_else(|| event.clone());
                earns = if earns.is_empty() { title } else { format!("{earns}, {title}") };
            }
            let actions = can_manage.then(|| {
                let record = r.clone();
                view! { <RecordActions record editing changed /> }
            });
            let history = view! { <History record_id=r.id titles=titles.clone() /> };
            view! {
                <li class="training-record" aria-label=r.title.clone()>
                    <div class="record-head">
                        <h3>{r.title.clone()}</h3>
                        <span class=verification_class(r.verification)>{verification_label(r.verification)}</span>
                    </div>
                    <p>{date(Some(r.completed_on))} " · " {earns}</p>
                    {r.rejection_reason.clone().map(|why| view! { <p class="reason">"Rejected because: " {why}</p> })}
                    <Certificate record_id=r.id current=r.certificate.clone() can_file=can_manage />
                    {actions}
                    {history}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="training-records">{items}</ul> }.into_any()
}

#[component]
fn RecordActions(
    record: TrainingRecordDto,
    editing: RwSignal<Editing>,
    changed: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = record.id;
    let name = record.title.clone();
    let confirm = Confirmation::new();
    let remove = Action::new_local(move |_: &()| async move {
        api::delete_training_record(id).await?;
        changed();
        ApiResult::Ok(())
    });
    let problem = Signal::derive(move || match remove.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None,
    });
    let question = format!("Delete “{name}” for good? Only the fact that it was deleted is kept.");
    let correct_record = StoredValue::new(record);
    view! {
        <div class="item-actions">
            <button type="button"
                on:click=move |_| editing.set(Editing::Correct(Box::new(correct_record.get_value())))>
                "Correct" <span class="visually-hidden">{format!(" {name}")}</span>
            </button>
            <AskButton confirm>
                "Delete" <span class="visually-hidden">{format!(" {name}")}</span>
            </AskButton>
        </div>
        <ConfirmPrompt confirm question yes="Yes, delete" busy=remove.pending()
            on_yes=move || { remove.dispatch(()); } />
        <ProblemAlert problem />
    }
}

/// The record's corrections, loaded when asked for: what it said before each one.
#[component]
fn History(record_id: Uuid, titles: BTreeMap<String, String>) -> impl IntoView {
    let open = RwSignal::new(false);
    let detail = LocalResource::new(move || async move {
        if open.get() {
            api::training_record(record_id).await.map(Some)
        } else {
            Ok(None)
        }
    });
    let titles = StoredValue::new(titles);
    let body = move || {
        Suspend::new(async move {
            detail.await.map(|d| {
                d.map(|d| {
                    if d.revisions.is_empty() {
                        return view! { <p class="hint">"Never corrected."</p> }.into_any();
                    }
                    let items = d
                        .revisions
                        .into_iter()
                        .map(|r| {
                            let was = &r.previous;
                            let hours = titles.with_value(|t| hours_summary(&was.hours, t));
                            view! {
                                <li>
                                    {format!("Before the correction of {}: ", timestamp(r.changed_at))}
                                    {format!("{}, {}, {hours}", was.title, date(Some(was.completed_on)))}
                                </li>
                            }
                        })
                        .collect_view();
                    view! { <ul class="revisions">{items}</ul> }.into_any()
                })
            })
        })
    };
    view! {
        <button type="button" class="link-button" aria-expanded=move || open.get().to_string()
            on:click=move |_| open.update(|o| *o = !*o)>"History"</button>
        <Show when=move || open.get()>
            <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
                <ErrorBoundary fallback=load_error>{body}</ErrorBoundary>
            </Transition>
        </Show>
    }
}

const SHOWN: &[&str] = &["course_id", "title", "completed_on", "hours", "events"];

/// The form for a new record (`record` None) or a correction of `record`.
#[component]
fn RecordEditor(
    person_id: Uuid,
    record: Option<TrainingRecordDto>,
    topics: TopicsDto,
    courses: Vec<CourseDto>,
    editing: RwSignal<Editing>,
    changed: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let correcting = record.as_ref().map(|r| r.id);
    let initial = record.as_ref().map(RecordForm::of).unwrap_or(RecordForm {
        completed_on: date_input(Some(today())),
        ..RecordForm::default()
    });
    let title = RwSignal::new(initial.title.clone());
    let completed_on = RwSignal::new(initial.completed_on.clone());
    let course = RwSignal::new(initial.course_id.clone());
    let lines = HoursLines::new(initial.hours.clone());
    let events = RwSignal::new(initial.events.clone());
    let sent_events = RwSignal::new(Vec::new());
    let local = RwSignal::new(None::<Problem>);
    let save = Action::new_local(move |form: &RecordForm| {
        let form = form.clone();
        async move {
            match correcting {
                Some(id) => {
                    let update: TrainingRecordUpdate = form.update().map_err(invalid)?;
                    api::correct_training_record(id, &update).await?;
                }
                None => {
                    let input: TrainingRecordInput = form.input(person_id).map_err(invalid)?;
                    api::report_training(&input).await?;
                }
            }
            changed();
            ApiResult::Ok(())
        }
    });
    let problem = Signal::derive(move || {
        local.get().or_else(|| match save.value().get() {
            Some(Err(e)) => Some(e.into_problem()),
            _ => None,
        })
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = RecordForm {
            title: title.get_untracked(),
            completed_on: completed_on.get_untracked(),
            course_id: course.get_untracked(),
            hours: lines.rows_untracked(),
            events: events.get_untracked(),
        };
        sent_events.set(form.events.clone());
        local.set(None);
        save.dispatch(form);
    };
    let input = |id: &'static str,
                 field: &'static str,
                 label: &'static str,
                 kind: &'static str,
                 value: RwSignal<String>| {
        let message = field_message(problem, field);
        view! {
            <div class="field" class:invalid=move || message.with(Option::is_some)>
                <label for=id>{label}</label>
                <input id=id type=kind prop:value=move || value.get()
                    aria-invalid=move || message.with(Option::is_some).then_some("true")
                    on:input=move |ev| value.set(event_target_value(&ev)) />
                <p class="field-error" hidden=move || message.with(Option::is_none)>{move || message.get()}</p>
            </div>
        }
    };
    let course_field = correcting.is_none().then(|| {
        let options = courses
            .into_iter()
            .filter(|c| c.active)
            .map(|c| view! { <option value=c.id.to_string()>{c.title}</option> })
            .collect_view();
        view! {
            <div class="field">
                <label for="record-course">"Course"</label>
                <p class="hint">"From the catalog: what you leave empty below is taken from the course."</p>
                <select id="record-course" on:change=move |ev| course.set(event_target_value(&ev))>
                    <option value="">"None (ad hoc training)"</option>
                    {options}
                </select>
            </div>
        }
    });
    let heading = if correcting.is_some() {
        "Correct the record"
    } else {
        "Add a record"
    };
    view! {
        <form class="record-form" on:submit=on_submit novalidate>
            <h3>{heading}</h3>
            {correcting.is_some().then(|| view! {
                <p class="hint">"The record as it was is kept in its history."</p>
            })}
            <ProblemAlert problem shown_fields=SHOWN />
            {course_field}
            {input("record-title", "title", "Training title", "text", title)}
            {input("record-completed_on", "completed_on", "Completed on", "date", completed_on)}
            <HoursEditor lines topics events sent_events problem />
            <div class="form-actions">
                <button type="submit" class="primary" disabled=move || save.pending().get()>
                    {if correcting.is_some() { "Save correction" } else { "Add record" }}
                </button>
                <button type="button" on:click=move |_| editing.set(Editing::Nothing)>"Cancel"</button>
            </div>
        </form>
    }
}

fn invalid(problems: Vec<confitrek_types::FieldProblem>) -> api::ApiError {
    api::ApiError::from(Problem::invalid_input(problems))
}
