//! Pages with no data of their own.

use confitrek_types::Role;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::routes::Route;
use crate::session::Session;

/// `/` sends each user to the page of his or her role.
#[component]
pub fn HomePage() -> impl IntoView {
    let session = Session::get();
    let navigate = use_navigate();
    Effect::new(move || {
        if let Some(me) = session.me() {
            let options = NavigateOptions {
                replace: true,
                ..Default::default()
            };
            navigate(&Route::landing(&me).path(), options);
        }
    });
}

/// For users with no roster to work on: the platform operator, or a login not yet linked
/// to a person.
#[component]
pub fn WelcomePage() -> impl IntoView {
    let session = Session::get();
    let body = move || match session.role() {
        Some(Role::PlatformOperator) => view! {
            <p>
                "Agencies, subscriptions and rule sets are managed through the API for now. "
                "Its reference is at " <a href="/api/docs" rel="external">"/api/docs"</a> "."
            </p>
        }
        .into_any(),
        _ => view! {
            <p>
                "Your login is not linked to a person on your agency's roster yet. "
                "Ask your agency admin to link it."
            </p>
        }
        .into_any(),
    };
    view! {
        <h1>"Welcome"</h1>
        {body}
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <main class="page">
            <h1>"Page not found"</h1>
            <p>"There is no page at this address. " <A href=Route::Home.path()>"Go to the start page"</A></p>
        </main>
    }
}
