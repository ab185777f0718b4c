//! `/my-training`: a person's own training records — what counts, what waits for the training
//! office, what was refused and why — reporting a training done elsewhere, and filing its
//! certificate.

use std::collections::BTreeMap;

use confitrek_types::{
    CalendarFeedKind, TopicsDto, TrainingRecordDto, TrainingRecordInput, Verification,
};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{self, ApiResult};
use crate::components::calendar_feed::CalendarFeeds;
use crate::components::certificate::Certificate;
use crate::components::problem::{ProblemAlert, load_error};
use crate::format::{optional, parse_date_input, today};
use crate::pages::courses::topic_titles;
use crate::session::Session;
use crate::training::{hours_summary, verification_class, verification_label};

/// The report form's text as the API's input, or the field that is wrong.
pub fn report_input(
    person_id: Uuid,
    title: &str,
    completed_on: &str,
    topic: &str,
    hours: &str,
) -> Result<TrainingRecordInput, (&'static str, &'static str)> {
    let completed_on = match parse_date_input(completed_on) {
        Ok(Some(day)) => day,
        _ => return Err(("completed_on", "must be a date")),
    };
    if topic.is_empty() {
        return Err(("topic", "is required: choose the topic of the hours"));
    }
    let hours: f64 = hours
        .trim()
        .replace(',', ".")
        .parse()
        .map_err(|_| ("hours", "must be a number of hours, e.g. 4 or 1.5"))?;
    Ok(TrainingRecordInput {
        person_id,
        course_id: None,
        title: optional(title),
        completed_on,
        hours: Some(BTreeMap::from([(topic.to_owned(), hours)])),
        events: None,
    })
}

#[component]
pub fn MyTrainingPage() -> impl IntoView {
    let Some(person_id) = Session::get().me().and_then(|m| m.person_id) else {
        return view! {
            <h1>"My training"</h1>
            <p>"This login is not linked to a person on the roster."</p>
        }
        .into_any();
    };
    let records = LocalResource::new(move || api::training_records_of(person_id));
    let topics = LocalResource::new(api::topics);
    view! {
        <h1>"My training"</h1>
        <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
            <ErrorBoundary fallback=load_error>
                {move || Suspend::new(async move {
                    let topics = topics.await?;
                    let list = records.await?;
                    ApiResult::Ok(view! {
                        <ReportForm person_id topics=topics.clone() on_reported=move || records.refetch() />
                        <Records list=list.items topics />
                    })
                })}
            </ErrorBoundary>
        </Transition>
        <CalendarFeeds kind=CalendarFeedKind::Person />
    }
    .into_any()
}

#[component]
fn Records(list: Vec<TrainingRecordDto>, topics: TopicsDto) -> impl IntoView {
    if list.is_empty() {
        return view! { <p>"No training recorded yet."</p> }.into_any();
    }
    let titles = topic_titles(&topics);
    let rows = list
        .into_iter()
        .map(|r| {
            let refused = r.rejection_reason.clone();
            view! {
                <li class="record" aria-label=r.title.clone()>
                    <h3>{r.title.clone()}</h3>
                    <p>{r.completed_on.to_string()} " · " {hours_summary(&r.hours, &titles)}</p>
                    <p><span class=verification_class(r.verification)>{verification_label(r.verification)}</span></p>
                    {refused.map(|reason| view! { <p class="reason">"Why: " {reason}</p> })}
                    <Certificate record_id=r.id current=r.certificate.clone() can_file=r.verification != Verification::Verified />
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="records-heading">
            <h2 id="records-heading">"My records"</h2>
            <ul class="records">{rows}</ul>
        </section>
    }
    .into_any()
}

#[component]
fn ReportForm(
    person_id: Uuid,
    topics: TopicsDto,
    on_reported: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let title = RwSignal::new(String::new());
    let completed_on = RwSignal::new(crate::format::date_input(Some(today())));
    let topic = RwSignal::new(String::new());
    let hours = RwSignal::new(String::new());
    let local = RwSignal::new(None::<confitrek_types::Problem>);
    let certificate = NodeRef::<leptos::html::Input>::new();
    let report = Action::new_local(move |input: &TrainingRecordInput| {
        let input = input.clone();
        async move {
            // The file is read first: one that cannot be sent stops the report, so nothing
            // is half done.
            let file = match certificate.get_untracked() {
                Some(field) => crate::upload::chosen_file(&field).await?,
                None => None,
            };
            let created = api::report_training(&input).await?;
            let filed = match file {
                Some(bytes) => api::upload_certificate(created.id, bytes).await.map(drop),
                None => Ok(()),
            };
            title.set(String::new());
            hours.set(String::new());
            if let Some(field) = certificate.get_untracked() {
                field.set_value("");
            }
            on_reported();
            // The record stands; only its file is missing, to be added on the record.
            filed.map_err(|e| {
                let why = e.into_problem().errors.first().map(|f| f.message.clone()).unwrap_or_default();
                crate::upload::file_problem(&format!(
                    "was not filed ({why}); the training is reported: add the certificate to it in My records"
                ))
            })?;
            ApiResult::Ok(created)
        }
    });
    let problem = Signal::derive(move || {
        local.get().or_else(|| match report.value().get() {
            Some(Err(e)) => Some(e.into_problem()),
            _ => None,
        })
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match report_input(
            person_id,
            &title.get_untracked(),
            &completed_on.get_untracked(),
            &topic.get_untracked(),
            &hours.get_untracked(),
        ) {
            Ok(input) => {
                local.set(None);
                report.dispatch(input);
            }
            Err((field, message)) => {
                local.set(Some(confitrek_types::Problem::invalid_input(vec![
                    confitrek_types::FieldProblem {
                        field: field.into(),
                        message: message.into(),
                    },
                ])))
            }
        }
    };
    // The server names an hour problem by its topic (`hours.autism`): shown beside the hours.
    let message = move |field: &'static str| {
        move || {
            problem.get().and_then(|p| {
                p.errors
                    .iter()
                    .find(|e| e.field == field || e.field.starts_with(&format!("{field}.")))
                    .map(|e| e.message.clone())
            })
        }
    };
    let options = topics
        .topics
        .iter()
        .map(|t| view! { <option value=t.code.clone()>{t.title.clone()}</option> })
        .collect_view();
    let input =
        |id: &'static str, label: &'static str, kind: &'static str, value: RwSignal<String>| {
            view! {
                <div class="field" class:invalid=move || message(id)().is_some()>
                    <label for=id>{label}</label>
                    <input id=id name=id type=kind prop:value=move || value.get()
                        on:input=move |ev| value.set(event_target_value(&ev)) />
                    <p class="field-error">{message(id)}</p>
                </div>
            }
        };
    view! {
        <form class="report-training" on:submit=on_submit novalidate>
            <h2>"Report a training"</h2>
            <p class="hint">"Training done elsewhere counts once the training office has verified it, against its certificate."</p>
            <ProblemAlert problem shown_fields=&["title", "completed_on", "topic", "hours", "file"] />
            {input("title", "What", "text", title)}
            {input("completed_on", "Completed on", "date", completed_on)}
            <div class="field" class:invalid=move || message("topic")().is_some()>
                <label for="topic">"Topic"</label>
                <select id="topic" name="topic" on:change=move |ev| topic.set(event_target_value(&ev))
                    prop:value=move || topic.get()>
                    <option value="">"Choose a topic"</option>
                    {options}
                </select>
                <p class="field-error">{message("topic")}</p>
            </div>
            {input("hours", "Hours", "text", hours)}
            <div class="field" class:invalid=move || message("file")().is_some()>
                <label for="report-certificate">"Certificate (PDF, PNG or JPEG; optional)"</label>
                <input id="report-certificate" type="file" accept="application/pdf,image/png,image/jpeg"
                    node_ref=certificate />
                <p class="field-error">{message("file")}</p>
            </div>
            <button type="submit" class="primary" disabled=move || report.pending().get()>"Report training"</button>
            {move || matches!(report.value().get(), Some(Ok(_))).then(|| view! {
                <p class="notice" role="status">"Reported. It waits for the training office to verify it."</p>
            })}
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_becomes_the_api_input_or_names_its_field() {
        let me = Uuid::nil();
        let input = report_input(me, " Autism awareness ", "2026-11-02", "autism", "1,5").unwrap();
        assert_eq!(input.title.as_deref(), Some("Autism awareness"));
        assert_eq!(input.hours.unwrap()["autism"], 1.5);
        assert_eq!(
            report_input(me, "x", "", "autism", "2").unwrap_err().0,
            "completed_on"
        );
        assert_eq!(
            report_input(me, "x", "2026-11-02", "", "2").unwrap_err().0,
            "topic"
        );
        assert_eq!(
            report_input(me, "x", "2026-11-02", "autism", "two")
                .unwrap_err()
                .0,
            "hours"
        );
    }
}
