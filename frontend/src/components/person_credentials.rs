//! A person's credentials on his or her page: each with its issue and expiry dates and where
//! it stands today, awarded or earned through training; for the training office, the form
//! to award one and a way to take an award back.

use confitrek_types::{
    AwardCredentialInput, CredentialDto, CredentialSource, CredentialTypeDto, Problem,
};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{self, ApiResult};
use crate::components::confirm::{AskButton, ConfirmPrompt, Confirmation};
use crate::components::fields::{SelectField, TextField};
use crate::components::problem::{ProblemAlert, load_error};
use crate::credentials::{AWARD_FIELDS, AwardFields, source_label, standing_class, standing_label};
use crate::format::{date, date_input, today};

type Credentials = LocalResource<ApiResult<Vec<CredentialDto>>>;

/// `on_change` runs after an award or a take-back, which may change the verdict.
#[component]
pub fn PersonCredentials(
    person_id: Uuid,
    can_award: bool,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let credentials: Credentials = LocalResource::new(move || api::credentials(person_id));
    let changed = move || {
        credentials.refetch();
        on_change();
    };
    let list = move || {
        Suspend::new(async move {
            credentials
                .await
                .map(|list| view! { <CredentialList list can_award changed /> })
        })
    };
    view! {
        <section class="credentials" aria-labelledby="credentials-heading">
            <h2 id="credentials-heading">"Credentials"</h2>
            <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
                <ErrorBoundary fallback=load_error>{list}</ErrorBoundary>
            </Transition>
            {can_award.then(|| view! { <AwardForm person_id changed /> })}
        </section>
    }
}

#[component]
fn CredentialList(
    list: Vec<CredentialDto>,
    can_award: bool,
    changed: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    if list.is_empty() {
        return view! { <p class="hint">"No credentials."</p> }.into_any();
    }
    let items = list
        .into_iter()
        .map(|c| {
            let expires = c
                .expires_on
                .map_or_else(|| "Never expires".to_owned(), |d| format!("Expires {}", date(Some(d))));
            let take_back = (can_award && c.source == CredentialSource::Awarded).then(|| {
                view! { <TakeBack id=c.id name=c.credential_type_name.clone() changed /> }
            });
            view! {
                <li class="credential">
                    <p class="credential-title">
                        <strong>{c.credential_type_name.clone()}</strong>
                        " "
                        <span class=standing_class(c.standing)>{standing_label(c.standing)}</span>
                    </p>
                    <p class="hint">
                        {format!("Issued {}. {expires}. {}", date(Some(c.issued_on)), source_label(c.source))}
                        {c.note.clone().map(|n| format!(": {n}"))}
                    </p>
                    {take_back}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="credential-list">{items}</ul> }.into_any()
}

#[component]
fn TakeBack(
    id: Uuid,
    name: String,
    changed: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let confirm = Confirmation::new();
    let remove = Action::new_local(move |_: &()| async move {
        api::delete_credential(id).await?;
        changed();
        ApiResult::Ok(())
    });
    let problem = Signal::derive(move || match remove.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None,
    });
    let question = format!("Take back this {name} award?");
    view! {
        <AskButton confirm>
            "Take back" <span class="visually-hidden">{format!(" {name}")}</span>
        </AskButton>
        <ConfirmPrompt confirm question yes="Yes, take back" busy=remove.pending()
            on_yes=move || { remove.dispatch(()); } />
        <ProblemAlert problem />
    }
}

#[component]
fn AwardForm(person_id: Uuid, changed: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let types = LocalResource::new(api::credential_types);
    let kind = RwSignal::new(String::new());
    let issued_on = RwSignal::new(date_input(Some(today())));
    let expires_on = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let choices = Signal::derive(move || {
        let mut options = vec![(String::new(), "— Choose —".to_owned())];
        options.extend(
            types
                .get()
                .and_then(Result::ok)
                .unwrap_or_default()
                .into_iter()
                .map(|t: CredentialTypeDto| (t.id.to_string(), t.name)),
        );
        options
    });
    let save = Action::new_local(move |input: &AwardCredentialInput| {
        let input = input.clone();
        async move {
            let awarded = api::award_credential(&input).await?;
            expires_on.set(String::new());
            note.set(String::new());
            changed();
            ApiResult::Ok(awarded)
        }
    });
    let local_problem = RwSignal::new(None::<Problem>);
    let problem = Signal::derive(move || {
        local_problem.get().or_else(|| match save.value().get() {
            Some(Err(e)) => Some(e.into_problem()),
            _ => None,
        })
    });
    let saved = move || match save.value().get() {
        Some(Ok(c)) if local_problem.with(Option::is_none) => Some(view! {
            <p class="saved" role="status">
                {format!(
                    "Awarded {}, {}.",
                    c.credential_type_name,
                    c.expires_on.map_or_else(|| "never expires".to_owned(), |d| format!("valid through {}", date(Some(d))))
                )}
            </p>
        }),
        _ => None,
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let fields = AwardFields {
            credential_type_id: kind.get_untracked(),
            issued_on: issued_on.get_untracked(),
            expires_on: expires_on.get_untracked(),
            note: note.get_untracked(),
        };
        match fields.to_input(person_id) {
            Ok(input) => {
                local_problem.set(None);
                save.dispatch(input);
            }
            Err(errors) => local_problem.set(Some(Problem::invalid_input(errors))),
        }
    };
    view! {
        <form class="award-form" on:submit=on_submit novalidate>
            <h3>"Award a credential"</h3>
            <ProblemAlert problem shown_fields=AWARD_FIELDS />
            {saved}
            <SelectField name="credential_type_id" label="Credential" value=kind options=choices problem />
            <TextField name="issued_on" label="Issued on" value=issued_on problem input_type="date" />
            <TextField name="expires_on" label="Expires on" value=expires_on problem input_type="date"
                hint="Leave blank to take it from the credential's validity." />
            <TextField name="note" label="Note" value=note problem hint="e.g. where it was earned." />
            <button type="submit" class="primary" disabled=move || save.pending().get()>
                {move || if save.pending().get() { "Saving…" } else { "Award" }}
            </button>
        </form>
    }
}
