//! `/policies/new`, `/policies/:id/edit`: the policy form, then the policy's page (replacing
//! the form in the history).

use confitrek_types::PolicyInput;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::{self, ApiResult};
use crate::components::policy_form::PolicyForm;
use crate::components::problem::load_error;
use crate::pages::person::{id_param, no_such};
use crate::pages::person_edit::replace;
use crate::policies::PolicyFields;
use crate::routes::Route;

#[component]
pub fn NewPolicyPage() -> impl IntoView {
    let navigate = use_navigate();
    let save = Action::new_local(move |input: &PolicyInput| {
        let input = input.clone();
        let navigate = navigate.clone();
        async move {
            let created = api::create_policy(&input).await?;
            navigate(&Route::Policy(created.id).path(), replace());
            ApiResult::Ok(())
        }
    });
    view! {
        <h1>"Add policy"</h1>
        <p class="hint">"Its text is published as a first version on the policy's page, once saved."</p>
        <PolicyForm initial=PolicyFields::blank() save submit_label="Add policy" back=Route::Policies />
    }
}

#[component]
pub fn EditPolicyPage() -> impl IntoView {
    let id = id_param();
    let found = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::policy(id).await,
                None => no_such("policy"),
            }
        }
    });
    let navigate = use_navigate();
    let save = Action::new_local(move |input: &PolicyInput| {
        let input = input.clone();
        let navigate = navigate.clone();
        let id = id.get_untracked();
        async move {
            let Some(id) = id else {
                return no_such("policy");
            };
            api::update_policy(id, &input).await?;
            navigate(&Route::Policy(id).path(), replace());
            ApiResult::Ok(())
        }
    });
    let form = move || {
        Suspend::new(async move {
            found.await.map(|detail| {
                let back = Route::Policy(detail.policy.id);
                view! {
                    <h1>{format!("Edit {}", detail.policy.title)}</h1>
                    <PolicyForm initial=PolicyFields::of(&detail.policy) save
                        submit_label="Save changes" back />
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
