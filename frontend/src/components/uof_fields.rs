//! The controls of the use-of-force form. Unlike `fields.rs` their names are made at run time
//! (`subjects.0.age`), as the server names the fields in its errors; each control shows the
//! messages for its own name beside itself, and its label is what tests and screen readers
//! find it by.

use confitrek_types::{
    ContactReason, Disposition, Ethnicity, ForceType, Impairment, IncidentStatus, Injury,
    LocationType, Problem, Race, Resistance, Sex, YesNoUnknown,
};
use leptos::prelude::*;

use crate::components::uof_errors::messages_for;

/// One value of the form: how a control reads it and writes it back.
pub struct Slot<T: Send + Sync + 'static> {
    pub current: Signal<T>,
    pub set: Callback<T>,
}

impl<T: Send + Sync + 'static> Clone for Slot<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Slot<T> {}

/// A slot on a field of the form held in an `RwSignal<IncidentForm>`: `slot!(form, ambush)`
/// or, for a subject or an officer, `slot!(form, subjects[i], age)`. A subject removed while
/// its controls are still on screen reads as blank and ignores writes.
macro_rules! slot {
    ($form:expr, $field:ident) => {
        $crate::components::uof_fields::Slot {
            current: ::leptos::prelude::Signal::derive(move || $form.with(|f| f.$field.clone())),
            set: ::leptos::prelude::Callback::new(move |v| $form.update(|f| f.$field = v)),
        }
    };
    ($form:expr, $list:ident[$i:expr], $field:ident) => {
        $crate::components::uof_fields::Slot {
            current: ::leptos::prelude::Signal::derive(move || {
                $form.with(|f| {
                    f.$list
                        .get($i)
                        .map(|x| x.$field.clone())
                        .unwrap_or_default()
                })
            }),
            set: ::leptos::prelude::Callback::new(move |v| {
                $form.update(|f| {
                    if let Some(x) = f.$list.get_mut($i) {
                        x.$field = v;
                    }
                })
            }),
        }
    };
}
pub(crate) use slot;

/// The coded enumerations of the UoF types, for generic selects and checkbox groups.
pub trait Coded: Copy + PartialEq + Send + Sync + 'static {
    fn all() -> &'static [Self];
    fn code(self) -> &'static str;
    fn text(self) -> &'static str;

    fn from_code(code: &str) -> Option<Self> {
        Self::all().iter().copied().find(|v| v.code() == code)
    }
}

macro_rules! coded {
    ($($t:ty),+) => {
        $(impl Coded for $t {
            fn all() -> &'static [Self] { <$t>::ALL }
            fn code(self) -> &'static str { self.as_str() }
            fn text(self) -> &'static str { self.label() }
        })+
    };
}

coded!(
    ContactReason,
    Disposition,
    Ethnicity,
    ForceType,
    Impairment,
    IncidentStatus,
    Injury,
    LocationType,
    Race,
    Resistance,
    Sex,
    YesNoUnknown
);

/// `subjects.0.age` as an HTML id: `subjects-0-age`.
pub fn dom_id(name: &str) -> String {
    name.replace('.', "-")
}

/// The messages for one control, joined, and what the control says of itself to assistive
/// technology.
struct Feedback {
    messages: Memo<Vec<String>>,
    error_id: String,
    hint_id: Option<String>,
}

impl Feedback {
    fn new(name: &str, problem: Signal<Option<Problem>>, hint: Option<&'static str>) -> Self {
        let key = name.to_owned();
        let messages = Memo::new(move |_| {
            problem.with(|p| {
                p.as_ref()
                    .map(|p| messages_for(p, &key))
                    .unwrap_or_default()
            })
        });
        Feedback {
            messages,
            error_id: format!("error-{}", dom_id(name)),
            hint_id: hint.map(|_| format!("hint-{}", dom_id(name))),
        }
    }

    fn invalid(&self) -> Signal<bool> {
        let messages = self.messages;
        Signal::derive(move || messages.with(|m| !m.is_empty()))
    }

    fn described_by(&self) -> impl Fn() -> Option<String> + Send + Sync + 'static + use<> {
        let (error_id, hint_id, invalid) =
            (self.error_id.clone(), self.hint_id.clone(), self.invalid());
        move || {
            let ids: Vec<String> = hint_id
                .clone()
                .into_iter()
                .chain(invalid.get().then(|| error_id.clone()))
                .collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    }

    fn hint(&self, hint: Option<&'static str>) -> impl IntoView + use<> {
        let id = self.hint_id.clone();
        hint.map(|h| view! { <p class="hint" id=id>{h}</p> })
    }

    fn error(&self) -> impl IntoView + use<> {
        let (messages, invalid) = (self.messages, self.invalid());
        view! {
            <p id=self.error_id.clone() class="field-error" hidden=move || !invalid.get()>
                {move || messages.get().join(" ")}
            </p>
        }
    }
}

#[component]
pub fn UText(
    #[prop(into)] name: String,
    label: &'static str,
    bind: Slot<String>,
    problem: Signal<Option<Problem>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let feedback = Feedback::new(&name, problem, hint);
    let invalid = feedback.invalid();
    let id = dom_id(&name);
    view! {
        <div class="field" class:invalid=move || invalid.get()>
            <label for=id.clone()>{label}</label>
            {feedback.hint(hint)}
            <input id=id name=name type=input_type inputmode=inputmode autocomplete="off"
                aria-invalid=move || invalid.get().then_some("true")
                aria-describedby=feedback.described_by()
                prop:value=move || bind.current.get()
                on:input=move |ev| bind.set.run(event_target_value(&ev)) />
            {feedback.error()}
        </div>
    }
}

/// A select of a coded enumeration; the blank first choice is "not answered yet".
#[component]
pub fn UChoice<T: Coded>(
    #[prop(into)] name: String,
    label: &'static str,
    bind: Slot<Option<T>>,
    problem: Signal<Option<Problem>>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let feedback = Feedback::new(&name, problem, hint);
    let invalid = feedback.invalid();
    let id = dom_id(&name);
    let options = T::all()
        .iter()
        .copied()
        .map(|v| {
            view! { <option value=v.code() selected=move || bind.current.get() == Some(v)>{v.text()}</option> }
        })
        .collect_view();
    view! {
        <div class="field" class:invalid=move || invalid.get()>
            <label for=id.clone()>{label}</label>
            {feedback.hint(hint)}
            <select id=id name=name
                aria-invalid=move || invalid.get().then_some("true")
                aria-describedby=feedback.described_by()
                on:change=move |ev| bind.set.run(T::from_code(&event_target_value(&ev)))>
                <option value="" selected=move || bind.current.get().is_none()>"— Not answered —"</option>
                {options}
            </select>
            {feedback.error()}
        </div>
    }
}

/// A yes/no question that may still be unanswered.
#[component]
pub fn UBool(
    #[prop(into)] name: String,
    label: &'static str,
    bind: Slot<Option<bool>>,
    problem: Signal<Option<Problem>>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let feedback = Feedback::new(&name, problem, hint);
    let invalid = feedback.invalid();
    let id = dom_id(&name);
    let parse = |text: String| match text.as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    view! {
        <div class="field" class:invalid=move || invalid.get()>
            <label for=id.clone()>{label}</label>
            {feedback.hint(hint)}
            <select id=id name=name
                aria-invalid=move || invalid.get().then_some("true")
                aria-describedby=feedback.described_by()
                on:change=move |ev| bind.set.run(parse(event_target_value(&ev)))>
                <option value="" selected=move || bind.current.get().is_none()>"— Not answered —"</option>
                <option value="yes" selected=move || bind.current.get() == Some(true)>"Yes"</option>
                <option value="no" selected=move || bind.current.get() == Some(false)>"No"</option>
            </select>
            {feedback.error()}
        </div>
    }
}

/// Checkboxes for a list of coded values, kept in the enumeration's order.
#[component]
pub fn UChecks<T: Coded>(
    #[prop(into)] name: String,
    legend: &'static str,
    bind: Slot<Vec<T>>,
    problem: Signal<Option<Problem>>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let feedback = Feedback::new(&name, problem, hint);
    let invalid = feedback.invalid();
    let boxes = T::all()
        .iter()
        .copied()
        .map(|v| {
            let id = format!("{}-{}", dom_id(&name), v.code());
            let toggle = move |ev| {
                let on = event_target_checked(&ev);
                let mut chosen = bind.current.get_untracked();
                chosen.retain(|x| *x != v);
                if on {
                    chosen.push(v);
                }
                let ordered = T::all()
                    .iter()
                    .copied()
                    .filter(|x| chosen.contains(x))
                    .collect();
                bind.set.run(ordered);
            };
            view! {
                <div class="check">
                    <input type="checkbox" id=id.clone()
                        prop:checked=move || bind.current.with(|c| c.contains(&v))
                        aria-invalid=move || invalid.get().then_some("true")
                        on:change=toggle />
                    <label for=id>{v.text()}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset class="checks" class:invalid=move || invalid.get() aria-describedby=feedback.described_by()>
            <legend>{legend}</legend>
            {feedback.hint(hint)}
            {boxes}
            {feedback.error()}
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_coded_value_is_found_again_by_its_code() {
        for v in Injury::all() {
            assert_eq!(Injury::from_code(v.code()), Some(*v));
        }
        assert_eq!(YesNoUnknown::from_code(""), None);
        assert_eq!(dom_id("subjects.0.age"), "subjects-0-age");
    }
}
