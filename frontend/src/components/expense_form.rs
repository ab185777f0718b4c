//! Entering an expense line: on a person, a session (shared among its attendees) or one of
//! a person's training records. The training office may enter it approved or paid; a person
//! asks for his or her own, requested.

use confitrek_types::{
    ExpenseCategory, ExpenseInput, ExpensePaidBy, ExpenseStatus, FieldProblem, Problem,
};
use leptos::prelude::*;
use uuid::Uuid;

use super::expenses::parse_dollars;
use super::fields::{SelectField, TextField};
use super::person_select::PersonSelect;
use super::problem::ProblemAlert;
use crate::api::{self, ApiResult, expenses};
use crate::format::{date_input, parse_date_input, today};

/// What a line is on, as the form's choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum On {
    Person,
    Session,
    Record,
}

/// The form's text as the API's request, or the fields that cannot be sent as typed.
#[allow(clippy::too_many_arguments)]
pub fn expense_request(
    on: On,
    person: &str,
    session: &str,
    record: &str,
    category: &str,
    amount: &str,
    incurred_on: &str,
    paid_by: &str,
    description: &str,
    status: Option<&str>,
) -> Result<ExpenseInput, Vec<FieldProblem>> {
    let mut errors = Vec::new();
    let mut problem = |field: &str, message: String| {
        errors.push(FieldProblem {
            field: field.into(),
            message,
        })
    };
    let id = |text: &str| Uuid::parse_str(text.trim()).ok();
    let (person_id, session_id, record_id) = match on {
        On::Person => (id(person), None, None),
        On::Session => (None, id(session), None),
        On::Record => (None, None, id(record)),
    };
    let chosen = match on {
        On::Person => ("person_id", person_id),
        On::Session => ("session_id", session_id),
        On::Record => ("record_id", record_id),
    };
    if chosen.1.is_none() {
        problem(chosen.0, "is required: choose one".into());
    }
    let amount_cents = parse_dollars(amount).unwrap_or_else(|m| {
        problem("amount_cents", m);
        0
    });
    let incurred_on = match parse_date_input(incurred_on) {
        Ok(Some(day)) => Some(day),
        Ok(None) => {
            problem("incurred_on", "is required".into());
            None
        }
        Err(m) => {
            problem("incurred_on", m);
            None
        }
    };
    let category = ExpenseCategory::parse(category);
    let paid_by = ExpensePaidBy::parse(paid_by);
    match (incurred_on, category, paid_by) {
        (Some(incurred_on), Some(category), Some(paid_by)) if errors.is_empty() => {
            Ok(ExpenseInput {
                record_id,
                session_id,
                person_id,
                category,
                amount_cents,
                incurred_on,
                paid_by,
                description: description.trim().to_owned(),
                status: status.and_then(ExpenseStatus::parse),
            })
        }
        _ => Err(errors),
    }
}

fn options<T: Copy>(
    all: &[T],
    wire: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(&'static str, &'static str)> {
    all.iter().map(|v| (wire(*v), label(*v))).collect()
}

#[component]
pub fn ExpenseForm(
    /// The session the line is on (the session page), chosen by the form otherwise.
    #[prop(optional)]
    session: Option<Uuid>,
    /// A person asking for his or her own expense: the person is fixed.
    #[prop(optional)]
    own_person: Option<Uuid>,
    manage: bool,
    saved: Callback<()>,
) -> impl IntoView {
    let on = RwSignal::new(if session.is_some() {
        On::Session
    } else {
        On::Person
    });
    let person = RwSignal::new(own_person.map(|p| p.to_string()).unwrap_or_default());
    let session_id = RwSignal::new(session.map(|s| s.to_string()).unwrap_or_default());
    let record = RwSignal::new(String::new());
    let category = RwSignal::new("registration".to_owned());
    let amount = RwSignal::new(String::new());
    let incurred_on = RwSignal::new(date_input(Some(today())));
    let paid_by = RwSignal::new("agency".to_owned());
    let description = RwSignal::new(String::new());
    let status = RwSignal::new(if manage { "approved" } else { "requested" }.to_owned());
    let local = RwSignal::new(None::<Problem>);
    let save = Action::new_local(move |input: &ExpenseInput| {
        let input = input.clone();
        async move {
            let done = expenses::create_expense(&input).await?;
            amount.set(String::new());
            description.set(String::new());
            saved.run(());
            ApiResult::Ok(done)
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
        let request = expense_request(
            on.get_untracked(),
            &person.get_untracked(),
            &session_id.get_untracked(),
            &record.get_untracked(),
            &category.get_untracked(),
            &amount.get_untracked(),
            &incurred_on.get_untracked(),
            &paid_by.get_untracked(),
            &description.get_untracked(),
            Some(status.get_untracked().as_str()),
        );
        match request {
            Ok(input) => {
                local.set(None);
                save.dispatch(input);
            }
            Err(errors) => local.set(Some(Problem::invalid_input(errors))),
        }
    };
    let sessions = LocalResource::new(|| {
        let from = today().checked_sub(time::Duration::days(365));
        api::sessions(from, None, None)
    });
    let session_options = Signal::derive(move || {
        let mut list = vec![(String::new(), "Choose a session".to_owned())];
        if let Some(Ok(page)) = sessions.get() {
            list.extend(page.items.into_iter().map(|s| {
                (
                    s.id.to_string(),
                    format!(
                        "{} — {} ({} attended)",
                        s.starts_on, s.course_title, s.attended
                    ),
                )
            }));
        }
        list
    });
    let records = LocalResource::new(move || {
        let chosen = Uuid::parse_str(&person.get()).ok();
        async move {
            match chosen {
                Some(p) => api::training_records_of(p).await.map(|page| page.items),
                None => Ok(Vec::new()),
            }
        }
    });
    let record_options = Signal::derive(move || {
        let mut list = vec![(String::new(), "Choose a training record".to_owned())];
        if let Some(Ok(items)) = records.get() {
            list.extend(items.into_iter().map(|r| {
                (
                    r.id.to_string(),
                    format!("{} — {}", r.completed_on, r.title),
                )
            }));
        }
        list
    });
    let on_choice = move |value: On, label: &'static str| {
        view! {
            <label class="choice">
                <input type="radio" name="on" checked=move || on.get() == value
                    on:change=move |_| on.set(value) />
                {label}
            </label>
        }
    };
    let statuses: Vec<(&str, &str)> = vec![
        ("requested", "Requested"),
        ("approved", "Approved (committed)"),
        ("paid", "Paid (spent)"),
    ];
    view! {
        <form class="expense-form" on:submit=on_submit novalidate>
            <h2>{if manage { "Add an expense" } else { "Ask for an expense" }}</h2>
            <ProblemAlert problem shown_fields=&["person_id", "session_id", "record_id", "category", "amount_cents", "incurred_on", "paid_by", "description", "status"] />
            {session.is_none().then(|| view! {
                <fieldset class="field">
                    <legend>"On"</legend>
                    {on_choice(On::Person, "A person")}
                    {manage.then(|| on_choice(On::Session, "A session (shared among its attendees)"))}
                    {on_choice(On::Record, "A training record")}
                </fieldset>
            })}
            {move || (session.is_none() && own_person.is_none() && on.get() != On::Session).then(|| view! {
                <PersonSelect name="person_id" label="Person" value=person problem />
            })}
            {move || (session.is_none() && on.get() == On::Session).then(|| view! {
                <SelectField name="session_id" label="Session" value=session_id options=session_options problem />
            })}
            {move || (on.get() == On::Record).then(|| view! {
                <SelectField name="record_id" label="Training record" value=record options=record_options problem />
            })}
            <SelectField name="category" label="Category" value=category
                options=options(ExpenseCategory::ALL, ExpenseCategory::as_str, ExpenseCategory::label) problem />
            <TextField name="amount_cents" label="Amount ($)" value=amount problem required=true hint="Dollars and cents, e.g. 450.00" />
            <TextField name="incurred_on" label="Incurred on" value=incurred_on problem input_type="date" required=true />
            <SelectField name="paid_by" label="Paid by" value=paid_by
                options=options(ExpensePaidBy::ALL, ExpensePaidBy::as_str, ExpensePaidBy::label) problem />
            <TextField name="description" label="Description" value=description problem required=true
                hint="What was paid for; no personal identifiers" />
            {manage.then(|| view! {
                <SelectField name="status" label="Status" value=status options=statuses problem />
            })}
            <button type="submit" class="primary" disabled=move || save.pending().get()>
                {if manage { "Add expense" } else { "Send request" }}
            </button>
            {move || matches!(save.value().get(), Some(Ok(_))).then(|| view! {
                <p class="notice" role="status">"Expense saved."</p>
            })}
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_names_each_field_it_cannot_send() {
        let errors = expense_request(
            On::Session,
            "",
            "",
            "",
            "travel",
            "12.345",
            "",
            "agency",
            "Bus",
            None,
        )
        .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["session_id", "amount_cents", "incurred_on"]);
    }

    #[test]
    fn a_line_on_a_session_is_sent_with_the_session_only() {
        let session = Uuid::from_u128(5);
        let input = expense_request(
            On::Session,
            "ignored",
            &session.to_string(),
            "",
            "registration",
            "1,200.50",
            "2026-11-02",
            "grant",
            " CIT seats ",
            Some("approved"),
        )
        .unwrap();
        assert_eq!(input.session_id, Some(session));
        assert_eq!((input.person_id, input.record_id), (None, None));
        assert_eq!(input.amount_cents, 120_050);
        assert_eq!(input.description, "CIT seats");
        assert_eq!(input.status, Some(ExpenseStatus::Approved));
        assert_eq!(input.paid_by, ExpensePaidBy::Grant);
    }
}
