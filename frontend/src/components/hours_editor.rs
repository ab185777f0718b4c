//! Hours by topic, one line per topic, and the events (qualifications) a record or course
//! completes. Each line keeps its own signals so typing never redraws the list (and never
//! takes the focus away); the lines become the API's `hours` map only when the form is sent.

use confitrek_types::{Problem, TopicsDto};
use leptos::prelude::*;

use crate::components::checkbox_group::CheckboxGroup;
use crate::components::fields::error_id;
use crate::training::HoursRow;

#[derive(Debug, Clone, Copy)]
struct Line {
    key: u32,
    topic: RwSignal<String>,
    hours: RwSignal<String>,
}

/// The lines of an hours editor, owned by the form that sends them.
#[derive(Debug, Clone, Copy)]
pub struct HoursLines {
    lines: RwSignal<Vec<Line>>,
    next: StoredValue<u32>,
}

impl HoursLines {
    pub fn new(rows: Vec<HoursRow>) -> Self {
        let lines = HoursLines {
            lines: RwSignal::new(Vec::new()),
            next: StoredValue::new(0),
        };
        lines.set(rows);
        lines
    }

    /// Replaces every line; an empty list leaves one empty line to type in.
    pub fn set(&self, mut rows: Vec<HoursRow>) {
        if rows.is_empty() {
            rows.push(HoursRow::default());
        }
        let lines = rows.into_iter().map(|r| self.line(r)).collect();
        self.lines.set(lines);
    }

    fn line(&self, row: HoursRow) -> Line {
        let key = self.next.get_value();
        self.next.set_value(key + 1);
        Line {
            key,
            topic: RwSignal::new(row.topic),
            hours: RwSignal::new(row.hours),
        }
    }

    fn add(&self) {
        let line = self.line(HoursRow::default());
        self.lines.update(|lines| lines.push(line));
    }

    fn remove(&self, key: u32) {
        self.lines.update(|lines| lines.retain(|l| l.key != key));
    }

    pub fn rows_untracked(&self) -> Vec<HoursRow> {
        self.lines.with_untracked(|lines| {
            lines
                .iter()
                .map(|l| HoursRow {
                    topic: l.topic.get_untracked(),
                    hours: l.hours.get_untracked(),
                })
                .collect()
        })
    }
}

/// The messages the problem holds for `hours` and any `hours.<topic>`.
fn hours_messages(problem: &Option<Problem>, titles: &[(String, String)]) -> Vec<String> {
    problem
        .iter()
        .flat_map(|p| &p.errors)
        .filter_map(|e| {
            if e.field == "hours" {
                return Some(e.message.clone());
            }
            let code = e.field.strip_prefix("hours.")?;
            let title = titles
                .iter()
                .find(|(c, _)| c == code)
                .map_or(code, |(_, t)| t.as_str());
            Some(format!("{title}: {}", e.message))
        })
        .collect()
}

#[component]
pub fn HoursEditor(
    lines: HoursLines,
    topics: TopicsDto,
    /// The chosen events, as the API spells them.
    events: RwSignal<Vec<String>>,
    /// The events of the last request sent, to name the one an `events.N` error is about.
    sent_events: RwSignal<Vec<String>>,
    #[prop(into)] problem: Signal<Option<Problem>>,
    /// Shown above the lines, e.g. what an empty editor means.
    #[prop(optional)]
    hint: Option<&'static str>,
) -> impl IntoView {
    let titles: Vec<(String, String)> = topics
        .topics
        .iter()
        .map(|t| (t.code.clone(), t.title.clone()))
        .collect();
    let messages = {
        let titles = titles.clone();
        Memo::new(move |_| problem.with(|p| hours_messages(p, &titles)))
    };
    let invalid = move || messages.with(|m| !m.is_empty());
    let event_choices: Vec<(String, String)> = topics
        .events
        .iter()
        .map(|e| (e.code.clone(), e.title.clone()))
        .collect();
    let has_events = !event_choices.is_empty();
    let row = move |line: Line| {
        let topic_id = format!("hours-topic-{}", line.key);
        let hours_id = format!("hours-value-{}", line.key);
        let options = titles
            .iter()
            .map(|(code, title)| {
                let code = code.clone();
                let chosen = code.clone();
                view! {
                    <option value=code selected=move || line.topic.get() == chosen>{title.clone()}</option>
                }
            })
            .collect_view();
        view! {
            <li class="hours-line">
                <div class="field">
                    <label for=topic_id.clone()>"Topic"</label>
                    <select id=topic_id on:change=move |ev| line.topic.set(event_target_value(&ev))
                        aria-invalid=move || invalid().then_some("true")>
                        <option value="" selected=move || line.topic.get().is_empty()>"Choose a topic"</option>
                        {options}
                    </select>
                </div>
                <div class="field hours">
                    <label for=hours_id.clone()>"Hours"</label>
                    <input id=hours_id type="text" inputmode="decimal"
                        prop:value=move || line.hours.get()
                        on:input=move |ev| line.hours.set(event_target_value(&ev))
                        aria-invalid=move || invalid().then_some("true") />
                </div>
                <button type="button" class="remove-line" on:click=move |_| lines.remove(line.key)>
                    "Remove"
                </button>
            </li>
        }
    };
    view! {
        <fieldset class="hours-editor" class:invalid=invalid
            aria-describedby=move || invalid().then(|| error_id("hours"))>
            <legend>"Hours by topic"</legend>
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            <ul class="hours-lines">
                <For each=move || lines.lines.get() key=|l| l.key children=row />
            </ul>
            <button type="button" on:click=move |_| lines.add()>"Add a topic"</button>
            <div id=error_id("hours") class="field-error" hidden=move || !invalid()>
                {move || messages.get().into_iter().map(|m| view! { <p>{m}</p> }).collect_view()}
            </div>
        </fieldset>
        {has_events.then(|| view! {
            <CheckboxGroup name="events" legend="Events completed"
                hint="Qualifications that earn no hours, e.g. the yearly firearms qualification."
                choices=Signal::stored(event_choices) value=events sent=sent_events problem />
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use confitrek_types::FieldProblem;

    #[test]
    fn hour_problems_name_the_topic_by_its_title() {
        let problem = Some(Problem::invalid_input(vec![
            FieldProblem {
                field: "hours.autism".into(),
                message: "must be more than 0 hours".into(),
            },
            FieldProblem {
                field: "hours".into(),
                message: "name at least one topic".into(),
            },
            FieldProblem {
                field: "title".into(),
                message: "is required".into(),
            },
        ]));
        let titles = vec![("autism".to_owned(), "Autism (MLO)".to_owned())];
        assert_eq!(
            hours_messages(&problem, &titles),
            [
                "Autism (MLO): must be more than 0 hours",
                "name at least one topic"
            ]
        );
    }
}
