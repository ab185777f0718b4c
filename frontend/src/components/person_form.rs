//! The one form that creates and edits a person: every field of `PersonInput`.

use confitrek_types::{FieldProblem, PersonInput, PersonKind, PersonStatus, Problem};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{self, ApiResult};
use crate::components::fields::{SelectField, TextAreaField, TextField};
use crate::components::person_select::PersonSelect;
use crate::components::problem::ProblemAlert;
use crate::components::role_flags::{RoleFlagsField, in_canonical_order};
use crate::format::{date_input, optional, parse_date_input};

/// The fields drawn on the form, so the alert at the top does not repeat their messages.
const FIELDS: &[&str] = &[
    "kind",
    "first_name",
    "last_name",
    "title",
    "badge",
    "email",
    "unit",
    "supervisor_id",
    "status",
    "hire_date",
    "separated_on",
    "license_number",
    "license_cycle_start",
    "license_cycle_end",
    "certified_on",
    "history_from",
    "role_flags",
    "notes",
];

/// A blank person for the "Add person" form.
pub fn new_person() -> PersonInput {
    PersonInput {
        kind: PersonKind::Officer,
        first_name: String::new(),
        last_name: String::new(),
        title: None,
        badge: String::new(),
        email: None,
        unit: None,
        supervisor_id: None,
        status: Some(PersonStatus::Active),
        hire_date: None,
        separated_on: None,
        license_number: None,
        license_cycle_start: None,
        license_cycle_end: None,
        notes: None,
        role_flags: Vec::new(),
        certified_on: None,
        history_from: None,
    }
}

/// The form's text, one signal per field, as the inputs hold it.
#[derive(Clone, Copy)]
struct Draft {
    kind: RwSignal<String>,
    first_name: RwSignal<String>,
    last_name: RwSignal<String>,
    title: RwSignal<String>,
    badge: RwSignal<String>,
    email: RwSignal<String>,
    unit: RwSignal<String>,
    supervisor_id: RwSignal<String>,
    status: RwSignal<String>,
    hire_date: RwSignal<String>,
    separated_on: RwSignal<String>,
    license_number: RwSignal<String>,
    license_cycle_start: RwSignal<String>,
    license_cycle_end: RwSignal<String>,
    notes: RwSignal<String>,
    role_flags: RwSignal<Vec<String>>,
    certified_on: RwSignal<String>,
    history_from: RwSignal<String>,
}

impl Draft {
    fn of(p: &PersonInput) -> Self {
        let text = |s: &Option<String>| RwSignal::new(s.clone().unwrap_or_default());
        Draft {
            kind: RwSignal::new(p.kind.as_str().to_owned()),
            first_name: RwSignal::new(p.first_name.clone()),
            last_name: RwSignal::new(p.last_name.clone()),
            title: text(&p.title),
            badge: RwSignal::new(p.badge.clone()),
            email: text(&p.email),
            unit: text(&p.unit),
            supervisor_id: RwSignal::new(
                p.supervisor_id.map(|id| id.to_string()).unwrap_or_default(),
            ),
            status: RwSignal::new(p.status.unwrap_or(PersonStatus::Active).as_str().to_owned()),
            hire_date: RwSignal::new(date_input(p.hire_date)),
            separated_on: RwSignal::new(date_input(p.separated_on)),
            license_number: text(&p.license_number),
            license_cycle_start: RwSignal::new(date_input(p.license_cycle_start)),
            license_cycle_end: RwSignal::new(date_input(p.license_cycle_end)),
            notes: text(&p.notes),
            role_flags: RwSignal::new(p.role_flags.clone()),
            certified_on: RwSignal::new(date_input(p.certified_on)),
            history_from: RwSignal::new(date_input(p.history_from)),
        }
    }

    /// Reads the inputs back. The server validates for real; this only catches what cannot
    /// even be sent (a malformed date or id), in the same problem shape.
    fn to_input(self) -> Result<PersonInput, Vec<FieldProblem>> {
        let mut errors = Vec::new();
        let mut date = |field: &str, signal: RwSignal<String>| {
            parse_date_input(&signal.get_untracked()).unwrap_or_else(|message| {
                errors.push(FieldProblem {
                    field: field.into(),
                    message,
                });
                None
            })
        };
        let hire_date = date("hire_date", self.hire_date);
        let separated_on = date("separated_on", self.separated_on);
        let license_cycle_start = date("license_cycle_start", self.license_cycle_start);
        let license_cycle_end = date("license_cycle_end", self.license_cycle_end);
        let certified_on = date("certified_on", self.certified_on);
        let history_from = date("history_from", self.history_from);
        let supervisor_text = self.supervisor_id.get_untracked();
        let supervisor_id = match optional(&supervisor_text) {
            None => None,
            Some(text) => Uuid::parse_str(&text).map(Some).unwrap_or_else(|_| {
                errors.push(FieldProblem {
                    field: "supervisor_id".into(),
                    message: "is not a valid id".into(),
                });
                None
            }),
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let text = |s: RwSignal<String>| s.get_untracked().trim().to_owned();
        Ok(PersonInput {
            kind: PersonKind::parse(&self.kind.get_untracked()).unwrap_or(PersonKind::Officer),
            first_name: text(self.first_name),
            last_name: text(self.last_name),
            title: optional(&self.title.get_untracked()),
            badge: text(self.badge),
            email: optional(&self.email.get_untracked()),
            unit: optional(&self.unit.get_untracked()),
            supervisor_id,
            status: PersonStatus::parse(&self.status.get_untracked()),
            hire_date,
            separated_on,
            license_number: optional(&self.license_number.get_untracked()),
            license_cycle_start,
            license_cycle_end,
            notes: optional(&self.notes.get_untracked()),
            role_flags: in_canonical_order(self.role_flags.get_untracked()),
            certified_on,
            history_from,
        })
    }
}

/// The agency's existing units, offered while typing so one unit is not spelt two ways.
#[component]
fn UnitSuggestions() -> impl IntoView {
    let units = LocalResource::new(api::units);
    view! {
        <datalist id="known-units">
            {move || {
                units.get().and_then(Result::ok).unwrap_or_default().into_iter()
                    .map(|u| view! { <option value=u></option> })
                    .collect_view()
            }}
        </datalist>
    }
}

/// `save` sends the person to the server; the page decides what happens after a success
/// (it navigates to the saved person).
#[component]
pub fn PersonForm(
    initial: PersonInput,
    save: Action<PersonInput, ApiResult<()>>,
    submit_label: &'static str,
    /// The person being edited, if any: he or she cannot be his or her own supervisor.
    #[prop(optional)]
    editing: Option<Uuid>,
) -> impl IntoView {
    let draft = Draft::of(&initial);
    let sent_flags = RwSignal::new(Vec::<String>::new());
    let local_problem = RwSignal::new(None::<Problem>);
    let problem = Signal::derive(move || {
        local_problem.get().or_else(|| match save.value().get() {
            Some(Err(e)) => Some(e.into_problem()),
            _ => None,
        })
    });
    let pending = save.pending();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match draft.to_input() {
            Ok(input) => {
                local_problem.set(None);
                sent_flags.set(input.role_flags.clone());
                save.dispatch(input);
            }
            Err(errors) => local_problem.set(Some(Problem::invalid_input(errors))),
        }
    };
    // PUT keeps the stored date when none is sent; POST starts the history on the day added.
    let history_hint = if editing.is_some() {
        "Earlier periods are not judged. Left blank, the date already recorded is kept."
    } else {
        "Earlier periods are not judged. Left blank, it is the day the person is added."
    };
    let kinds = vec![("officer", "Officer"), ("civilian", "Civilian")];
    let statuses = vec![
        ("active", "Active"),
        ("inactive", "Inactive"),
        ("separated", "Separated"),
    ];
    view! {
        <form class="person-form" on:submit=on_submit novalidate>
            <ProblemAlert problem shown_fields=FIELDS />
            <fieldset>
                <legend>"Identity"</legend>
                <SelectField name="kind" label="Kind" value=draft.kind options=kinds problem />
                <TextField name="first_name" label="First name" value=draft.first_name problem required=true />
                <TextField name="last_name" label="Last name" value=draft.last_name problem required=true />
                <TextField name="title" label="Title" value=draft.title problem />
                <TextField name="badge" label="Badge" value=draft.badge problem required=true
                    hint="Badge number or employee ID, unique in the agency." />
                <TextField name="email" label="Email" value=draft.email problem input_type="email" />
            </fieldset>
            <fieldset>
                <legend>"Assignment"</legend>
                <TextField name="unit" label="Unit" value=draft.unit problem list="known-units" />
                <UnitSuggestions />
                <PersonSelect name="supervisor_id" label="Supervisor" value=draft.supervisor_id problem
                    exclude=editing />
                <SelectField name="status" label="Status" value=draft.status options=statuses problem />
                <TextField name="hire_date" label="Hire date" value=draft.hire_date problem input_type="date" />
                <TextField name="separated_on" label="Last day with the agency (transfer or separation)" value=draft.separated_on problem input_type="date" />
            </fieldset>
            <RoleFlagsField value=draft.role_flags sent=sent_flags problem />
            <fieldset>
                <legend>"License"</legend>
                <TextField name="license_number" label="License number" value=draft.license_number problem />
                <TextField name="license_cycle_start" label="License cycle start" value=draft.license_cycle_start
                    problem input_type="date" />
                <TextField name="license_cycle_end" label="License cycle end" value=draft.license_cycle_end
                    problem input_type="date" />
                <TextField name="certified_on" label="Basic certification date" value=draft.certified_on
                    problem input_type="date" hint="Some states anchor their cycles on it." />
                <TextField name="history_from" label="Training history complete from" value=draft.history_from
                    problem input_type="date" hint=history_hint />
            </fieldset>
            <TextAreaField name="notes" label="Notes" value=draft.notes problem
                hint="No Social Security numbers or other personal identifiers." />
            <div class="form-actions">
                <button type="submit" class="primary" disabled=move || pending.get()>
                    {move || if pending.get() { "Saving…" } else { submit_label }}
                </button>
            </div>
        </form>
    }
}
