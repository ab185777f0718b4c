//! `/requirements`: the agency's own requirements, in plain English, and the training
//! profiles that assign them, with add, edit and delete for those who manage them.

use confitrek_types::{AgencyRequirementDto, PersonDto, ProfileDto};
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

use crate::agency_rules::profile::assignment_summary;
use crate::api::{self, ApiResult};
use crate::components::confirm::{AskButton, ConfirmPrompt, Confirmation};
use crate::components::person_select::whole_roster;
use crate::components::problem::{ProblemAlert, load_error};
use crate::components::rule::RuleCard;
use crate::routes::{RoleAbilities, Route};
use crate::session::Session;

type Requirements = LocalResource<ApiResult<Vec<AgencyRequirementDto>>>;
type Profiles = LocalResource<ApiResult<Vec<ProfileDto>>>;

#[component]
pub fn RequirementsPage() -> impl IntoView {
    let can_manage = Session::get()
        .role_untracked()
        .is_some_and(RoleAbilities::manages_requirements);
    let requirements: Requirements = LocalResource::new(api::requirements);
    let profiles: Profiles = LocalResource::new(api::profiles);
    let reload = move || {
        requirements.refetch();
        profiles.refetch();
    };
    let add = |route: Route, label: &'static str| {
        can_manage.then(|| view! { <A href=route.path() attr:class="button primary">{label}</A> })
    };
    view! {
        <h1>"Agency requirements"</h1>
        <p class="hint">
            "The agency's own requirements, beside the state's rules, and the training profiles "
            "that assign them: a requirement binds the people of the profiles that include it."
        </p>
        <section class="own-requirements" aria-labelledby="own-requirements-heading">
            <div class="section-head">
                <h2 id="own-requirements-heading">"Requirements"</h2>
                {add(Route::NewRequirement, "Add requirement")}
            </div>
            <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
                <ErrorBoundary fallback=load_error>
                    {move || Suspend::new(async move {
                        requirements.await.map(|list| {
                            view! { <RequirementList list profiles can_manage reload /> }
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
        <section class="profiles" aria-labelledby="profiles-heading">
            <div class="section-head">
                <h2 id="profiles-heading">"Training profiles"</h2>
                {add(Route::NewProfile, "Add profile")}
            </div>
            <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
                <ErrorBoundary fallback=load_error>
                    {move || Suspend::new(async move {
                        profiles.await.map(|list| {
                            view! { <ProfileList list requirements can_manage reload /> }
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn RequirementList(
    list: Vec<AgencyRequirementDto>,
    profiles: Profiles,
    can_manage: bool,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    if list.is_empty() {
        return view! {
            <p class="hint">"No requirements of the agency's own yet: only the state's rules apply."</p>
        }
        .into_any();
    }
    let items = list
        .into_iter()
        .map(|r| {
            let code = r.code.clone();
            let used_by = move || {
                let names: Vec<String> = profiles
                    .get()
                    .and_then(Result::ok)
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|p| p.requirement_codes.contains(&code))
                    .map(|p| p.name)
                    .collect();
                if names.is_empty() {
                    "No training profile yet: it binds nobody.".to_owned()
                } else {
                    format!("In training profiles: {}", names.join(", "))
                }
            };
            let actions = can_manage.then(|| {
                view! {
                    <ItemActions name=r.rule.title.clone() edit=Route::EditRequirement(r.id)
                        target=Deletable::Requirement(r.id) reload />
                }
            });
            view! {
                <li>
                    <RuleCard rule=r.rule level=3>
                        <p class="used-by">{used_by}</p>
                        {actions}
                    </RuleCard>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="rules">{items}</ul> }.into_any()
}

#[component]
fn ProfileList(
    list: Vec<ProfileDto>,
    requirements: Requirements,
    can_manage: bool,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    if list.is_empty() {
        return view! { <p class="hint">"No training profiles yet."</p> }.into_any();
    }
    // Names for profiles assigned to named people; ids until the roster is loaded.
    let roster = LocalResource::new(whole_roster);
    let items = list
        .into_iter()
        .map(|p| {
            let heading_id = format!("profile-{}", p.id);
            let codes = p.requirement_codes.clone();
            let titles = move || {
                let known = requirements.get().and_then(Result::ok).unwrap_or_default();
                if codes.is_empty() {
                    return "None yet".to_owned();
                }
                codes
                    .iter()
                    .map(|c| {
                        known
                            .iter()
                            .find(|r| r.code == *c)
                            .map_or_else(|| c.clone(), |r| r.rule.title.clone())
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let assignment = p.assignment.clone();
            let assigned_to = move || {
                let people: Vec<PersonDto> = roster.get().and_then(Result::ok).unwrap_or_default();
                assignment_summary(&assignment, |id| {
                    people
                        .iter()
                        .find(|x| x.id == id)
                        .map(PersonDto::display_name)
                })
            };
            let actions = can_manage.then(|| {
                view! {
                    <ItemActions name=p.name.clone() edit=Route::EditProfile(p.id)
                        target=Deletable::Profile(p.id) reload />
                }
            });
            view! {
                <li>
                    <article class="profile" aria-labelledby=heading_id.clone()>
                        <h3 id=heading_id.clone()>{p.name.clone()}</h3>
                        <dl class="facts">
                            <dt>"Requirements"</dt><dd>{titles}</dd>
                            <dt>"Assigned to"</dt><dd>{assigned_to}</dd>
                        </dl>
                        {actions}
                    </article>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="profile-list">{items}</ul> }.into_any()
}

#[derive(Debug, Clone, Copy)]
enum Deletable {
    Requirement(Uuid),
    Profile(Uuid),
}

/// Edit and delete for one item; deleting asks once more, in the page rather than a dialog.
#[component]
fn ItemActions(
    name: String,
    edit: Route,
    target: Deletable,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let confirm = Confirmation::new();
    let delete = Action::new_local(move |_: &()| async move {
        match target {
            Deletable::Requirement(id) => api::delete_requirement(id).await?,
            Deletable::Profile(id) => api::delete_profile(id).await?,
        }
        reload();
        ApiResult::Ok(())
    });
    let problem = Signal::derive(move || match delete.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None,
    });
    let question = format!("Delete {name}?");
    // The visible "Edit" and "Delete" are named after the item for screen readers.
    let edit_named = format!(" {name}");
    let delete_named = edit_named.clone();
    view! {
        <div class="item-actions">
            <A href=edit.path() attr:class="button">
                "Edit" <span class="visually-hidden">{edit_named.clone()}</span>
            </A>
            <AskButton confirm>
                "Delete" <span class="visually-hidden">{delete_named}</span>
            </AskButton>
        </div>
        <ConfirmPrompt confirm question yes="Yes, delete" busy=delete.pending()
            on_yes=move || { delete.dispatch(()); } />
        <ProblemAlert problem />
    }
}
