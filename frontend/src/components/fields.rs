//! Labelled form controls that show the server's message for their own field.
//!
//! Each control's `name` is the field's name in the API (`badge`, `license_cycle_end`...):
//! it is the input's id and the key looked up in the problem's `errors`, and the message goes
//! in an element `error-{name}` that the input points at with `aria-describedby`, so a
//! screen reader (and a test) finds the message from the field.

use confitrek_types::Problem;
use leptos::prelude::*;

/// The message the problem holds for `name`, if any.
pub fn field_message(
    problem: Signal<Option<Problem>>,
    name: &'static str,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        problem.with(|p| {
            p.as_ref()
                .and_then(|p| p.field_message(name))
                .map(str::to_owned)
        })
    })
}

pub fn error_id(name: &'static str) -> String {
    format!("error-{name}")
}

/// The message under a field; always in the DOM (empty when fine) so the id it is described
/// by always resolves.
#[component]
pub fn FieldError(name: &'static str, message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <p id=error_id(name) class="field-error" hidden=move || message.with(Option::is_none)>
            {move || message.get()}
        </p>
    }
}

#[component]
pub fn TextField(
    name: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(into)] problem: Signal<Option<Problem>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
    /// The id of a `<datalist>` of suggestions.
    #[prop(optional)]
    list: Option<&'static str>,
    /// The input's id where `name` would not be unique on the page (two forms that both
    /// have a `name`); its hint and message are named after it.
    #[prop(optional)]
    id: Option<&'static str>,
) -> impl IntoView {
    let message = field_message(problem, name);
    let id = id.unwrap_or(name);
    let hint_id = hint.map(|_| format!("hint-{id}"));
    let described_by = {
        let hint_id = hint_id.clone();
        move || described_by(id, hint_id.as_deref(), message.with(Option::is_some))
    };
    view! {
        <div class="field" class:invalid=move || message.with(Option::is_some)>
            <label for=id>{label} {required.then_some(view! { <span class="required">" (required)"</span> })}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <input
                id=id
                name=name
                type=input_type
                required=required
                autocomplete=autocomplete
                list=list
                aria-invalid=move || message.with(Option::is_some).then_some("true")
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            <FieldError name=id message />
        </div>
    }
}

#[component]
pub fn TextAreaField(
    name: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(into)] problem: Signal<Option<Problem>>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let message = field_message(problem, name);
    let hint_id = hint.map(|_| format!("hint-{name}"));
    let described_by = {
        let hint_id = hint_id.clone();
        move || described_by(name, hint_id.as_deref(), message.with(Option::is_some))
    };
    view! {
        <div class="field" class:invalid=move || message.with(Option::is_some)>
            <label for=name>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <textarea
                id=name
                name=name
                rows="4"
                aria-invalid=move || message.with(Option::is_some).then_some("true")
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
            <FieldError name message />
        </div>
    }
}

/// The choices of a `SelectField` as (value, label) pairs: fixed ones written in the code,
/// or ones that arrive from the server.
#[derive(Clone, Copy)]
pub struct SelectOptions(Signal<Vec<(String, String)>>);

impl From<Vec<(&'static str, &'static str)>> for SelectOptions {
    fn from(options: Vec<(&'static str, &'static str)>) -> Self {
        SelectOptions(Signal::stored(
            options
                .into_iter()
                .map(|(v, l)| (v.to_owned(), l.to_owned()))
                .collect(),
        ))
    }
}

impl From<Signal<Vec<(String, String)>>> for SelectOptions {
    fn from(options: Signal<Vec<(String, String)>>) -> Self {
        SelectOptions(options)
    }
}

#[component]
pub fn SelectField(
    name: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(into)] options: SelectOptions,
    #[prop(into)] problem: Signal<Option<Problem>>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let message = field_message(problem, name);
    let hint_id = hint.map(|_| format!("hint-{name}"));
    let described_by = {
        let hint_id = hint_id.clone();
        move || described_by(name, hint_id.as_deref(), message.with(Option::is_some))
    };
    let choices = move || {
        options
            .0
            .get()
            .into_iter()
            .map(|(v, text)| {
                let chosen = v.clone();
                view! { <option value=v selected=move || value.get() == chosen>{text}</option> }
            })
            .collect_view()
    };
    view! {
        <div class="field" class:invalid=move || message.with(Option::is_some)>
            <label for=name>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <select
                id=name
                name=name
                aria-invalid=move || message.with(Option::is_some).then_some("true")
                aria-describedby=described_by
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                {choices}
            </select>
            <FieldError name message />
        </div>
    }
}

pub fn described_by(name: &'static str, hint_id: Option<&str>, has_error: bool) -> Option<String> {
    let ids: Vec<String> = hint_id
        .map(str::to_owned)
        .into_iter()
        .chain(has_error.then(|| error_id(name)))
        .collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}
