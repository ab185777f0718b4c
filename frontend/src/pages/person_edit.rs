//! `/people/new` and `/people/:id/edit`: the person form, then the person's page.

use confitrek_types::PersonInput;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::api::{self, ApiResult};
use crate::components::person_form::{PersonForm, new_person};
use crate::components::problem::load_error;
use crate::pages::person::{id_param, not_found};
use crate::routes::Route;

/// Navigation that replaces the form in the history.
pub fn replace() -> NavigateOptions {
    NavigateOptions {
        replace: true,
        ..Default::default()
    }
}

#[component]
pub fn NewPersonPage() -> impl IntoView {
    let navigate = use_navigate();
    let save = Action::new_local(move |input: &PersonInput| {
        let input = input.clone();
        let navigate = navigate.clone();
        async move {
            let created = api::create_person(&input).await?;
            // Replace the form in the history: "back" from the new person should not
            // offer to create him or her again.
            navigate(&Route::Person(created.id).path(), replace());
            ApiResult::Ok(())
        }
    });
    view! {
        <h1>"Add person"</h1>
        <PersonForm initial=new_person() save submit_label="Add person" />
    }
}

#[component]
pub fn EditPersonPage() -> impl IntoView {
    let id = id_param();
    let person = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::person(id).await,
                None => not_found(),
            }
        }
    });
    let navigate = use_navigate();
    let save = Action::new_local(move |input: &PersonInput| {
        let input = input.clone();
        let navigate = navigate.clone();
        let id = id.get_untracked();
        async move {
            let Some(id) = id else {
                return not_found().map(drop);
            };
            let saved = api::update_person(id, &input).await?;
            // As after creating: "back" should not return to a form already saved.
            navigate(&Route::Person(saved.id).path(), replace());
            ApiResult::Ok(())
        }
    });
    let form = move || {
        Suspend::new(async move {
            person.await.map(|p| {
                view! {
                    <h1>{format!("Edit {}", p.display_name())}</h1>
                    <PersonForm initial=PersonInput::from(&p) save submit_label="Save changes" editing=p.id />
                }
            })
        })
    };
    view! {
        <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
            <ErrorBoundary fallback=load_error>{form}</ErrorBoundary>
        </Transition>
    }
}
