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
    // A login that must set up two-step sign-in sees only the page that does it; the
    // menus stay, but their pages come back here.
    let required_first =
        Memo::new(move |_| signed_in.get().and_then(|me| Route::required_first(&me)));
    let navigate = use_navigate();
    Effect::new(move || {
        if let Some(route) = required_first.get()
            && location.pathname.get() != route.path()
        {
            navigate(&route.path(), Default::default());
        }
    });
    move || {
        match signed_in.get() {
        Some(me) => view! {
            <Header me />
            <main id="main" class="page">
                {move || required_first.get().is_some().then(|| view! {
                    <div class="alert" role="alert">
                        <p class="alert-title">"Set up two-step sign-in to continue"</p>
                        <p>"Your role requires two-step sign-in (an authenticator app such as Google Authenticator, Microsoft Authenticator or 1Password)."</p>
                    </div>
                })}
                <Outlet />
            </main>
        }
        .into_any(),
        None => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
    }
    }
}

/// The menus of the main navigation, each a few links; a menu of one link is that link.
/// What a role cannot use is left out.
fn menus(me: &Me) -> Vec<(&'static str, Vec<(Route, &'static str)>)> {
    let in_agency = me.agency.is_some();
    let own = me.person_id;
    let role = me.role;
    let mut compliance = Vec::new();
    if in_agency {
        compliance.push((Route::Dashboard, "Dashboard"));
    }
    if role.sees_roster() {
        compliance.push((Route::People, "People"));
        compliance.push((Route::ComplianceMatrix, "Compliance matrix"));
    }
    if let Some(person_id) = own {
        compliance.push((Route::Person(person_id), "My profile"));
    }
    // Every agency's people may read the rules they are judged by.
    if in_agency {
        compliance.push((Route::Rules, "Rules"));
    }
    if role.manages_requirements() {
        compliance.push((Route::Requirements, "Requirements"));
    }
    if role.manages_credentials_and_policies() {
        compliance.push((Route::CredentialTypes, "Credentials"));
    }
    // Agency reports cover the people one sees: the roster's readers.
    if role.sees_roster() {
        compliance.push((Route::Reports, "Reports"));
        compliance.push((Route::Reimbursement, "Reimbursement"));
    }
    // The agency's money and time: command staff's figures, not a supervisor's.
    if role.manages_training() {
        compliance.push((Route::Roi, "Return on investment"));
    }
    if role.files_state_reports() {
        compliance.push((Route::StateReports, "State reports"));
    }
    let mut training = Vec::new();
    if own.is_some() {
        training.push((Route::MyTraining, "My training"));
    }
    // Officers follow and ask for their own; supervisors read their unit's.
    if own.is_some() && !role.manages_training() {
        let label = if role.sees_roster() {
            "Expenses"
        } else {
            "My expenses"
        };
        training.push((Route::Expenses, label));
    }
    if own.is_some() || role.decides_training_requests() {
        training.push((Route::TrainingRequests, "Training requests"));
    }
    if role.manages_training() {
        training.push((Route::Courses, "Courses"));
        training.push((Route::Sessions, "Sessions"));
        training.push((Route::Verification, "Verify records"));
        training.push((Route::Expenses, "Expenses"));
        training.push((Route::Imports, "Import"));
    }
    let mut policies = Vec::new();
    // Supervisors follow who in their unit has acknowledged a policy.
    if role.sees_roster() {
        policies.push((Route::Policies, "Policies"));
    }
    if own.is_some() {
        policies.push((Route::MyPolicies, "My policies"));
    }
    let mut uof = Vec::new();
    // Anyone in an agency with the module may write up an incident.
    if me.uof_enabled && in_agency {
        uof.push((Route::UofIncidents, "Use of force"));
    }
    let mut admin = Vec::new();
    if role.administers_agency() {
        admin.push((Route::Users, "Users"));
        admin.push((Route::Audit, "Audit log"));
        admin.push((Route::Settings, "Settings"));
        admin.push((Route::NotificationSettings, "Notification settings"));
        admin.push((Route::Integrations, "Integrations"));
    }
    if role == Role::PlatformOperator {
        admin.push((Route::Welcome, "Agencies"));
    }
    [
        ("Compliance", compliance),
        ("Training", training),
        ("Policies", policies),
        ("Use of force", uof),
        ("Admin", admin),
    ]
    .into_iter()
    .filter(|(_, links)| !links.is_empty())
    .collect()
}

/// One menu: on a wide screen a button that opens its links below it; in the phone's
/// folded menu a heading over links always shown.
#[component]
fn NavMenu(
    name: &'static str,
    links: Vec<(Route, &'static str)>,
    open: RwSignal<Option<&'static str>>,
) -> impl IntoView {
    if let [(route, label)] = links.as_slice() {
        let (href, label) = (route.path(), *label);
        return view! { <li><A href=href>{label}</A></li> }.into_any();
    }
    let id = format!("menu-{}", name.to_lowercase().replace(' ', "-"));
    let is_open = move || open.get() == Some(name);
    let items = links
        .into_iter()
        .map(|(route, label)| view! { <li><A href=route.path()>{label}</A></li> })
        .collect_view();
    view! {
        <li class="nav-group" class:open=is_open>
            <span class="nav-group-label" aria-hidden="true">{name}</span>
            <button type="button" class="nav-group-toggle" aria-controls=id.clone()
                aria-expanded=move || is_open().to_string()
                on:click=move |_| open.update(|o| *o = if *o == Some(name) { None } else { Some(name) })>
                {name}<span aria-hidden="true">" ▾"</span>
            </button>
            <ul id=id aria-label=name>{items}</ul>
        </li>
    }
    .into_any()
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
    // The wide screen's open menu; one at a time, closed by leaving the page, Escape, or a
    // click anywhere else.
    let open_menu = RwSignal::new(None::<&'static str>);
    Effect::new(move || {
        location.pathname.with(|_| ());
        open_menu.set(None);
    });
    let outside = window_event_listener(leptos::ev::click, move |ev| {
        let inside = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .and_then(|e| e.closest(".nav-group").ok().flatten())
            .is_some();
        if !inside {
            open_menu.set(None);
        }
    });
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" {
            open_menu.set(None);
        }
    });
    on_cleanup(move || {
        outside.remove();
        escape.remove();
    });
    let links = menus(&me)
        .into_iter()
        .map(|(name, links)| view! { <NavMenu name links open=open_menu /> })
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
                    // On a wide screen, who over one's own pages, in two short lines beside
                    // "Log out", so the menus keep one line.
                    <div class="account-lines">
                        <span class="who">
                            <span class="user-email">{me.email.clone()}</span>
                            <span class="role-label">{me.role.label()}</span>
                        </span>
                        <span class="own-links">
                            {me.agency.is_some().then(|| view! { <crate::pages::notifications::UnreadNotifications /> })}
                            <A href=Route::Security.path()>"Sign-in & security"</A>
                        </span>
                    </div>
                    <button type="button" on:click=move |_| { log_out.dispatch(()); }
                        disabled=move || log_out.pending().get()>
                        "Log out"
                    </button>
                </div>
            </nav>
        </header>
    }
}
