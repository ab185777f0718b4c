//! The frame around every signed-in page: header, role-based navigation, the page itself.

use confitrek_types::{Me, Role};
use leptos::prelude::*;
use leptos_router::components::{A, Outlet};
use leptos_router::hooks::{use_location, use_navigate};

use crate::api;
use crate::routes::{RoleAbilities, Route};
use crate::session::{Session, SessionState};

/// Shows the page once the session is known; sends anyone not signed in to the login page.
#[component]
pub fn Shell() -> impl IntoView {
    let session = Session::get();
    let location = use_location();
    let navigate = use_navigate();
    Effect::new(move || {
        let target = match session.state() {
            SessionState::SignedOut => {
                Route::login_returning_to(&location.pathname.get_untracked())
            }
            SessionState::LoggedOut => Route::Login.path(),
            SessionState::Checking | SessionState::SignedIn(_) => return,
        };
        navigate(&target, Default::default());
    });
    let signed_in = Memo::new(move |_| session.me());
    move || match signed_in.get() {
        Some(me) => view! {
            <Header me />
            <main id="main" class="page">
                <Outlet />
            </main>
        }
        .into_any(),
        None => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
    }
}

fn nav_links(me: &Me) -> Vec<(Route, &'static str)> {
    let mut links = Vec::new();
    if me.agency.is_some() {
        links.push((Route::Dashboard, "Dashboard"));
    }
    if me.role.sees_roster() {
        links.push((Route::People, "People"));
    }
    if let Some(person_id) = me.person_id {
        links.push((Route::Person(person_id), "My profile"));
        links.push((Route::MyTraining, "My training"));
    }
    // Every agency's people may read the rules they are judged by.
    if me.agency.is_some() {
        links.push((Route::Rules, "Rules"));
    }
    if me.role.manages_training() {
        links.push((Route::Courses, "Courses"));
        links.push((Route::Sessions, "Sessions"));
        links.push((Route::Verification, "Verify records"));
        links.push((Route::Imports, "Import"));
    }
    if me.role.manages_requirements() {
        links.push((Route::Requirements, "Requirements"));
    }
    if me.role.manages_credentials_and_policies() {
        links.push((Route::CredentialTypes, "Credentials"));
    }
    // Supervisors follow who in their unit has acknowledged a policy.
    if me.role.sees_roster() {
        links.push((Route::Policies, "Policies"));
    }
    if me.person_id.is_some() {
        links.push((Route::MyPolicies, "My policies"));
    }
    // Agency reports cover the people one sees: the roster's readers.
    if me.role.sees_roster() {
        links.push((Route::Reports, "Reports"));
    }
    if me.agency.is_some() {
        links.push((Route::Notifications, "Notifications"));
    }
    if me.person_id.is_some() || me.role.decides_training_requests() {
        links.push((Route::TrainingRequests, "Training requests"));
    }
    // Anyone in an agency with the module may write up an incident.
    if me.uof_enabled && me.agency.is_some() {
        links.push((Route::UofIncidents, "Use of force"));
    }
    if me.role.administers_agency() {
        links.push((Route::Users, "Users"));
        links.push((Route::Audit, "Audit log"));
        links.push((Route::Settings, "Settings"));
        links.push((Route::NotificationSettings, "Notification settings"));
    }
    if me.role == Role::PlatformOperator {
        links.push((Route::Welcome, "Agencies"));
    }
    links
}

#[component]
fn Header(me: Me) -> impl IntoView {
    let session = Session::get();
    let menu_open = RwSignal::new(false);
    // A phone user who picks a link expects the menu to get out of the way.
    let location = use_location();
    Effect::new(move || {
        // Read, not just tracked: a memo that is never read does not notice changes.
        location.pathname.with(|_| ());
        menu_open.set(false);
    });
    let log_out = Action::new_local(move |_: &()| async move {
        // Whatever the server says, this browser is done with the session.
        let _ = api::logout().await;
        session.log_out();
    });
    let agency = me
        .agency
        .as_ref()
        .map_or_else(|| "Platform administration".to_owned(), |a| a.name.clone());
    let links = nav_links(&me)
        .into_iter()
        .map(|(route, label)| view! { <li><A href=route.path()>{label}</A></li> })
        .collect_view();

    view! {
        <header class="app-header">
            <a class="skip-link" href="#main">"Skip to content"</a>
            <div class="brand">
                <a href=Route::Home.path() class="logo">"ConfiTrek"</a>
                <span class="agency">{agency}</span>
            </div>
            <button
                type="button"
                class="menu-toggle"
                aria-controls="main-nav"
                aria-expanded=move || menu_open.get().to_string()
                on:click=move |_| menu_open.update(|open| *open = !*open)
            >
                "Menu"
            </button>
            <nav id="main-nav" aria-label="Main" class:open=move || menu_open.get()>
                <ul class="nav-links">{links}</ul>
                <div class="account">
                    {me.agency.is_some().then(|| view! { <crate::pages::notifications::UnreadNotifications /> })}
                    <span class="user-email">{me.email.clone()}</span>
                    <span class="role-label">{me.role.label()}</span>
                    <button type="button" on:click=move |_| { log_out.dispatch(()); }
                        disabled=move || log_out.pending().get()>
                        "Log out"
                    </button>
                </div>
            </nav>
        </header>
    }
}
