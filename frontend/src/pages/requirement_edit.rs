//! `/requirements/new`, `/requirements/:id/edit`, `/profiles/new`, `/profiles/:id/edit`:
//! the forms, then back to the list of requirements and profiles (replacing the form in
//! the history, as after saving a person).

use confitrek_types::{AgencyRequirementDto, ProfileDto, ProfileInput};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use serde_json::Value;
use uuid::Uuid;

use crate::agency_rules::profile::ProfileFields;
use crate::agency_rules::requirement::RequirementFields;
use crate::api::{self, ApiResult};
use crate::components::problem::load_error;
use crate::components::profile_form::ProfileForm;
use crate::components::requirement_form::RequirementForm;
use crate::pages::person::{id_param, no_such};
use crate::pages::person_edit::replace;
use crate::routes::Route;

/// There is no `GET` of one requirement or profile: the page finds it in the agency's list.
async fn requirement(id: Option<Uuid>) -> ApiResult<AgencyRequirementDto> {
    let Some(id) = id else {
        return no_such("requirement");
    };
    match api::requirements().await?.into_iter().find(|r| r.id == id) {
        Some(found) => Ok(found),
        None => no_such("requirement"),
    }
}

async fn profile(id: Option<Uuid>) -> ApiResult<ProfileDto> {
    let Some(id) = id else {
        return no_such("training profile");
    };
    match api::profiles().await?.into_iter().find(|p| p.id == id) {
        Some(found) => Ok(found),
        None => no_such("training profile"),
    }
}

#[component]
pub fn NewRequirementPage() -> impl IntoView {
    let navigate = use_navigate();
    let save = Action::new_local(move |document: &Value| {
        let document = document.clone();
        let navigate = navigate.clone();
        async move {
            api::create_requirement(&document).await?;
            navigate(&Route::Requirements.path(), replace());
            ApiResult::Ok(())
        }
    });
    view! {
        <h1>"Add requirement"</h1>
        <RequirementForm initial=RequirementFields::blank() save submit_label="Add requirement" />
    }
}

#[component]
pub fn EditRequirementPage() -> impl IntoView {
    let id = id_param();
    let found = LocalResource::new(move || requirement(id.get()));
    let navigate = use_navigate();
    let save = Action::new_local(move |document: &Value| {
        let document = document.clone();
        let navigate = navigate.clone();
        let id = id.get_untracked();
        async move {
            let Some(id) = id else {
                return no_such("requirement");
            };
            api::update_requirement(id, &document).await?;
            navigate(&Route::Requirements.path(), replace());
            ApiResult::Ok(())
        }
    });
    let form = move || {
        Suspend::new(async move {
            found.await.map(|r| {
                view! {
                    <h1>{format!("Edit {}", r.rule.title)}</h1>
                    <RequirementForm initial=RequirementFields::of(&r.document) original=r.document
                        save submit_label="Save changes" />
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

#[component]
pub fn NewProfilePage() -> impl IntoView {
    let navigate = use_navigate();
    let save = Action::new_local(move |input: &ProfileInput| {
        let input = input.clone();
        let navigate = navigate.clone();
        async move {
            api::create_profile(&input).await?;
            navigate(&Route::Requirements.path(), replace());
            ApiResult::Ok(())
        }
    });
    view! {
        <h1>"Add training profile"</h1>
        <ProfileForm initial=ProfileFields::blank() save submit_label="Add profile" />
    }
}

#[component]
pub fn EditProfilePage() -> impl IntoView {
    let id = id_param();
    let found = LocalResource::new(move || profile(id.get()));
    let navigate = use_navigate();
    let save = Action::new_local(move |input: &ProfileInput| {
        let input = input.clone();
        let navigate = navigate.clone();
        let id = id.get_untracked();
        async move {
            let Some(id) = id else {
                return no_such("training profile");
            };
            api::update_profile(id, &input).await?;
            navigate(&Route::Requirements.path(), replace());
            ApiResult::Ok(())
        }
    });
    let form = move || {
        Suspend::new(async move {
            found.await.map(|p| {
                view! {
                    <h1>{format!("Edit {}", p.name)}</h1>
                    <ProfileForm initial=ProfileFields::of(&p) save submit_label="Save changes" />
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
